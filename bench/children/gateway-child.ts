/**
 * Benchmark gateway: `createApp` on `node:http`, silent logger, in-memory audit, no gateway tokens, the demo
 * account as default credentials. Upstream: BENCH_UPSTREAM_URL. Gateway environment (READ_CACHE_TTL_MS...):
 * BENCH_GATEWAY_ENV as a JSON object; with REDIS_URL in it, the state (idempotency, caps, cache generations, audit,
 * nonces) is on that Redis, as on a replica. Answers `rss-start` / `rss-stop` requests with an RSS report.
 */

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { MemoryAuditStore } from "../../src/gateway/audit.js";
import { createLogger } from "../../src/ops/logger.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { connectRedis } from "../../src/state/redis-connection.js";
import { createRedisState } from "../../src/state/redis-state.js";
import { RssSampler } from "../rss-sampler.js";
import { answerRequests, exitOnSignal, tell } from "./ipc.js";

const upstream = process.env.BENCH_UPSTREAM_URL;
if (!upstream) throw new Error("BENCH_UPSTREAM_URL is required");
const env = JSON.parse(process.env.BENCH_GATEWAY_ENV ?? "{}") as Record<string, string>;

const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
const state = config.redisUrl ? createRedisState(await connectRedis({ url: config.redisUrl })) : undefined;
const app = createApp(
  {
    ...config,
    quickcomBaseUrl: upstream,
    defaultCredentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
  },
  {
    logger: createLogger({ level: "silent" }),
    audit: state?.audit ?? new MemoryAuditStore(),
    confirmations: state ? { secret: randomBytes(32), nonces: state.nonces } : undefined,
    state,
    tokens: null,
  },
);
const server = createServer({ requestTimeout: 120_000 }, app.listener);
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

const sampler = new RssSampler(10);
answerRequests(async (message) => {
  if (message.type === "rss-start") {
    sampler.start();
    return {};
  }
  if (message.type === "rss-stop") return { report: sampler.stop() };
  throw new Error(`unknown request ${message.type}`);
});
exitOnSignal(() => {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve())).then(() => state?.close());
});
tell({ type: "ready", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
