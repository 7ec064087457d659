/**
 * Idempotency records in Redis, shared by replicas: the record of a key (JSON, expiring with the key's TTL) and
 * its in-progress lock (a separate key, SET NX with its own expiry, so a replica that dies mid-send frees the key
 * after `lockTtlMs`). Claiming a new key (no record, take the lock, store it), resuming a stored record (take the
 * lock, mark the record) and settling (store the outcome under its own lock, release it) are each one Lua script.
 * While a send holds a record, Redis keeps its unsent chunks as UNKNOWN: if the replica dies or loses Redis before
 * it stores the outcome, a retry replays "unknown" and never sends those chunks a second time.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { GatewayError, SendOutcomeUnknownError } from "../gateway/errors.js";
import {
  type ChunkState,
  IDEMPOTENCY_TTL_MS,
  type IdempotencyStore,
  type SendRecord,
} from "../gateway/idempotency.js";
import { stateCall } from "./redis-connection.js";
import type { RedisKeys } from "./redis-keys.js";

/** A chunk's error as stored: its code and message. */
interface StoredError {
  code: string;
  message: string;
}

/** A record as stored (without `inFlight`, which the lock says). */
interface StoredRecord {
  fingerprint: string;
  createdAt: number;
  chunks: (Omit<ChunkState, "error"> & { error: StoredError | null })[];
}

/** A chunk error read back from Redis; only its code and message matter (reports, PARTIAL_SEND). */
class StoredChunkError extends GatewayError {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const CLAIM = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
if not redis.call('SET', KEYS[2], ARGV[3], 'NX', 'PX', ARGV[4]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const RESUME = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if not redis.call('SET', KEYS[2], ARGV[2], 'NX', 'PX', ARGV[3]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
return 1`;

const SETTLE = `
local lock = redis.call('GET', KEYS[2])
if lock and lock ~= ARGV[2] then return 0 end
if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL') end
if lock then redis.call('DEL', KEYS[2]) end
return 1`;

const INTERRUPTED =
  "The gateway lost this chunk's outcome while sending it (it stopped, or lost its state store); it may have been sent and is never resent.";

/** Options of {@link RedisIdempotencyStore}. */
export interface RedisIdempotencyOptions {
  /** How long a key is remembered (default 24 hours). */
  ttlMs?: number;
  /** How long a send may hold a key before another may take it over (default 15 minutes). */
  lockTtlMs?: number;
}

/** {@link IdempotencyStore} over Redis. */
export class RedisIdempotencyStore implements IdempotencyStore {
  /** {@inheritDoc IdempotencyStore.ttlMs} */
  readonly ttlMs: number;
  private readonly lockTtlMs: number;
  /** Lock tokens of the keys this process holds. */
  private readonly tokens = new Map<string, string>();

  /** Builds the store over a connected client. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisIdempotencyOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.lockTtlMs = options.lockTtlMs ?? 15 * 60_000;
  }

  /** {@inheritDoc IdempotencyStore.get} */
  get(credentialKey: string, key: string): Promise<SendRecord | undefined> {
    return stateCall(async () => {
      const [stored, lock] = await this.redis.mget(
        this.keys.record(credentialKey, key),
        this.keys.lock(credentialKey, key),
      );
      if (!stored) return undefined;
      return revive(JSON.parse(stored) as StoredRecord, lock !== null, key);
    });
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  claim(credentialKey: string, key: string, record: SendRecord): Promise<boolean> {
    return stateCall(async () => {
      const token = randomUUID();
      const claimed = await this.redis.eval(
        CLAIM,
        2,
        this.keys.record(credentialKey, key),
        this.keys.lock(credentialKey, key),
        JSON.stringify(stored(record, true)),
        this.ttlMs,
        token,
        this.lockTtlMs,
      );
      if (claimed !== 1) return false;
      this.tokens.set(`${credentialKey}\u0000${key}`, token);
      record.inFlight = true;
      return true;
    });
  }

  /** {@inheritDoc IdempotencyStore.resume} */
  resume(credentialKey: string, key: string, record: SendRecord): Promise<boolean> {
    return stateCall(async () => {
      const token = randomUUID();
      const resumed = await this.redis.eval(
        RESUME,
        2,
        this.keys.record(credentialKey, key),
        this.keys.lock(credentialKey, key),
        JSON.stringify(stored(record, true)),
        token,
        this.lockTtlMs,
      );
      if (resumed !== 1) return false;
      this.tokens.set(`${credentialKey}\u0000${key}`, token);
      record.inFlight = true;
      return true;
    });
  }

  /** {@inheritDoc IdempotencyStore.settle} */
  settle(credentialKey: string, key: string, record: SendRecord): Promise<void> {
    record.inFlight = false;
    const id = `${credentialKey}\u0000${key}`;
    const token = this.tokens.get(id) ?? "";
    this.tokens.delete(id);
    return stateCall(async () => {
      await this.redis.eval(
        SETTLE,
        2,
        this.keys.record(credentialKey, key),
        this.keys.lock(credentialKey, key),
        JSON.stringify(stored(record, false)),
        token,
      );
    });
  }

  /** {@inheritDoc IdempotencyStore.delete} */
  delete(credentialKey: string, key: string): Promise<void> {
    this.tokens.delete(`${credentialKey}\u0000${key}`);
    return stateCall(async () => {
      await this.redis.del(this.keys.record(credentialKey, key), this.keys.lock(credentialKey, key));
    });
  }
}

/** The stored form; `sending` marks unsent chunks UNKNOWN, as they stand if the send never reports back. */
function stored(record: SendRecord, sending: boolean): StoredRecord {
  return {
    fingerprint: record.fingerprint,
    createdAt: record.createdAt,
    chunks: record.chunks.map((chunk) => {
      const unsent = chunk.status === "PENDING" || chunk.status === "FAILED";
      if (sending && unsent) {
        return { ...chunk, status: "UNKNOWN", error: { code: "SEND_OUTCOME_UNKNOWN", message: INTERRUPTED } };
      }
      const error = chunk.error ? { code: chunk.error.code, message: chunk.error.message } : null;
      return { ...chunk, error };
    }),
  };
}

function revive(record: StoredRecord, inFlight: boolean, key: string): SendRecord {
  return {
    fingerprint: record.fingerprint,
    createdAt: record.createdAt,
    inFlight,
    chunks: record.chunks.map((chunk) => ({
      ...chunk,
      error: chunk.error && reviveError(chunk.error, key),
    })),
  };
}

function reviveError(error: StoredError, key: string): GatewayError {
  if (error.code === "SEND_OUTCOME_UNKNOWN") return new SendOutcomeUnknownError(error.message, key);
  return new StoredChunkError(error.code, error.message);
}
