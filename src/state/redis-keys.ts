/**
 * Names of the gateway's Redis keys: everything under one prefix (default `qcg:`), per credential under the
 * credential's one-way key (never a secret), and caller-chosen strings (idempotency keys) hashed.
 */
import { createHash } from "node:crypto";
import type { CreditBalance } from "../gateway/credit-balance.js";

/** The part of a cap key naming its balance (none for `transaction_balance`, as before balances were capped). */
function balancePart(balance: CreditBalance): string {
  return balance === "transaction_balance" ? "" : `:${balance}`;
}

/** Default prefix of every key. */
export const DEFAULT_KEY_PREFIX = "qcg:";

/** A short one-way hash of a caller-chosen string, for a key name. */
export function hashPart(value: string): string {
  return createHash("sha256").update(value).digest("base64url").slice(0, 32);
}

/** The key names under one prefix. */
export class RedisKeys {
  /** @param prefix put before every key (default {@link DEFAULT_KEY_PREFIX}). */
  constructor(readonly prefix: string = DEFAULT_KEY_PREFIX) {}

  /** The send record of an idempotency key. */
  record(credential: string, key: string): string {
    return `${this.prefix}c:${credential}:idem:${hashPart(key)}`;
  }

  /** The in-progress lock of an idempotency key. */
  lock(credential: string, key: string): string {
    return `${this.prefix}c:${credential}:idem-lock:${hashPart(key)}`;
  }

  /** A used confirmation nonce (random, so it names no tenant). */
  nonce(nonce: string): string {
    return `${this.prefix}nonce:${nonce}`;
  }

  /**
   * Credits of `balance` spent (or possibly spent) by a credential on the IST day starting at `day`
   * (`transaction_balance` keeps the name it had before the other balances were capped).
   */
  spent(credential: string, day: Date, balance: CreditBalance = "transaction_balance"): string {
    return `${this.prefix}c:${credential}:spent${balancePart(balance)}:${day.getTime()}`;
  }

  /** Reservations of sends under way on `balance`, a sorted set scored by expiry. */
  reservations(credential: string, day: Date, balance: CreditBalance = "transaction_balance"): string {
    return `${this.prefix}c:${credential}:reserved${balancePart(balance)}:${day.getTime()}`;
  }

  /** The read-cache generation of a credential. */
  cacheGeneration(credential: string): string {
    return `${this.prefix}c:${credential}:cache-gen`;
  }

  /** Concluded uses of an idempotency key in the audit trail, newest first. */
  keyUses(credential: string, key: string): string {
    return `${this.prefix}c:${credential}:key-uses:${hashPart(key)}`;
  }

  /** Intents under way of an idempotency key, by attempt id. */
  keyOpen(credential: string, key: string): string {
    return `${this.prefix}c:${credential}:key-open:${hashPart(key)}`;
  }

  /** Send times of OTPs to one number, named by a keyed digest of the number (never the number itself). */
  otpSends(credential: string, numberDigest: string): string {
    return `${this.prefix}c:${credential}:otp-sends:${numberDigest}`;
  }

  /** The audit trail stream. */
  get auditStream(): string {
    return `${this.prefix}audit`;
  }

  /** The sequence of audit entry ids. */
  get auditSeq(): string {
    return `${this.prefix}audit:seq`;
  }
}
