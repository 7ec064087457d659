/**
 * MCP test harnesses: an SDK client wired to the MCP server over an in-memory transport, with the sandbox
 * upstream over real HTTP and a movable clock.
 */
import { Writable } from "node:stream";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import {
  type ElicitRequest,
  ElicitRequestSchema,
  type ElicitResult,
} from "@modelcontextprotocol/sdk/types.js";
import { loadConfig } from "../../src/config.js";
import { MemoryAuditStore } from "../../src/gateway/audit.js";
import type { Caller } from "../../src/gateway/context.js";
import { createGateway } from "../../src/gateway/gateway.js";
import { localRequestEnv } from "../../src/mcp/local-caller.js";
import { createMcpServer } from "../../src/mcp/server.js";
import { createLogger } from "../../src/ops/logger.js";
import { DEMO_ACCOUNT } from "../../src/quickcom/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../../src/quickcom/sandbox/server.js";

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

/** Starts the sandbox, a gateway and an MCP server, and connects an SDK client in memory. */
export async function startInMemoryMcp(options: InMemoryMcpOptions = {}): Promise<InMemoryMcp> {
  const sandbox = await startSandbox();
  const clock: TestClock = {
    now: new Date(),
    advance(ms) {
      this.now = new Date(this.now.getTime() + ms);
    },
  };
  const logs: string[] = [];
  const logger = createLogger({
    level: "info",
    destination: new Writable({
      write(chunk, _encoding, done) {
        logs.push(String(chunk));
        done();
      },
    }),
  });
  const audit = new MemoryAuditStore();
  const config = {
    ...loadConfig({ READ_CACHE_TTL_MS: "0", ...options.env }),
    quickcomBaseUrl: sandbox.url,
    defaultCredentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
  };
  const gateway = createGateway(config, { audit, logger, now: () => clock.now });
  const server = createMcpServer({
    services: gateway.services,
    requestEnv: localRequestEnv(options.caller),
    sessionId: "in-memory",
    onUnexpectedError: (error) => logs.push(`UNEXPECTED ${String(error)}`),
  });
  const elicitations: string[] = [];
  const client = new Client(
    { name: "mcp-test", version: "1.0.0" },
    { capabilities: options.elicit ? { elicitation: { form: {} } } : {} },
  );
  const { elicit } = options;
  if (elicit) {
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      elicitations.push(request.params.message);
      return elicit(request);
    });
  }
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
