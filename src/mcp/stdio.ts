/**
 * `npm run mcp` / `quickcom-gateway mcp`: the MCP server over stdio for desktop assistants. Same environment as
 * `npm start` (the embedded sandbox upstream when QUICKCOM_BASE_URL is unset), except that HOST is never listened
 * on, so a non-loopback HOST needs no GATEWAY_TOKENS_FILE here. stdout is the MCP channel, so logs go to stderr.
 * The local user gets every scope: whoever can start this process holds its configuration. When stdin closes or
 * a signal arrives, sends under way finish (and are audited) before the process exits.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { createExecutionCore } from "../execution/core.js";
import { createGateway } from "../gateway/gateway.js";
import { exitAfterGrace, startup } from "../startup.js";
import { localRequestEnv } from "./local-caller.js";
import { createMcpServer } from "./server.js";

const { config, sandbox, logger, secrets, audit, confirmations, state, tracing } = await startup(2, {
  listens: false,
});
const gateway = createGateway(config, {
  audit,
  logger,
  secrets,
  confirmations,
  state: state ?? undefined,
  tracer: tracing?.upstream,
});
const onUnexpectedError = (error: unknown) => logger.error({ err: error }, "unexpected MCP error");
const server = createMcpServer({
  services: gateway.services,
  execution: createExecutionCore({ onUnexpectedError, instrumentation: tracing?.instrumentation }),
  requestEnv: localRequestEnv(),
  sessionId: `stdio-${process.pid}`,
  onUnexpectedError,
});

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, "MCP stdio server stopping: finishing sends under way");
  exitAfterGrace(config.shutdownGraceMs, logger);
  await gateway.services.pipeline.drain();
  await server.close().catch(() => {});
  await sandbox?.close();
  await state?.close();
  await tracing?.shutdown().catch(() => {});
  process.exit(0);
}

const transport = new StdioServerTransport();
transport.onclose = () => void stop("transport closed");
await server.connect(transport);
process.stdin.on("end", () => void stop("stdin closed"));
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
logger.info(
  { upstream: sandbox ? `embedded sandbox ${sandbox.url}` : config.quickcomBaseUrl },
  "MCP server ready on stdio",
);
