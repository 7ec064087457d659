/**
 * The GraphQL front door: a graphql-yoga instance over the shared schema, with GraphiQL bundled for offline
 * use, per-request context (caller, credentials, loaders) and CORS; documents, limits, execution and error
 * masking are the execution core's. Built here, listened to elsewhere; tests call `yoga.fetch` with no port.
 */
import { createYoga, type YogaServerInstance } from "graphql-yoga";
import type { ExecutionCore } from "../execution/core.js";
import {
  type Caller,
  type ContextServices,
  createGatewayContext,
  credentialsFromHeaders,
  type GatewayContext,
} from "../gateway/context.js";
import { traceHeadersFrom } from "../ops/trace-headers.js";
import { schema } from "../schema/index.js";
import { useAnswerCompression } from "./content-encoding.js";
import { useExecutionCore } from "./execution-plugin.js";
import { useGraphiqlPage } from "./graphiql-page.js";
import { useRefuseEmptyBatch, useSubscriptionsOverSse } from "./plugins.js";

/** What the HTTP layer hands to each request (yoga's server context). */
export interface RequestEnv {
  /** The authenticated caller. */
  caller: Caller;
  /** The request id echoed in `x-request-id`. */
  requestId: string;
}

/** Options of {@link createGraphqlApp}. */
export interface GraphqlAppOptions {
  /** The gateway's shared services, for each request's context. */
  services: ContextServices;
  /** Serve GraphiQL on GET /graphql from a browser. */
  graphiql: boolean;
  /** Origins allowed to call from a browser; empty = CORS off. */
  corsOrigins: string[];
  /** Largest request body read, also when no content-length announces it (chunked); default 4 MiB. */
  maxBodyBytes?: number;
  /** Runs every operation and masks every error, as for the lean path and MCP. */
  execution: ExecutionCore;
}

/** The context of one `/graphql` request; yoga and the lean path both build it here. */
export function graphqlContext(
  services: ContextServices,
  headers: Pick<Headers, "get">,
  env: RequestEnv,
): GatewayContext {
  return createGatewayContext(services, {
    caller: env.caller,
    requestId: env.requestId,
    transport: "graphql",
    headerCredentials: credentialsFromHeaders(headers),
    trace: traceHeadersFrom(headers),
  });
}

const DEFAULT_QUERY = `# Welcome to quickcom-gateway. Try:
{
  account {
    name
    active
    balance { transactional promotional }
  }
  templates(first: 5) {
    totalCount
    edges { node { dltTemplateId name variableCount body } }
  }
  campaigns(first: 5) {
    totalCount
    edges { cursor node { campaignId name stage delivered failed } }
    pageInfo { hasNextPage endCursor }
  }
}
`;

const GRAPHQL_ENDPOINT = "/graphql";

/** The yoga instance type of this gateway. */
export type GraphqlApp = YogaServerInstance<RequestEnv, GatewayContext>;

/** Builds the `/graphql` application. */
export function createGraphqlApp(options: GraphqlAppOptions): GraphqlApp {
  return createYoga<RequestEnv, GatewayContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    graphiql: false,
    logging: false,
    maskedErrors: { maskError: options.execution.mask },
    parserAndValidationCache: false,
    // Decided per request: given a list, yoga's CORS answers a foreign origin with the first listed origin
    // (one entry) or with `null` (several), and `Access-Control-Allow-Origin: null` with credentials lets any
    // sandboxed iframe in. An origin that is not listed gets no CORS headers at all.
    cors:
      options.corsOrigins.length > 0
        ? (request) => {
            const origin = request.headers.get("origin");
            return origin !== null && options.corsOrigins.includes(origin)
              ? {
                  origin,
                  credentials: true,
                  methods: ["GET", "POST", "OPTIONS"],
                  allowedHeaders: ["content-type", "authorization", "x-request-id"],
                  maxAge: 600,
                }
              : false;
          }
        : false,
    context: ({ request, caller, requestId }) =>
      graphqlContext(options.services, request.headers, { caller, requestId }),
    batching: { limit: 5 },
    maxRequestBodySize: options.maxBodyBytes ?? 4 * 1024 * 1024,
    plugins: [
      ...(options.graphiql
        ? [
            useGraphiqlPage({
              endpoint: GRAPHQL_ENDPOINT,
              render: async () => {
                const { renderGraphiQL } = await import("@graphql-yoga/render-graphiql");
                return renderGraphiQL({ title: "quickcom-gateway", defaultQuery: DEFAULT_QUERY });
              },
            }),
          ]
        : []),
      useRefuseEmptyBatch(),
      useSubscriptionsOverSse(),
      // Parse, validate, execute and (with graphql-js: graphql-jit loses literal arguments) subscribe.
      useExecutionCore(options.execution),
      useAnswerCompression(),
    ],
  });
}
