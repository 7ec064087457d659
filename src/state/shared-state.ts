/**
 * The state a gateway keeps beyond one request, as one set of interfaces with two engines: the embedded default
 * (memory, the JSONL audit file and nonce files in the data directory: one node) and Redis (`REDIS_URL`: every
 * replica shares it). Sends use all of it; reads only the read cache's generations.
 */
import type { AuditStore } from "../gateway/audit.js";
import type { DailyCreditBook } from "../gateway/credit-cap-ledger.js";
import type { IdempotencyStore } from "../gateway/idempotency.js";
import type { NonceStore } from "../gateway/nonce-store.js";
import type { OtpThrottleStore } from "../gateway/otp-throttle.js";
import type { CacheGenerations } from "../gateway/read-cache.js";

/** The pieces of state the send path and the read cache share between replicas. */
export interface SendState {
  idempotency: IdempotencyStore;
  dailyCredits: DailyCreditBook;
  cacheGenerations: CacheGenerations;
  /** The per-number OTP resend throttle (default: this process's memory). */
  otpThrottle?: OtpThrottleStore;
  /** Whether the engine answers right now (`/readyz`). */
  available(): boolean;
}

/** A whole engine: the send state, the audit trail and the used confirmation nonces. */
export interface SharedState extends SendState {
  audit: AuditStore;
  nonces: NonceStore;
  /** Closes the engine's connections. */
  close(): Promise<void>;
}
