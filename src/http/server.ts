/**
 * The HTTP front: one `node:http` request listener routing `/graphql`, `/mcp`, `/healthz`, `/readyz` and
 * `/metrics`, authenticating gateway tokens, stamping `x-request-id` on every answer, and refusing oversized
 * bodies. Every answer it writes itself is JSON (or Prometheus text) with no stack trace and no secret.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Caller } from "../gateway/context.js";
import { isPlainJsonPost, type LeanExecutor } from "./json-post.js";
import type { GraphqlApp } from "./yoga.js";

/** Handles one MCP-over-HTTP request for an authenticated caller. */
export type McpHttpHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  env: { caller: Caller; requestId: string },
) => Promise<void>;

/** Options of {@link createRequestListener}. */
export interface HttpAppOptions {
  graphql: GraphqlApp;
  mcp?: McpHttpHandler;
  /** Authenticates the `Authorization` header; throws an error with `code: "UNAUTHENTICATED"` when refused. */
  authenticate: (authorization: string | undefined) => Caller;
  /** The request id for this request (from `x-request-id` or new). */
  requestId: (header: string | undefined) => string;
  /** Whether the upstream is usable (breaker closed and reachable). */
  ready: () => Promise<boolean>;
  /** Whether the shared state engine answers; `/readyz` is 503 "state unavailable" while it does not. */
  stateReady?: () => boolean;
  /** Prometheus exposition. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** Serves plain JSON POSTs; without it yoga serves everything. */
  lean?: LeanExecutor;
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number;
  /** Called when a request is refused for its gateway token. */
  onAuthFailure?: (reason: "missing" | "invalid") => void;
  /** Called for failures of the listener itself. */
  onError?: (error: unknown, requestId: string) => void;
  /** Called once per finished request (logs, metrics). */
  onFinish?: (e: {
    method: string;
    path: string;
    status: number;
    durationMs: number;
    requestId: string;
  }) => void;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

function graphqlError(
  message: string,
  code: string,
): { errors: { message: string; extensions: { code: string } }[] } {
  return { errors: [{ message, extensions: { code } }] };
}

/** True for a browser asking for the GraphiQL page (served without a token; its queries still need one). */
function wantsGraphiql(req: IncomingMessage): boolean {
  return req.method === "GET" && (req.headers.accept ?? "").includes("text/html");
}

/**
 * Content types a POST to `/graphql` may carry. Forms, multipart and text/plain are what a browser sends
 * cross-site without a CORS preflight, so accepting them would let any web page send SMS through a gateway
 * running without tokens on the visitor's machine (CSRF).
 */
const GRAPHQL_POST_TYPE = /^application\/(json|graphql|[\w.-]+\+json)\s*(;|$)/i;

/** Media types yoga can answer a GraphQL request with. */
const GRAPHQL_RESULT_TYPES = [
  "application/graphql-response+json",
  "application/json",
  "text/event-stream",
  "multipart/mixed",
];

/**
 * Whether yoga will be able to answer with a type the `Accept` header allows (yoga's own rules: a missing
 * header means any, wildcards match, ranges with a charset other than utf-8 are skipped). Yoga negotiates
 * only after executing, so a mutation with an unacceptable `Accept` would send an SMS and answer 406.
 */
function acceptsGraphqlResult(accept: string | undefined): boolean {
  const ranges = (accept || "*/*").replace(/\s/g, "").toLowerCase().split(",");
  return ranges.some((range) => {
    const [type = "", ...params] = range.split(";");
    const charset = params.find((p) => p.includes("charset="));
    if (charset !== undefined && charset !== "charset=utf-8") return false;
    const [pre, suf] = type.split("/");
    return GRAPHQL_RESULT_TYPES.some((candidate) => {
      const [cPre, cSuf] = candidate.split("/");
      return (pre === "*" || pre === cPre) && (suf === "*" || suf === cSuf);
    });
  });
}

/** {@link acceptsGraphqlResult} remembered for the few distinct `Accept` headers clients send. */
const acceptVerdicts = new Map<string, boolean>();

function acceptable(accept: string | undefined): boolean {
  const key = accept ?? "";
  let verdict = acceptVerdicts.get(key);
  if (verdict === undefined) {
    verdict = acceptsGraphqlResult(accept);
    if (acceptVerdicts.size >= 256) acceptVerdicts.clear();
    acceptVerdicts.set(key, verdict);
  }
  return verdict;
}

const NO_SCOPES: Caller = {
  kind: "anonymous",
  name: "unauthenticated",
  scopes: new Set(),
  credentials: null,
};

/** Builds the request listener of the gateway's HTTP server. */
export function createRequestListener(options: HttpAppOptions) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const header = req.headers["x-request-id"];
    const requestId = options.requestId(Array.isArray(header) ? header[0] : header);
    res.setHeader("x-request-id", requestId);
    const path = (req.url ?? "/").split("?")[0] ?? "/";
    res.on("finish", () =>
      options.onFinish?.({
        method: req.method ?? "GET",
        path,
        status: res.statusCode,
        durationMs: performance.now() - started,
        requestId,
      }),
    );
    try {
      await route(req, res, path, requestId);
    } catch (error) {
      options.onError?.(error, requestId);
      sendJson(res, 500, graphqlError("Unexpected error.", "INTERNAL_SERVER_ERROR"));
    }
  };

  async function route(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    requestId: string,
  ): Promise<void> {
    const graphql = async (caller: Caller) => {
      await options.graphql(req, res, { caller, requestId });
    };
    if (path === "/healthz") return sendJson(res, 200, { status: "ok" });
    if (path === "/readyz") {
      if (options.stateReady && !options.stateReady())
        return sendJson(res, 503, { status: "state unavailable" });
      const ready = await options.ready().catch(() => false);
      return sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : "upstream unavailable" });
    }
    if (path === "/metrics" && options.metrics) {
      const { contentType, body } = await options.metrics();
      res.writeHead(200, { "content-type": contentType });
      res.end(body);
      return;
    }
    if (path !== "/graphql" && path !== "/mcp") {
      return sendJson(
        res,
        404,
        graphqlError(`No route ${path}. Try /graphql, /mcp or /healthz.`, "NOT_FOUND"),
      );
    }
    const length = Number(req.headers["content-length"] ?? 0);
    if (length > options.maxBodyBytes) {
      return sendJson(
        res,
        413,
        graphqlError(`Request body over ${options.maxBodyBytes} bytes.`, "PAYLOAD_TOO_LARGE"),
      );
    }
    if (path === "/graphql" && req.method === "OPTIONS") {
      return graphql(NO_SCOPES);
    }
    if (
      path === "/graphql" &&
      req.method === "POST" &&
      !GRAPHQL_POST_TYPE.test(req.headers["content-type"] ?? "")
    ) {
      return sendJson(
        res,
        415,
        graphqlError("POST /graphql needs Content-Type: application/json.", "UNSUPPORTED_MEDIA_TYPE"),
      );
    }
    if (path === "/graphql" && req.method === "POST" && !acceptable(req.headers.accept)) {
      return sendJson(
        res,
        406,
        graphqlError(
          "Accept must allow application/json or application/graphql-response+json.",
          "NOT_ACCEPTABLE",
        ),
      );
    }
    let caller: Caller;
    try {
      caller = options.authenticate(req.headers.authorization);
    } catch (error) {
      if (path === "/graphql" && wantsGraphiql(req)) {
        return graphql(NO_SCOPES);
      }
      const reason = (error as { reason?: unknown }).reason === "missing" ? "missing" : "invalid";
      options.onAuthFailure?.(reason);
      const message = error instanceof Error ? error.message : "Authentication required.";
      return sendJson(res, 401, graphqlError(message, "UNAUTHENTICATED"), { "www-authenticate": "Bearer" });
    }
    if (path === "/mcp") {
      if (!options.mcp) return sendJson(res, 404, graphqlError("MCP is not enabled.", "NOT_FOUND"));
      return options.mcp(req, res, { caller, requestId });
    }
    if (options.lean && isPlainJsonPost(req)) return options.lean.serve(req, res, { caller, requestId });
    return graphql(caller);
  }
}
