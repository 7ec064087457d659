/**
 * OTP codes and what may be kept of them: codes are drawn with a CSPRNG; the audit trail holds only a keyed digest
 * (HMAC) of a code; an idempotency record holds it sealed (AES-256-GCM), so a replay can return it to its caller
 * while the state store (memory or Redis) never holds it in clear; throttle keys name a number by a keyed digest.
 * Every key derives from one deployment secret (the confirmation signing key), so every replica agrees.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, randomInt } from "node:crypto";

/** A code of `length` decimal digits, each uniformly drawn with `crypto.randomInt` (leading zeros allowed). */
export function generateOtpCode(length: number): string {
  let code = "";
  for (let i = 0; i < length; i++) code += String(randomInt(10));
  return code;
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

/** Keyed digests and sealing of OTP codes and numbers, from one secret. */
export class OtpKeys {
  private readonly digestKey: Buffer;
  private readonly sealKey: Buffer;

  /** @param secret the deployment secret (at least 32 random bytes); subkeys are derived from it. */
  constructor(secret: Buffer) {
    const derive = (purpose: string) =>
      createHmac("sha256", secret).update(`quickcom-otp/${purpose}`).digest();
    this.digestKey = derive("digest");
    this.sealKey = derive("seal");
  }

  /** Keyed digest of a code, as the audit trail records it (`hmac-sha256:` and 22 base64url characters). */
  codeDigest(code: string): string {
    return `hmac-sha256:${this.digest("code", code)}`;
  }

  /** Keyed digest of a recipient number for one credential, for throttle keys. */
  numberDigest(credential: string, number: string): string {
    return this.digest("number", `${credential}\u0000${number}`);
  }

  /** Keyed digest of anything else that must be compared but not kept (e.g. a given code in a fingerprint). */
  digest(purpose: string, value: string): string {
    return createHmac("sha256", this.digestKey)
      .update(`${purpose}\u0000${value}`)
      .digest("base64url")
      .slice(0, 22);
  }

  /** The code encrypted and authenticated, as base64url. */
  seal(code: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv("aes-256-gcm", this.sealKey, iv);
    const body = Buffer.concat([cipher.update(code, "utf8"), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url");
  }

  /** The code a {@link seal} produced with this key, or null when it was sealed with another key or altered. */
  open(sealed: string): string | null {
    try {
      const bytes = Buffer.from(sealed, "base64url");
      const decipher = createDecipheriv("aes-256-gcm", this.sealKey, bytes.subarray(0, IV_BYTES));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString("utf8");
    } catch {
      return null;
    }
  }
}
