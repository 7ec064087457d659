/**
 * The whole gateway as one request listener: shared services, GraphQL, MCP over HTTP, health, readiness and
 * metrics. `main.ts` listens to it; tests mount it on port 0.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { GatewayConfig } from "./config.js";
import type { AuditStore } from "./gateway/audit.js";
import { type ConfirmationSettings, createGateway, type Gateway } from "./gateway/gateway.js";
import { createReadinessProbe } from "./gateway/readiness.js";
import { createLeanExecutor } from "./http/json-post.js";
import { DEFAULT_QUERY_LIMITS } from "./http/limits.js";
import { createErrorMasker } from "./http/mask-error.js";
import { useReadScope, useRequestMetrics } from "./http/plugins.js";
import { createRequestListener, type McpHttpHandler } from "./http/server.js";
import { createGraphqlApp, type GraphqlApp, graphqlContext } from "./http/yoga.js";
import { TokenAuthenticator, type TokenRecord } from "./ops/access.js";
import type { Logger, SecretRegistry } from "./ops/logger.js";
import { GatewayMetrics } from "./ops/metrics.js";
import { requestIdFrom } from "./ops/request-id.js";
import { schema } from "./schema/index.js";
import type { SendState } from "./state/shared-state.js";

/** Injected I/O of {@link createApp}. */
export interface AppDeps {
  logger: Logger;
  /** Registry of secret values the logger scrubs; tokens that authenticate are added to it. */
  secrets?: SecretRegistry;
  audit: AuditStore;
  /** Signing key and used-nonce store of confirmation tokens (default: per process, in memory). */
  confirmations?: ConfirmationSettings;
  tokens: TokenRecord[] | null;
  /** State shared by replicas (Redis; its audit and nonces go in `audit` and `confirmations`); default memory. */
  state?: SendState;
  fetch?: typeof fetch;
  now?: () => Date;
  /** Serve plain JSON POSTs through the lean path (default true). */
  leanJsonPost?: boolean;
  /** Builds the MCP-over-HTTP handler (kept out of here so the MCP layer depends on the app, not the reverse). */
  mcp?: (app: Omit<App, "listener">) => McpHttpHandler;
}

/** The assembled gateway. */
export interface App {
  gateway: Gateway;
  graphql: GraphqlApp;
  metrics: GatewayMetrics;
  authenticator: TokenAuthenticator;
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
    now: deps.now,
    state: deps.state,
    observers: {
      onUpstreamCall: (e) => metrics.observeUpstreamCall(e),
      onRetry: (e) => metrics.observeRetry(e),
      onBreakerState: (s) => metrics.setBreakerState(s),
      onSendChunk: (e) => metrics.observeSend(e),
    },
  });
  const authenticator = new TokenAuthenticator(deps.tokens, { secrets: deps.secrets });
  const maskError = createErrorMasker((error) =>
    deps.logger.error({ err: error }, "unexpected GraphQL error"),
  );
  const observe = (e: Parameters<GatewayMetrics["observeRequest"]>[0]) => metrics.observeRequest(e);
  const graphql = createGraphqlApp({
    services: gateway.services,
    graphiql: config.graphiql,
    introspection: config.introspection,
    corsOrigins: config.corsOrigins,
    maxBodyBytes: MAX_BODY_BYTES,
    plugins: [useReadScope(), useRequestMetrics(observe)],
    maskError,
  });
  const lean =
    deps.leanJsonPost === false
      ? undefined
      : createLeanExecutor({
          yoga: graphql,
          schema,
          limits: { ...DEFAULT_QUERY_LIMITS, introspection: config.introspection },
          createContext: (headers, env) => graphqlContext(gateway.services, headers, env),
          maskError,
          observe,
          maxBodyBytes: MAX_BODY_BYTES,
        });
  const partial = { gateway, graphql, metrics, authenticator };
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
