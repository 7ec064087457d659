/**
 * `npm start`: validates the configuration, starts the embedded sandbox upstream when no QUICKCOM_BASE_URL is
 * set, and serves `/graphql`, `/mcp`, `/healthz`, `/readyz` and `/metrics` until SIGINT/SIGTERM, then drains.
 */
import { createServer } from "node:http";
import { createApp } from "./app.js";
import { createMcpHttpHandler, type McpHttpEndpoint } from "./mcp/http.js";
import { loadTokens } from "./ops/access.js";
import { DEMO_ACCOUNT } from "./sandbox/seed.js";
import { exitAfterGrace, fail, startup } from "./startup.js";

const { config, sandbox, logger, secrets, audit, confirmations, state, tracing } = await startup(1);
const tokens = config.tokensFile
  ? await loadTokens(config.tokensFile).catch((e: Error) => fail(e.message))
  : null;
for (const token of tokens ?? []) if (token.appSecret) secrets.register(token.appSecret);

let mcp: McpHttpEndpoint | undefined;
const app = createApp(config, {
  logger,
  secrets,
  audit,
  confirmations,
  state: state ?? undefined,
  tokens,
  tracing: tracing ?? undefined,
  mcp: (parts) => {
    mcp = createMcpHttpHandler(parts, { logger, allowedHosts: [config.host] });
    return mcp;
  },
});

const server = createServer({ requestTimeout: 120_000 }, app.listener);
server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const base = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  process.stdout.write(`quickcom-gateway listening on ${base}\n`);
  process.stdout.write(`  GraphiQL  ${base}/graphql\n  MCP       ${base}/mcp\n  health    ${base}/healthz\n`);
  if (sandbox) {
    process.stdout.write(
      `Upstream: embedded QuickCom sandbox at ${sandbox.url} (set QUICKCOM_BASE_URL to use the real one)\n` +
        `  demo credentials: app_key=${DEMO_ACCOUNT.appKey} app_secret=${DEMO_ACCOUNT.appSecret}\n`,
    );
  } else {
    process.stdout.write(`Upstream: ${config.quickcomBaseUrl}\n`);
  }
});

let stopping = false;
/**
 * Graceful shutdown: stop accepting connections, let every send under way finish and be audited, then end the
 * progress subscriptions and close MCP sessions (their open event streams would otherwise hold the server) and
 * idle connections, and exit once the last in-flight request has been answered.
 */
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, "shutting down: finishing in-flight requests and sends");
  exitAfterGrace(config.shutdownGraceMs, logger);
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  await app.gateway.services.pipeline.drain();
  app.gateway.services.progress.closeAll();
  await mcp?.close();
  server.closeIdleConnections();
  await closed;
  await sandbox?.close();
  await state?.close();
  await tracing?.shutdown().catch(() => {});
  logger.info("stopped");
  process.exit(0);
}
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
