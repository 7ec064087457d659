/** Read-cache generations in Redis: a counter per credential that every send increments, read by every replica. */
import type { Redis } from "ioredis";
import type { CacheGenerations } from "../gateway/read-cache.js";
import type { RedisKeys } from "./redis-keys.js";

/** {@link CacheGenerations} over Redis. */
export class RedisCacheGenerations implements CacheGenerations {
  /** Builds the counters over a connected client. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** {@inheritDoc CacheGenerations.current} */
  async current(credentialKey: string): Promise<string> {
    return (await this.redis.get(this.keys.cacheGeneration(credentialKey))) ?? "0";
  }

  /** {@inheritDoc CacheGenerations.bump} */
  async bump(credentialKey: string): Promise<void> {
    await this.redis.incr(this.keys.cacheGeneration(credentialKey));
  }
}
