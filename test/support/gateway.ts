/**
 * A whole gateway for tests: the sandbox upstream on a random port, the app on another, both over real HTTP.
 */
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { type App, createApp } from "../../src/app.js";
import { type GatewayConfig, loadConfig } from "../../src/config.js";
import type { Instrumentation } from "../../src/execution/instrumentation.js";
import { type AuditStore, MemoryAuditStore } from "../../src/gateway/audit.js";
import { MemoryNonceStore } from "../../src/gateway/nonce-store.js";
import { createMcpHttpHandler, type McpHttpEndpoint } from "../../src/mcp/http.js";
import type { TokenRecord } from "../../src/ops/access.js";
import { createLogger, SecretRegistry } from "../../src/ops/logger.js";
import type { GatewayTracing } from "../../src/ops/tracing.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/server.js";
import { createRedisState } from "../../src/state/redis-state.js";
import type { SharedState } from "../../src/state/shared-state.js";
import { startTestRedis, type TestRedis } from "./redis.js";

/** A running test gateway. */
export interface TestGateway {
  sandbox: Sandbox;
  app: App;
  audit: AuditStore;
  url: string;
  /** Every log line written, for leak checks. */
  logs: string[];
  /** The `/mcp` endpoint, when started with `mcp: true`. */
  mcp: McpHttpEndpoint | null;
  /**
   * Connects an MCP SDK client over Streamable HTTP to `/mcp` (needs `mcp: true`), sending `headers` with
   * every request. `fetch` observes every exchange (status codes, bodies) when given.
   */
  connectMcp(headers?: Record<string, string>, fetch?: typeof globalThis.fetch): Promise<Client>;
  /** POSTs a GraphQL operation and returns the parsed body and the response. */
  gql<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<{
    status: number;
    body: { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
    headers: Headers;
  }>;
  close(): Promise<void>;
}

/** Options of {@link startTestGateway}. */
export interface TestGatewayOptions {
  env?: Record<string, string>;
  config?: Partial<GatewayConfig>;
  tokens?: TokenRecord[] | null;
  sandbox?: SandboxOptions;
  now?: () => Date;
  /** Serve plain JSON POSTs through the lean path (default true). */
  leanJsonPost?: boolean;
  /** Hooks the execution core calls for every operation. */
  instrumentation?: Instrumentation;
  /** OpenTelemetry tracing (e.g. over a provider exporting to an InMemorySpanExporter). */
  tracing?: GatewayTracing;
  /** Use these as the server's default QuickCom credentials (default: the demo account). */
  defaultCredentials?: { appKey: string; appSecret: string } | null;
  /** Mount MCP over HTTP at `/mcp` as `npm start` does (default false). */
  mcp?: boolean;
  /** Point the gateway at this upstream instead of the sandbox (e.g. a closed port); the sandbox still runs. */
  upstreamUrl?: string;
  /** The audit store to use (default a fresh MemoryAuditStore), e.g. a slow one standing in for a database. */
  audit?: AuditStore;
  /** Shared state (a replica on Redis): its audit trail and nonces replace `audit` and the in-memory nonces. */
  state?: SharedState;
  /** Signing key of confirmation tokens (replicas must share one; default random per gateway). */
  confirmationSecret?: Buffer;
}

/**
 * With `TEST_STATE_ENGINE=redis`, a gateway started without its own state or audit store gets a Redis state
 * under a key prefix of its own, on one redis-server per test worker: the GraphQL and MCP suites then run against
 * the Redis engine (`TEST_STATE_ENGINE=redis npx vitest run test/graphql`).
 */
let workerRedis: Promise<TestRedis> | null = null;

async function defaultState(options: TestGatewayOptions): Promise<SharedState | undefined> {
  if (process.env.TEST_STATE_ENGINE !== "redis" || options.state || options.audit) return undefined;
  workerRedis ??= startTestRedis().then((redis) => {
    process.once("exit", () => void redis.close());
    return redis;
  });
  const redis = await workerRedis;
  return createRedisState(await redis.client(), { keyPrefix: `qcg-${randomBytes(6).toString("hex")}:` });
}

/** Starts the sandbox and the gateway. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const state = await defaultState(options);
  if (state) options = { ...options, state };
  const sandbox = await startSandbox(options.sandbox);
  const logs: string[] = [];
  const secrets = new SecretRegistry();
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const logger = createLogger({ level: "info", destination: sink, secrets });
  const defaultCredentials =
    options.defaultCredentials === undefined ? DEMO_ACCOUNT : options.defaultCredentials;
  if (defaultCredentials) secrets.register(defaultCredentials.appSecret);
  const audit = options.state?.audit ?? options.audit ?? new MemoryAuditStore();
  const confirmations =
    options.confirmationSecret || options.state
      ? {
          secret: options.confirmationSecret ?? randomBytes(32),
          nonces: options.state?.nonces ?? new MemoryNonceStore(),
        }
      : undefined;
  const config = {
    ...loadConfig({ READ_CACHE_TTL_MS: "0", ...options.env }),
    ...options.config,
    quickcomBaseUrl: options.upstreamUrl ?? sandbox.url,
    defaultCredentials: defaultCredentials
      ? { appKey: defaultCredentials.appKey, appSecret: defaultCredentials.appSecret }
      : null,
  };
  let mcp: McpHttpEndpoint | null = null;
  const app = createApp(config, {
    logger,
    secrets,
    audit,
    confirmations,
    state: options.state,
    tokens: options.tokens ?? null,
    now: options.now,
    leanJsonPost: options.leanJsonPost,
    instrumentation: options.instrumentation,
    tracing: options.tracing,
    mcp: options.mcp
      ? (parts) => {
          mcp = createMcpHttpHandler(parts, { logger, allowedHosts: ["127.0.0.1"] });
          return mcp;
        }
      : undefined,
  });
  const server: Server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  return {
    sandbox,
    app,
    audit,
    url,
    logs,
    mcp,
    async connectMcp(headers = {}, fetch) {
      if (!mcp) throw new Error("start the test gateway with mcp: true to connect MCP clients");
      const client = new Client({ name: "test-gateway", version: "1.0.0" }, { capabilities: {} });
      const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers },
        fetch,
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async gql(query, variables, headers) {
      const response = await fetch(`${url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json", ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: await response.json(), headers: response.headers };
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      await (mcp as McpHttpEndpoint | null)?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sandbox.close();
    },
  };
}
