/**
 * Short-lived, single-use confirmation tokens: a preview hands one out, bound to the exact send it previewed
 * (credential and input fingerprint); a send that requires confirmation accepts only a matching, unexpired
 * token that no send has used yet, so one approval pays for one send.
 */
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** Options of {@link ConfirmationTokens}. */
export interface ConfirmationOptions {
  /** HMAC key; default: random per process (tokens then die with the process). */
  secret?: Buffer;
  /** Lifetime of a token in milliseconds (default 5 minutes). */
  ttlMs?: number;
  /** Clock in milliseconds. */
  now?: () => number;
}

/** Why a token was refused. */
export type ConfirmationVerdict = "ok" | "missing" | "malformed" | "expired" | "mismatch" | "used";

/** Issues and verifies confirmation tokens. */
export class ConfirmationTokens {
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** Nonces of tokens a send has used, with their expiry (kept until they would have expired anyway). */
  private readonly used = new Map<string, number>();

  constructor(options: ConfirmationOptions = {}) {
    this.secret = options.secret ?? randomBytes(32);
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A token for this credential and send fingerprint. */
  issue(credentialKey: string, fingerprint: string): { token: string; expiresAt: Date } {
    const expiresAt = this.now() + this.ttlMs;
    const nonce = randomBytes(12).toString("base64url");
    return {
      token: `${expiresAt}.${nonce}.${this.sign(credentialKey, fingerprint, expiresAt, nonce)}`,
      expiresAt: new Date(expiresAt),
    };
  }

  /** Checks a token against the send it must confirm, in constant time. */
  verify(token: string | null | undefined, credentialKey: string, fingerprint: string): ConfirmationVerdict {
    if (!token) return "missing";
    const match = /^(\d{13,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return "malformed";
    const [, expiry = "", nonce = "", signature = ""] = match;
    const expiresAt = Number(expiry);
    const given = Buffer.from(signature, "base64url");
    const expected = Buffer.from(this.sign(credentialKey, fingerprint, expiresAt, nonce), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "mismatch";
    if (expiresAt <= this.now()) return "expired";
    if (this.used.has(nonce)) return "used";
    return "ok";
  }

  /**
   * Marks a token that {@link verify} accepted as used; false when a send already used it. Call it in the same
   * synchronous step as the decision to send, so two concurrent sends cannot both use one token.
   */
  consume(token: string): boolean {
    const [expiresAt = "0", nonce = ""] = token.split(".");
    if (this.used.has(nonce)) return false;
    const now = this.now();
    for (const [used, expiry] of this.used) if (expiry <= now) this.used.delete(used);
    this.used.set(nonce, Number(expiresAt));
    return true;
  }

  private sign(credentialKey: string, fingerprint: string, expiresAt: number, nonce: string): string {
    return createHmac("sha256", this.secret)
      .update(`${credentialKey}\n${fingerprint}\n${expiresAt}\n${nonce}`)
      .digest("base64url");
  }
}
