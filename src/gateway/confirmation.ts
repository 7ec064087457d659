/**
 * Short-lived, single-use confirmation tokens: a preview hands one out, bound to the exact send it previewed
 * (credential and input fingerprint); a send that requires confirmation accepts only a matching, unexpired
 * token that no send has used yet, so one approval pays for one send. Tokens are signed with the deployment's
 * key (CONFIRMATION_SECRET or a key file), so they stay valid across processes, and their nonces are recorded
 * in a {@link NonceStore} shared by those processes.
 *
 * A token is `<expiresAt>.<nonce>.<keyId>.<inputTag>.<signature>`: `keyId` names the signing key, `inputTag`
 * the send it confirms, and the signature covers all four, so a refusal can say which of them is wrong.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { MemoryNonceStore, type NonceStore } from "./nonce-store.js";

/** Default lifetime of a token: long enough to show a preview and ask a human, short enough to go stale. */
export const CONFIRMATION_TTL_MS = 5 * 60_000;

/** Options of {@link ConfirmationTokens}. */
export interface ConfirmationOptions {
  /** HMAC key; default: random per process (tokens then die with the process). */
  secret?: Buffer;
  /** Used nonces; default: in this process's memory. */
  nonces?: NonceStore;
  /** Lifetime of a token in milliseconds (default {@link CONFIRMATION_TTL_MS}). */
  ttlMs?: number;
  /** Clock in milliseconds. */
  now?: () => number;
}

/**
 * Why a token was refused: `foreign` when another key signed it (another deployment, a changed
 * CONFIRMATION_SECRET) or it was altered, `mismatch` when it confirms a different send.
 */
export type ConfirmationVerdict =
  | "ok"
  | "missing"
  | "malformed"
  | "foreign"
  | "mismatch"
  | "expired"
  | "used";

const TOKEN =
  /^(\d{13,15})\.([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})$/;

/** Issues and verifies confirmation tokens. */
export class ConfirmationTokens {
  /** Lifetime of a token in milliseconds. */
  readonly ttlMs: number;
  private readonly secret: Buffer;
  private readonly keyId: string;
  private readonly nonces: NonceStore;
  private readonly now: () => number;

  constructor(options: ConfirmationOptions = {}) {
    this.secret = options.secret ?? randomBytes(32);
    this.keyId = createHash("sha256")
      .update("confirmation-key-id\n")
      .update(this.secret)
      .digest("base64url")
      .slice(0, 8);
    this.ttlMs = options.ttlMs ?? CONFIRMATION_TTL_MS;
    this.now = options.now ?? Date.now;
    this.nonces = options.nonces ?? new MemoryNonceStore(this.now);
  }

  /** A token for this credential and send fingerprint. */
  issue(credentialKey: string, fingerprint: string): { token: string; expiresAt: Date } {
    const expiresAt = this.now() + this.ttlMs;
    const nonce = randomBytes(12).toString("base64url");
    const head = `${expiresAt}.${nonce}.${this.keyId}.${this.inputTag(credentialKey, fingerprint)}`;
    return { token: `${head}.${this.sign(head)}`, expiresAt: new Date(expiresAt) };
  }

  /** Checks a token against the send it must confirm (signatures compared in constant time). */
  async verify(
    token: string | null | undefined,
    credentialKey: string,
    fingerprint: string,
  ): Promise<ConfirmationVerdict> {
    if (!token) return "missing";
    const match = TOKEN.exec(token);
    if (!match) return "malformed";
    const [, expiry = "", nonce = "", keyId = "", tag = "", signature = ""] = match;
    if (keyId !== this.keyId) return "foreign";
    if (!sameText(signature, this.sign(`${expiry}.${nonce}.${keyId}.${tag}`))) return "foreign";
    if (!sameText(tag, this.inputTag(credentialKey, fingerprint))) return "mismatch";
    const expiresAt = Number(expiry);
    if (expiresAt <= this.now()) return "expired";
    if (await this.nonces.isUsed(nonce, expiresAt)) return "used";
    return "ok";
  }

  /**
   * Marks a token that {@link verify} accepted as used, durably where the nonce store is; false when a send
   * already used it. The store records it in one step, so two concurrent sends (on any replica sharing the store)
   * cannot both use one token.
   */
  consume(token: string): Promise<boolean> {
    const [expiresAt = "0", nonce = ""] = token.split(".");
    return this.nonces.consume(nonce, Number(expiresAt));
  }

  private inputTag(credentialKey: string, fingerprint: string): string {
    return createHmac("sha256", this.secret)
      .update(`input\n${credentialKey}\n${fingerprint}`)
      .digest("base64url")
      .slice(0, 22);
  }

  private sign(head: string): string {
    return createHmac("sha256", this.secret).update(`token\n${head}`).digest("base64url");
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
