/**
 * The two state engines for store tests: `describe.each(STATE_ENGINES)` runs a suite over memory and over a real
 * Redis (one redis-server per file, flushed before each test).
 */
import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { type AuditStore, MemoryAuditStore } from "../../src/gateway/audit.js";
import { type DailyCreditBook, MemoryDailyCredits } from "../../src/gateway/credit-cap-ledger.js";
import { type IdempotencyStore, MemoryIdempotencyStore } from "../../src/gateway/idempotency.js";
import { MemoryNonceStore, type NonceStore } from "../../src/gateway/nonce-store.js";
import { RedisAuditStore } from "../../src/state/redis-audit.js";
import { RedisDailyCredits } from "../../src/state/redis-daily-credits.js";
import { RedisIdempotencyStore } from "../../src/state/redis-idempotency.js";
import { RedisKeys } from "../../src/state/redis-keys.js";
import { RedisNonceStore } from "../../src/state/redis-nonces.js";
import { startTestRedis, type TestRedis } from "./redis.js";

/** Makes the stores of one engine; each call of a maker is another replica's view of the same state. */
export interface StateEngine {
  name: "memory" | "redis";
  audit(): AuditStore;
  /** The daily-cap book; in memory it reads `audit`, in Redis the counters the Redis audit trail keeps. */
  book(audit: AuditStore): DailyCreditBook;
  /** Used nonces; in memory one store per test is what replicas would share. */
  nonces(): NonceStore;
  idempotency(): IdempotencyStore;
}

const memoryNonces = { store: new MemoryNonceStore() };
const memoryIdempotency = { store: new MemoryIdempotencyStore() };

const memory: StateEngine = {
  name: "memory",
  audit: () => new MemoryAuditStore(),
  book: (audit) => new MemoryDailyCredits(audit),
  nonces: () => memoryNonces.store,
  idempotency: () => memoryIdempotency.store,
};

let server: TestRedis | null = null;
let client: Redis | null = null;
const keys = new RedisKeys("qcg-test:");
const need = () => {
  if (!client) throw new Error("call useStateEngines() in the test file");
  return client;
};

const redis: StateEngine = {
  name: "redis",
  audit: () => new RedisAuditStore(need(), keys),
  book: () => new RedisDailyCredits(need(), keys),
  nonces: () => new RedisNonceStore(need(), keys),
  idempotency: () => new RedisIdempotencyStore(need(), keys),
};

/** Both engines, for `describe.each`. */
export const STATE_ENGINES: StateEngine[] = [memory, redis];

/** Starts the file's redis-server, and gives every test empty state on both engines. */
export function useStateEngines(): void {
  beforeAll(async () => {
    server = await startTestRedis();
    client = await server.client();
  });
  beforeEach(async () => {
    memoryNonces.store = new MemoryNonceStore();
    memoryIdempotency.store = new MemoryIdempotencyStore();
    await server?.flush();
  });
  afterAll(async () => {
    await server?.close();
    server = null;
    client = null;
  });
}
