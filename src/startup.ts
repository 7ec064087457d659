/**
 * What both entry points (`npm start` and `npm run mcp`) do before serving: read the configuration or exit with
 * its message, start the embedded sandbox when no upstream is configured, register the secrets the logger must
 * scrub, open the state (with REDIS_URL: connect to Redis, and refuse to start when it does not answer; without:
 * open the audit trail and the used-nonce store in the data directory, the audit trail's directory), and load
 * the confirmation key; with an OTLP endpoint, start the OpenTelemetry SDK (imported only then).
 */

import { dirname, join } from "node:path";
import { ConfigError, type GatewayConfig, type LoadConfigOptions, loadConfig } from "./config.js";
import { type AuditStore, FileAuditStore } from "./gateway/audit.js";
import { loadConfirmationKey } from "./gateway/confirmation-key.js";
import type { ConfirmationSettings } from "./gateway/gateway.js";
import { FileNonceStore } from "./gateway/nonce-store.js";
import { createLogger, type Logger, SecretRegistry } from "./ops/logger.js";
import type { GatewayTracing } from "./ops/tracing.js";
import { DEMO_ACCOUNT } from "./sandbox/seed.js";
import { type Sandbox, startSandbox } from "./sandbox/server.js";
import { connectRedis, redactRedisUrl } from "./state/redis-connection.js";
import { createRedisState } from "./state/redis-state.js";
import type { SharedState } from "./state/shared-state.js";

/** Prints `message` on stderr and exits with status 1. */
export function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

/**
 * Bounds a shutdown: exits with status 1 when what it waits for (requests, sends) has not finished within
 * SHUTDOWN_GRACE_MS. A send cut off here is audited as UNKNOWN/GATEWAY_STOPPED on the next start.
 */
export function exitAfterGrace(graceMs: number, logger: Logger): void {
  setTimeout(() => {
    logger.warn(
      { graceMs },
      "shutdown did not finish in time; exiting (an unfinished send is audited as UNKNOWN on the next start)",
    );
    process.exit(1);
  }, graceMs).unref();
}

/** Everything an entry point needs to assemble the gateway. */
export interface Startup {
  config: GatewayConfig & { quickcomBaseUrl: string };
  /** The embedded upstream, when QUICKCOM_BASE_URL is unset. */
  sandbox: Sandbox | null;
  logger: Logger;
  secrets: SecretRegistry;
  audit: AuditStore;
  /** Signing key and used-nonce store of confirmation tokens, shared by the processes of this data directory. */
  confirmations: ConfirmationSettings;
  /** The Redis state shared by replicas, with REDIS_URL; null = this node's memory and files. */
  state: SharedState | null;
  /** OpenTelemetry tracing, with an OTLP endpoint configured; null = off (the SDK is not even loaded). */
  tracing: GatewayTracing | null;
}

/** Connects to REDIS_URL or exits with a configuration error naming it (its password hidden). */
async function openRedisState(url: string, logger: Logger): Promise<SharedState> {
  let lastLogged = "";
  const redis = await connectRedis({
    url,
    onError: (error) => {
      if (error.message === lastLogged) return;
      lastLogged = error.message;
      logger.warn({ err: error.message }, "Redis state unavailable; sends are refused until it answers");
    },
  }).catch((e: Error) =>
    fail(
      `Invalid configuration:\n  REDIS_URL: Redis at ${redactRedisUrl(url)} does not answer (${e.message})`,
    ),
  );
  redis.on("ready", () => {
    if (lastLogged) logger.info("Redis state available again");
    lastLogged = "";
  });
  return createRedisState(redis);
}

/**
 * Loads the configuration (exiting on a bad one) and prepares upstream, logging and audit. `logTo` is the file
 * descriptor logs go to; `options` say how the entry point serves (see {@link LoadConfigOptions}).
 */
export async function startup(logTo: 1 | 2, options: LoadConfigOptions = {}): Promise<Startup> {
  let config: GatewayConfig;
  try {
    config = loadConfig(process.env, options);
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const secrets = new SecretRegistry();
  const logger = createLogger({ level: config.logLevel, destination: logTo, secrets });
  const sandbox = config.quickcomBaseUrl ? null : await startSandbox({ port: 0 });
  const demo = sandbox ? { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret } : null;
  const defaultCredentials = config.defaultCredentials ?? demo;
  if (defaultCredentials) secrets.register(defaultCredentials.appSecret);
  if (config.redisUrl) {
    const password = new URL(config.redisUrl).password;
    if (password) secrets.register(decodeURIComponent(password));
  }
  const state = config.redisUrl ? await openRedisState(config.redisUrl, logger) : null;
  const audit =
    state?.audit ??
    (await FileAuditStore.open(config.auditFile).catch((e: Error) =>
      fail(`Cannot open the audit trail ${config.auditFile}: ${e.message}`),
    ));
  const dataDir = dirname(config.auditFile);
  const secret = await loadConfirmationKey(config.confirmationSecret, dataDir).catch((e: Error) =>
    fail(`Cannot read or create the confirmation key in ${dataDir}: ${e.message}`),
  );
  if (config.confirmationSecret) secrets.register(config.confirmationSecret);
  const confirmations = {
    secret,
    nonces: state?.nonces ?? new FileNonceStore(join(dataDir, "confirmations")),
  };
  const tracing = config.tracing
    ? await (await import("./ops/otlp-tracing.js")).startOtlpTracing(config.tracing)
    : null;
  return {
    config: {
      ...config,
      quickcomBaseUrl: config.quickcomBaseUrl ?? (sandbox as Sandbox).url,
      defaultCredentials,
    },
    sandbox,
    logger,
    secrets,
    audit,
    confirmations,
    state,
    tracing,
  };
}
