/**
 * The Redis connection of the shared state: connects once at start (failing clearly when Redis does not answer),
 * then reconnects on its own after a loss. Commands never wait for a connection (no offline queue) and are never
 * resent after one is lost, so a state operation fails fast while Redis is away and the send that needed it is
 * refused with STATE_UNAVAILABLE.
 */
import { Redis } from "ioredis";
import { StateUnavailableError } from "../gateway/errors.js";

/** Options of {@link connectRedis}. */
export interface RedisConnectOptions {
  /** `redis://` or `rediss://` URL (may carry a password). */
  url: string;
  /** How long the first connection may take (default 3000 ms). */
  connectTimeoutMs?: number;
  /** Deadline of one command (default 2000 ms). */
  commandTimeoutMs?: number;
  /** Told of connection errors after the start (the client keeps reconnecting). */
  onError?: (error: Error) => void;
}

/** Connects to Redis and checks it answers (PING); rejects with the reason when it does not within the timeout. */
export async function connectRedis(options: RedisConnectOptions): Promise<Redis> {
  const timeoutMs = options.connectTimeoutMs ?? 3_000;
  const redis = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    connectTimeout: timeoutMs,
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
  });
  let lastError: Error | null = null;
  redis.on("error", (error: Error) => {
    lastError = error;
    options.onError?.(error);
  });
  const deadline = new Promise<never>((_, reject) =>
    setTimeout(() => reject(lastError ?? new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  try {
    await Promise.race([redis.connect().then(() => redis.ping()), deadline]);
  } catch (error) {
    redis.disconnect();
    throw lastError ?? error;
  }
  return redis;
}

/** Whether the connection is up (commands can be sent). */
export function redisAvailable(redis: Redis): boolean {
  return redis.status === "ready";
}

/** Runs one state operation; any Redis failure becomes a {@link StateUnavailableError}. */
export async function stateCall<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof StateUnavailableError) throw error;
    throw new StateUnavailableError(undefined, { cause: error });
  }
}

/** `redis://user:pass@host` without its password, for messages. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
