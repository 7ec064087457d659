/**
 * `npm run mcp` / `quickcom-gateway mcp`: the MCP server over stdio for desktop assistants. Same environment as
 * `npm start` (the embedded sandbox upstream when QUICKCOM_BASE_URL is unset); stdout is the MCP channel, so
 * logs go to stderr. The local user gets every scope: whoever can start this process holds its configuration.
 */
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { ConfigError, loadConfig } from "../config.js";
import { FileAuditStore } from "../gateway/audit.js";
import { createGateway } from "../gateway/gateway.js";
import { createLogger, SecretRegistry } from "../ops/logger.js";
import { DEMO_ACCOUNT } from "../quickcom/sandbox/seed.js";
import { startSandbox } from "../quickcom/sandbox/server.js";
import { localRequestEnv } from "./local-caller.js";
import { createMcpServer } from "./server.js";

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  fail(error instanceof ConfigError ? error.message : String(error));
}

const secrets = new SecretRegistry();
const logger = createLogger({ level: config.logLevel, destination: 2, secrets });
const sandbox = config.quickcomBaseUrl ? null : await startSandbox({ port: 0 });
const defaultCredentials = config.defaultCredentials ?? (sandbox ? DEMO_ACCOUNT : null);
if (defaultCredentials) secrets.register(defaultCredentials.appSecret);
const audit = await FileAuditStore.open(config.auditFile).catch((e: Error) =>
  fail(`Cannot open the audit trail ${config.auditFile}: ${e.message}`),
);

const gateway = createGateway(
  {
    ...config,
    quickcomBaseUrl: config.quickcomBaseUrl ?? (sandbox?.url as string),
    defaultCredentials: defaultCredentials
      ? { appKey: defaultCredentials.appKey, appSecret: defaultCredentials.appSecret }
      : null,
  },
  { audit, logger },
);
const server = createMcpServer({
  services: gateway.services,
  requestEnv: localRequestEnv(),
  sessionId: `stdio-${process.pid}`,
  onUnexpectedError: (error) => logger.error({ err: error }, "unexpected MCP error"),
});

let stopping = false;
async function stop(reason: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, "MCP stdio server stopping");
  await server.close().catch(() => {});
  await sandbox?.close();
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
