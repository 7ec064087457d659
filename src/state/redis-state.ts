/** The Redis engine of the shared state: every piece over one connection and one key prefix. */
import type { Redis } from "ioredis";
import { RedisAuditStore } from "./redis-audit.js";
import { RedisCacheGenerations } from "./redis-cache-generations.js";
import { redisAvailable } from "./redis-connection.js";
import { RedisDailyCredits } from "./redis-daily-credits.js";
import { RedisIdempotencyStore } from "./redis-idempotency.js";
import { RedisKeys } from "./redis-keys.js";
import { RedisNonceStore } from "./redis-nonces.js";
import { RedisOtpThrottle } from "./redis-otp-throttle.js";
import type { SharedState } from "./shared-state.js";

/** Options of {@link createRedisState}. */
export interface RedisStateOptions {
  /** Put before every key (default `qcg:`). */
  keyPrefix?: string;
}

/** The shared state over a connected client; `close()` closes the client. */
export function createRedisState(redis: Redis, options: RedisStateOptions = {}): SharedState {
  const keys = new RedisKeys(options.keyPrefix);
  return {
    idempotency: new RedisIdempotencyStore(redis, keys),
    dailyCredits: new RedisDailyCredits(redis, keys),
    cacheGenerations: new RedisCacheGenerations(redis, keys),
    audit: new RedisAuditStore(redis, keys),
    nonces: new RedisNonceStore(redis, keys),
    otpThrottle: new RedisOtpThrottle(redis, keys),
    available: () => redisAvailable(redis),
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
