/**
 * MCP test harnesses: an SDK client wired to the MCP server in memory, or to `/mcp` of the whole app over
 * real HTTP; the sandbox upstream over real HTTP in both, and a movable clock.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { type App, createApp } from "../../src/app.js";
import { type GatewayConfig, loadConfig } from "../../src/config.js";
import type { ExecutionCore } from "../../src/execution/core.js";
import { MemoryAuditStore } from "../../src/gateway/audit.js";
import type { Caller } from "../../src/gateway/context.js";
import { createGateway } from "../../src/gateway/gateway.js";
import { createMcpHttpHandler, type McpHttpEndpoint } from "../../src/mcp/http.js";
import { localRequestEnv } from "../../src/mcp/local-caller.js";
import { createMcpServer } from "../../src/mcp/server.js";
import type { TokenRecord } from "../../src/ops/access.js";
import { createLogger, SecretRegistry } from "../../src/ops/logger.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";

/** A movable clock shared by the gateway (confirmation tokens, caps). */
export interface TestClock {
  now: Date;
  advance(ms: number): void;
}

/** Options of {@link startInMemoryMcp}. */
export interface InMemoryMcpOptions {
  /** Extra environment for `loadConfig` (caps, MCP_SEND_CONFIRMATION...). */
  env?: Record<string, string>;
  /** Answers elicitation requests; when given, the client declares form elicitation. */
  elicit?: (request: ElicitRequest) => Promise<ElicitResult> | ElicitResult;
  /** The gateway caller (default: local, every scope). */
  caller?: Caller;
  /** Configuration over the environment's (e.g. faster progress polling). */
  config?: Partial<GatewayConfig>;
  /** The execution core the tools run their operations with (default: the server's own). */
  execution?: ExecutionCore;
}

/** A connected client with its sandbox. */
export interface InMemoryMcp {
  client: Client;
  sandbox: Sandbox;
  audit: MemoryAuditStore;
  clock: TestClock;
  /** Every elicitation message the client received. */
  elicitations: string[];
  logs: string[];
  close(): Promise<void>;
}

function testClock(): TestClock {
  return {
    now: new Date(),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
}

function collectingLogger(logs: string[], secrets?: SecretRegistry) {
  return createLogger({
    level: "info",
    secrets,
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
}

/** A client that declares form elicitation when `elicit` is given and records the messages it is shown. */
function testClient(elicit: InMemoryMcpOptions["elicit"], elicitations: string[]): Client {
  const client = new Client(
    { name: "mcp-test", version: "1.0.0" },
    { capabilities: elicit ? { elicitation: { form: {} } } : {} },
  );
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitations.push(request.params.message);
      return elicit(request);
    });
  }
  return client;
}

/** Starts the sandbox, a gateway and an MCP server, and connects an SDK client in memory. */
export async function startInMemoryMcp(options: InMemoryMcpOptions = {}): Promise<InMemoryMcp> {
  const sandbox = await startSandbox();
  const clock = testClock();
  const logs: string[] = [];
  const logger = collectingLogger(logs);
  const audit = new MemoryAuditStore();
  const config = {
    ...loadConfig({ READ_CACHE_TTL_MS: "0", ...options.env }),
    ...options.config,
    quickcomBaseUrl: sandbox.url,
    defaultCredentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
  };
  const gateway = createGateway(config, { audit, logger, now: () => clock.now });
  const server = createMcpServer({
    services: gateway.services,
    requestEnv: localRequestEnv(options.caller),
    sessionId: "in-memory",
    execution: options.execution,
    onUnexpectedError: (error) => logs.push(`UNEXPECTED ${String(error)}`),
  });
  const elicitations: string[] = [];
  const client = testClient(options.elicit, elicitations);
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return {
    client,
    sandbox,
    audit,
    clock,
    elicitations,
    logs,
    async close() {
      await client.close();
      await server.close();
      await sandbox.close();
    },
  };
}

/** Options of {@link startHttpMcp}. */
export interface HttpMcpOptions {
  env?: Record<string, string>;
  tokens?: TokenRecord[] | null;
}

/** Options of one HTTP client connection. */
export interface HttpClientOptions {
  /** Extra request headers (gateway token, QuickCom credentials). */
  headers?: Record<string, string>;
  elicit?: InMemoryMcpOptions["elicit"];
}

/** The whole app (GraphQL, /mcp) over real HTTP on port 0, with the sandbox upstream. */
export interface HttpMcp {
  url: string;
  app: App;
  mcp: McpHttpEndpoint;
  sandbox: Sandbox;
  audit: MemoryAuditStore;
  clock: TestClock;
  logs: string[];
  elicitations: string[];
  /** Connects a new SDK client (a new MCP session) to `/mcp`. */
  connect(options?: HttpClientOptions): Promise<Client>;
  close(): Promise<void>;
}

/** Starts the sandbox and the full app from `createApp` with the MCP handler mounted, on 127.0.0.1:0. */
export async function startHttpMcp(options: HttpMcpOptions = {}): Promise<HttpMcp> {
  const sandbox = await startSandbox();
  const clock = testClock();
  const logs: string[] = [];
  const secrets = new SecretRegistry();
  secrets.register(DEMO_ACCOUNT.appSecret);
  const logger = collectingLogger(logs, secrets);
  const audit = new MemoryAuditStore();
  const config = {
    ...loadConfig({ READ_CACHE_TTL_MS: "0", ...options.env }),
    quickcomBaseUrl: sandbox.url,
    defaultCredentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
  };
  let mcp: McpHttpEndpoint | undefined;
  const app = createApp(config, {
    logger,
    audit,
    tokens: options.tokens ?? null,
    now: () => clock.now,
    mcp: (parts) => {
      mcp = createMcpHttpHandler(parts, { logger, allowedHosts: ["127.0.0.1"] });
      return mcp;
    },
  });
  const server: Server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: Client[] = [];
  const elicitations: string[] = [];
  return {
    url,
    app,
    mcp: mcp as McpHttpEndpoint,
    sandbox,
    audit,
    clock,
    logs,
    elicitations,
    async connect(connection = {}) {
      const client = testClient(connection.elicit, elicitations);
      const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
        requestInit: { headers: connection.headers ?? {} },
      });
      await client.connect(transport);
      clients.push(client);
      return client;
    },
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      await mcp?.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sandbox.close();
    },
  };
}
