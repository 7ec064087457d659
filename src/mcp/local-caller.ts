/**
 * The caller of a local MCP connection (stdio, in-process): whoever started the process already holds its
 * configuration and credentials, so it gets every scope.
 */
import { randomUUID } from "node:crypto";
import type { Caller } from "../gateway/context.js";
import type { RequestEnvResolver } from "./request-env.js";

/** The caller of a local MCP connection. */
export const LOCAL_CALLER: Caller = {
  kind: "anonymous",
  name: "local",
  scopes: new Set(["read", "send", "audit"]),
  credentials: null,
};

/** Request environments of a local connection: {@link LOCAL_CALLER}, server-default credentials, fresh ids. */
export function localRequestEnv(caller: Caller = LOCAL_CALLER): RequestEnvResolver {
  return () => ({ caller, requestId: `mcp-${randomUUID()}`, headerCredentials: null });
}
