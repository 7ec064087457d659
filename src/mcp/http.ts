/**
 * MCP over Streamable HTTP at `/mcp`: stateful sessions (one MCP server per session, so elicitation and
 * progress can reach the client mid-call), bound to the gateway caller that opened them, with DNS-rebinding
 * protection (Host and Origin validation) and per-request QuickCom credentials from the
 * `x-quickcom-app-key` / `x-quickcom-app-secret` headers. Gateway-token authentication happened before.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuthInfo } from "@modelcontextprotocol/sdk/server/auth/types.js";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import type { IsomorphicHeaders } from "@modelcontextprotocol/sdk/types.js";
import type { ExecutionCore } from "../execution/core.js";
import { type Caller, credentialsFromHeaders } from "../gateway/context.js";
import type { Gateway } from "../gateway/gateway.js";
import type { GatewayMetrics } from "../ops/metrics.js";
import { traceHeadersFrom } from "../ops/trace-headers.js";
import { allowedHostHeaders, allowedOriginHeaders } from "./dns-rebinding.js";
import type { McpRequestEnv, RequestExtra } from "./request-env.js";
import { createMcpServer } from "./server.js";

/** The logging calls the handler makes (pino's shape). */
export interface McpHttpLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

/** Options of {@link createMcpHttpHandler}. */
export interface McpHttpOptions {
  logger: McpHttpLogger;
  /** Names the server is reached under (the bind HOST); a loopback bind also accepts its loopback aliases. */
  allowedHosts: readonly string[];
  /** Browser origins accepted besides the allowed hosts' own (default none). */
  allowedOrigins?: readonly string[];
  /** Most open sessions; opening one more closes the least recently used (default 1000). */
  maxSessions?: number;
  /** A session unused for this long is closed when the next one opens (default 30 minutes). */
  sessionIdleMs?: number;
  /** Largest JSON-RPC body in bytes (default 4 MiB). */
  maxBodyBytes?: number;
  /** Clock in milliseconds. */
  now?: () => number;
}

/**
 * The `/mcp` handler (what `src/http/server.ts` routes an authenticated caller's request to) plus session
 * housekeeping.
 */
export interface McpHttpEndpoint {
  (req: IncomingMessage, res: ServerResponse, env: { caller: Caller; requestId: string }): Promise<void>;
  /** Open sessions. */
  sessionCount(): number;
  /** Closes every session (shutdown). */
  close(): Promise<void>;
}

interface Session {
  id: string;
  server: McpServer;
  transport: StreamableHTTPServerTransport;
  /** Who opened it; only the same caller may use it. */
  owner: string;
  lastSeen: number;
  /** The latest request, for SDK callbacks that get no request context (completions). */
  latest: McpRequestEnv;
}

/** What the HTTP layer attaches to each request for the MCP handlers. */
interface RequestAuthExtra {
  caller: Caller;
  requestId: string;
}

function ownerOf(caller: Caller): string {
  return `${caller.kind}:${caller.name}`;
}

function toHeaders(raw: IsomorphicHeaders | IncomingMessage["headers"]): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(raw)) {
    if (typeof value === "string") headers.set(name, value);
    else if (Array.isArray(value) && value[0] !== undefined) headers.set(name, value[0]);
  }
  return headers;
}

function sendJsonRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  res.writeHead(status, { "content-type": "application/json" });
  res.end(JSON.stringify({ jsonrpc: "2.0", error: { code, message }, id: null }));
}

/** The parts of the app the `/mcp` handler uses. */
export interface McpHttpParts {
  /** The gateway's shared services. */
  gateway: Gateway;
  /** Where tool calls are counted. */
  metrics?: GatewayMetrics;
  /** Runs the tools' operations (the app's, shared with `/graphql`). */
  execution: ExecutionCore;
}

/** Builds the `/mcp` handler over the gateway's shared services. */
export function createMcpHttpHandler(parts: McpHttpParts, options: McpHttpOptions): McpHttpEndpoint {
  const sessions = new Map<string, Session>();
  const now = options.now ?? Date.now;
  const maxSessions = options.maxSessions ?? 1000;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const { logger } = options;

  const closeSession = async (session: Session, reason: string) => {
    if (!sessions.delete(session.id)) return;
    logger.info({ mcpSession: session.id, reason }, "MCP session closed");
    await session.transport.close().catch(() => {});
    await session.server.close().catch(() => {});
  };

  const makeRoom = async () => {
    const cutoff = now() - idleMs;
    for (const session of [...sessions.values()]) {
      if (session.lastSeen < cutoff) await closeSession(session, "idle");
    }
    while (sessions.size >= maxSessions) {
      const oldest = [...sessions.values()].reduce((a, b) => (a.lastSeen <= b.lastSeen ? a : b));
      await closeSession(oldest, "too many sessions");
    }
  };

  const openSession = async (req: IncomingMessage, env: McpRequestEnv): Promise<Session> => {
    const hosts = allowedHostHeaders(options.allowedHosts, req.socket.localPort);
    const holder: { session?: Session } = {};
    const requestEnv = (extra: RequestExtra | undefined): McpRequestEnv => {
      const session = holder.session as Session;
      const auth = extra?.authInfo?.extra as RequestAuthExtra | undefined;
      if (!extra || !auth) return session.latest;
      const headers = extra.requestInfo?.headers;
      return {
        caller: auth.caller,
        requestId: `${auth.requestId}/${String(extra.requestId)}`,
        headerCredentials: headers ? credentialsFromHeaders(toHeaders(headers)) : null,
        trace: headers ? traceHeadersFrom(toHeaders(headers)) : undefined,
      };
    };
    const server = createMcpServer({
      services: parts.gateway.services,
      execution: parts.execution,
      requestEnv,
      sessionId: "http",
      onUnexpectedError: (error) => logger.error({ err: error }, "unexpected MCP error"),
      onToolCall: (e) =>
        parts.metrics?.observeRequest({
          transport: "mcp",
          operation: e.tool,
          outcome: e.outcome,
          durationMs: e.durationMs,
        }),
    });
    const session: Session = {
      id: "",
      server,
      owner: ownerOf(env.caller),
      lastSeen: now(),
      latest: env,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          session.id = id;
          sessions.set(id, session);
          logger.info(
            { mcpSession: id, caller: env.caller.name, requestId: env.requestId },
            "MCP session opened",
          );
        },
        onsessionclosed: (id) => {
          const closing = sessions.get(id);
          if (closing) void closeSession(closing, "closed by client");
        },
        enableDnsRebindingProtection: hosts !== null,
        allowedHosts: hosts ?? undefined,
        allowedOrigins: hosts ? allowedOriginHeaders(hosts, options.allowedOrigins) : undefined,
        maxRequestBodySize: options.maxBodyBytes ?? 4 * 1024 * 1024,
      }),
    };
    holder.session = session;
    session.transport.onclose = () => {
      if (session.id) void closeSession(session, "transport closed");
    };
    await server.connect(session.transport);
    return session;
  };

  const handler = async (
    req: IncomingMessage,
    res: ServerResponse,
    { caller, requestId }: { caller: Caller; requestId: string },
  ): Promise<void> => {
    const header = req.headers["mcp-session-id"];
    const sessionId = Array.isArray(header) ? header[0] : header;
    const env: McpRequestEnv = {
      caller,
      requestId,
      headerCredentials: credentialsFromHeaders(toHeaders(req.headers)),
      trace: traceHeadersFrom(toHeaders(req.headers)),
    };
    let session: Session;
    let fresh = false;
    if (sessionId) {
      const found = sessions.get(sessionId);
      if (!found || found.owner !== ownerOf(caller)) {
        return sendJsonRpcError(res, 404, -32001, "Session not found; initialize a new one.");
      }
      session = found;
    } else if (req.method === "POST") {
      await makeRoom();
      session = await openSession(req, env);
      fresh = true;
    } else {
      return sendJsonRpcError(res, 400, -32000, "Bad Request: the Mcp-Session-Id header is required.");
    }
    session.lastSeen = now();
    session.latest = env;
    const auth: AuthInfo = {
      token: "",
      clientId: caller.name,
      scopes: [...caller.scopes],
      extra: { caller, requestId } satisfies RequestAuthExtra as unknown as Record<string, unknown>,
    };
    await session.transport.handleRequest(Object.assign(req, { auth }), res);
    if (fresh && !session.id) {
      await session.transport.close().catch(() => {});
      await session.server.close().catch(() => {});
    }
  };

  return Object.assign(handler, {
    sessionCount: () => sessions.size,
    close: async () => {
      await Promise.all([...sessions.values()].map((s) => closeSession(s, "shutdown")));
    },
  });
}
