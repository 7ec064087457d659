/**
 * The whole gateway as one request listener: shared services, GraphQL, MCP over HTTP, health, readiness and
 * metrics. `main.ts` listens to it; tests mount it on port 0.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayConfig } from "./config.js";
import { createExecutionCore, type ExecutionCore } from "./execution/core.js";
import { type Instrumentation, mergeInstrumentation } from "./execution/instrumentation.js";
import { DEFAULT_QUERY_LIMITS } from "./execution/limits.js";
import type { AuditStore } from "./gateway/audit.js";
import { type ConfirmationSettings, createGateway, type Gateway } from "./gateway/gateway.js";
import { createReadinessProbe } from "./gateway/readiness.js";
import { createLeanExecutor } from "./http/json-post.js";
import { createRequestListener, type McpHttpHandler } from "./http/server.js";
import { createGraphqlApp, type GraphqlApp, graphqlContext } from "./http/yoga.js";
import { TokenAuthenticator, type TokenRecord } from "./ops/access.js";
import type { Logger, SecretRegistry } from "./ops/logger.js";
import { GatewayMetrics } from "./ops/metrics.js";
import { requestIdFrom } from "./ops/request-id.js";
import type { GatewayTracing } from "./ops/tracing.js";
import type { SendState } from "./state/shared-state.js";

/** Injected I/O of {@link createApp}. */
export interface AppDeps {
  /** Where the gateway logs (pino). */
  logger: Logger;
  /** Registry of secret values the logger scrubs; tokens that authenticate are added to it. */
  secrets?: SecretRegistry;
  /** The send audit trail. */
  audit: AuditStore;
  /** Signing key and used-nonce store of confirmation tokens (default: per process, in memory). */
  confirmations?: ConfirmationSettings;
  /** Gateway tokens; null when there is no tokens file (every request is anonymous, with every scope). */
  tokens: TokenRecord[] | null;
  /** State shared by replicas (Redis; its audit and nonces go in `audit` and `confirmations`); default memory. */
  state?: SendState;
  /** Upstream calls go through this instead of the keep-alive undici transport (tests). */
  fetch?: typeof fetch;
  /** The clock (confirmation tokens, caps, schedules). */
  now?: () => Date;
  /** Serve plain JSON POSTs through the lean path (default true). */
  leanJsonPost?: boolean;
  /** Hooks called for every operation, from `/graphql` (both paths) and from MCP tools alike (tracing). */
  instrumentation?: Instrumentation;
  /** OpenTelemetry tracing (operation and upstream spans); default none, and then nothing of it is loaded. */
  tracing?: GatewayTracing;
  /** Builds the MCP-over-HTTP handler (kept out of here so the MCP layer depends on the app, not the reverse). */
  mcp?: (app: Omit<App, "listener">) => McpHttpHandler;
}

/** The assembled gateway. */
export interface App {
  /** The shared services and the upstream breaker. */
  gateway: Gateway;
  /** The yoga instance serving `/graphql` (what the lean path does not). */
  graphql: GraphqlApp;
  /** Runs every operation of `/graphql` and `/mcp`. */
  execution: ExecutionCore;
  /** This gateway's Prometheus metrics. */
  metrics: GatewayMetrics;
  /** Checks gateway tokens. */
  authenticator: TokenAuthenticator;
  /** The `node:http` request listener of the whole gateway. */
  listener: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/** Largest request body `/graphql` and `/mcp` accept (bulk sends of 100,000 numbers fit). */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** Builds the gateway from a validated configuration whose upstream URL is known. */
export function createApp(config: GatewayConfig & { quickcomBaseUrl: string }, deps: AppDeps): App {
  const metrics = new GatewayMetrics();
  const gateway = createGateway(config, {
    audit: deps.audit,
    confirmations: deps.confirmations,
    logger: deps.logger,
    fetch: deps.fetch,
    tracer: deps.tracing?.upstream,
    now: deps.now,
    state: deps.state,
    secrets: deps.secrets,
    observers: {
      onUpstreamCall: (e) => metrics.observeUpstreamCall(e),
      onRetry: (e) => metrics.observeRetry(e),
      onBreakerState: (s) => metrics.setBreakerState(s),
      onSendChunk: (e) => metrics.observeSend(e),
    },
  });
  const authenticator = new TokenAuthenticator(deps.tokens, { secrets: deps.secrets });
  const execution = createExecutionCore({
    limits: { ...DEFAULT_QUERY_LIMITS, introspection: config.introspection },
    observe: (e) => metrics.observeRequest(e),
    onUnexpectedError: (error, transport) =>
      deps.logger.error({ err: error }, `unexpected ${transport === "mcp" ? "MCP" : "GraphQL"} error`),
    instrumentation: mergeInstrumentation(deps.tracing?.instrumentation, deps.instrumentation),
  });
  const graphql = createGraphqlApp({
    services: gateway.services,
    graphiql: config.graphiql,
    corsOrigins: config.corsOrigins,
    maxBodyBytes: MAX_BODY_BYTES,
    execution,
  });
  const lean =
    deps.leanJsonPost === false
      ? undefined
      : createLeanExecutor({
          yoga: graphql,
          execution,
          createContext: (headers, env) => graphqlContext(gateway.services, headers, env),
          maxBodyBytes: MAX_BODY_BYTES,
        });
  const partial = { gateway, graphql, execution, metrics, authenticator };
  const listener = createRequestListener({
    graphql,
    mcp: deps.mcp?.(partial),
    authenticate: (authorization) => authenticator.authenticate(authorization),
    requestId: requestIdFrom,
    ready: createReadinessProbe({
      baseUrl: config.quickcomBaseUrl,
      breaker: gateway.breaker,
      fetch: deps.fetch,
    }),
    stateReady: gateway.stateAvailable,
    onAuthFailure: (reason) => metrics.observeAuthFailure(reason),
    metrics: () => metrics.render(),
    maxBodyBytes: MAX_BODY_BYTES,
    lean,
    onError: (error, requestId) => deps.logger.error({ err: error, requestId }, "request failed"),
    onFinish: (e) => deps.logger.info(e, "request"),
  });
  return { ...partial, listener };
}
