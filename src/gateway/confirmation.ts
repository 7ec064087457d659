/**
 * Short-lived confirmation tokens: a preview hands one out, bound to the exact send it previewed (credential
 * and input fingerprint); a send that requires confirmation accepts only a matching, unexpired token.
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
export type ConfirmationVerdict = "ok" | "missing" | "malformed" | "expired" | "mismatch";

/** Issues and verifies confirmation tokens. */
export class ConfirmationTokens {
  private readonly secret: Buffer;
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: ConfirmationOptions = {}) {
    this.secret = options.secret ?? randomBytes(32);
    this.ttlMs = options.ttlMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A token for this credential and send fingerprint. */
  issue(credentialKey: string, fingerprint: string): { token: string; expiresAt: Date } {
    const expiresAt = this.now() + this.ttlMs;
    return {
      token: `${expiresAt}.${this.sign(credentialKey, fingerprint, expiresAt)}`,
      expiresAt: new Date(expiresAt),
    };
  }

  /** Checks a token against the send it must confirm, in constant time. */
  verify(token: string | null | undefined, credentialKey: string, fingerprint: string): ConfirmationVerdict {
    if (!token) return "missing";
    const match = /^(\d{13,15})\.([A-Za-z0-9_-]{43})$/.exec(token);
    if (!match) return "malformed";
    const expiresAt = Number(match[1]);
    const given = Buffer.from(match[2] ?? "", "base64url");
    const expected = Buffer.from(this.sign(credentialKey, fingerprint, expiresAt), "base64url");
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "mismatch";
    if (expiresAt <= this.now()) return "expired";
    return "ok";
  }

  private sign(credentialKey: string, fingerprint: string, expiresAt: number): string {
    return createHmac("sha256", this.secret)
      .update(`${credentialKey}\n${fingerprint}\n${expiresAt}`)
      .digest("base64url");
  }
}
