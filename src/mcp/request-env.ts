/**
 * What the MCP layer needs to know about one request to build its gateway context.
 */
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { ServerNotification, ServerRequest } from "@modelcontextprotocol/sdk/types.js";
import type { Caller } from "../gateway/context.js";
import type { TraceHeaders } from "../ops/trace-headers.js";
import type { Credentials } from "../quickcom/types.js";

/** The SDK's per-request handler context. */
export type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Who is calling and with which QuickCom credentials, for one MCP request. */
export interface McpRequestEnv {
  /** The gateway caller (token scopes, token-bound credentials). */
  caller: Caller;
  /** Correlation id for logs and the audit trail; unique per tool call. */
  requestId: string;
  /** Credentials from `x-quickcom-app-key` / `x-quickcom-app-secret`, when the transport has headers. */
  headerCredentials: Credentials | "partial" | null;
  /** The caller's W3C trace context from the request's headers, when it sent one. */
  trace?: TraceHeaders;
}

/**
 * Resolves the environment of one request. `extra` is absent for completions, which the SDK runs without it;
 * the resolver then answers for the latest request of the session.
 */
export type RequestEnvResolver = (extra: RequestExtra | undefined) => McpRequestEnv;
