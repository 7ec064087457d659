/**
 * MCP overhead, measured in one process: the MCP `get_account` tool called through the SDK client over an
 * in-memory transport, against the same GraphQL operation (`GetAccount`) run directly with `graphql.execute`
 * in a gateway context. Both read the sandbox at BENCH_UPSTREAM_URL. Sends one `result` message and exits.
 * Settings: BENCH_MCP_SECONDS (per side), BENCH_MCP_CONCURRENCY, BENCH_MCP_ROUNDS, BENCH_MCP_WARMUP_SECONDS.
 */
import { isDeepStrictEqual } from "node:util";
import { execute } from "graphql";
import { loadConfig } from "../../src/config.js";
import { MemoryAuditStore } from "../../src/gateway/audit.js";
import { createGatewayContext } from "../../src/gateway/context.js";
import { createGateway } from "../../src/gateway/gateway.js";
import { createLogger } from "../../src/ops/logger.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { schema } from "../../src/schema/index.js";
import { compareLoops } from "../timed-loop.js";
import { envInt, tell } from "./ipc.js";

const upstream = process.env.BENCH_UPSTREAM_URL;
if (!upstream) throw new Error("BENCH_UPSTREAM_URL is required");

async function loadMcp() {
  try {
    const [{ createMcpServer }, { LOCAL_CALLER, localRequestEnv }, { GetAccountDocument }, sdk, memory] =
      await Promise.all([
        import("../../src/mcp/server.js"),
        import("../../src/mcp/local-caller.js"),
        import("../../src/mcp/generated/graphql.js"),
        import("@modelcontextprotocol/sdk/client/index.js"),
        import("@modelcontextprotocol/sdk/inMemory.js"),
      ]);
    return { createMcpServer, LOCAL_CALLER, localRequestEnv, GetAccountDocument, sdk, memory };
  } catch (error) {
    return { missing: String(error) };
  }
}

const mcp = await loadMcp();
if ("missing" in mcp) {
  await tell({ type: "ready" });
  await tell({ type: "result", available: false, reason: mcp.missing });
  process.exit(0);
}

const gateway = createGateway(
  {
    ...loadConfig({ LOG_LEVEL: "silent" }),
    quickcomBaseUrl: upstream,
    defaultCredentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
  },
  { audit: new MemoryAuditStore(), logger: createLogger({ level: "silent" }) },
);
const server = mcp.createMcpServer({
  services: gateway.services,
  requestEnv: mcp.localRequestEnv(),
  sessionId: "bench",
});
const client = new mcp.sdk.Client({ name: "bench", version: "1.0.0" });
const [clientTransport, serverTransport] = mcp.memory.InMemoryTransport.createLinkedPair();
await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);

let requestNumber = 0;
const viaMcp = async () => {
  const result = await client.callTool({ name: "get_account", arguments: {} });
  if (result.isError) throw new Error(`get_account failed: ${JSON.stringify(result.content)}`);
  return result.structuredContent;
};
const direct = async () => {
  const contextValue = createGatewayContext(gateway.services, {
    caller: mcp.LOCAL_CALLER,
    requestId: `bench-${++requestNumber}`,
    transport: "graphql",
    headerCredentials: null,
  });
  const result = await execute({ schema, document: mcp.GetAccountDocument, contextValue });
  if (result.errors?.length) throw new Error(`GetAccount failed: ${result.errors[0]?.message}`);
  return result.data;
};

await tell({ type: "ready" });
const plain = (value: unknown): unknown => JSON.parse(JSON.stringify(value));
const same = isDeepStrictEqual(plain(await viaMcp()), plain(await direct()));
const comparison = await compareLoops(viaMcp, direct, {
  concurrency: envInt("BENCH_MCP_CONCURRENCY", 8),
  warmupSeconds: envInt("BENCH_MCP_WARMUP_SECONDS", 1),
  seconds: envInt("BENCH_MCP_SECONDS", 6),
  rounds: envInt("BENCH_MCP_ROUNDS", 12),
});
await client.close();
await server.close();
await tell({ type: "result", available: true, sameResult: same, ...comparison });
process.exit(0);
