/** Used confirmation nonces in Redis: SET NX with the token's expiry, so a token pays for one send across replicas. */
import type { Redis } from "ioredis";
import type { NonceStore } from "../gateway/nonce-store.js";
import { stateCall } from "./redis-connection.js";
import type { RedisKeys } from "./redis-keys.js";

/** {@link NonceStore} over Redis. */
export class RedisNonceStore implements NonceStore {
  /** Builds the store over a connected client. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** {@inheritDoc NonceStore.isUsed} */
  isUsed(nonce: string): Promise<boolean> {
    return stateCall(async () => (await this.redis.exists(this.keys.nonce(nonce))) === 1);
  }

  /** {@inheritDoc NonceStore.consume} */
  consume(nonce: string, expiresAt: number): Promise<boolean> {
    const at = Math.max(expiresAt, Date.now() + 1_000);
    return stateCall(
      async () => (await this.redis.set(this.keys.nonce(nonce), "1", "PXAT", at, "NX")) === "OK",
    );
  }
}
