/**
 * What the audit trail says of an idempotency key this process holds no record of (it restarted since, or another
 * instance sent it): a key that sent, or may have sent, within the idempotency window is refused.
 */
import type { AuditStore, KeyUse } from "./audit.js";
import { IdempotencyKeyUsedError } from "./errors.js";

/** Audit outcomes after which a key may have sent something (a replay implies an earlier send). */
export const MAY_HAVE_SENT: ReadonlySet<KeyUse["outcome"]> = new Set<KeyUse["outcome"]>([
  "STARTED",
  "SENT",
  "PARTIAL",
  "UNKNOWN",
  "REPLAYED",
]);

/**
 * Throws {@link IdempotencyKeyUsedError} when the trail shows `key` of `credential` sent or may have sent since
 * `since`; uses that certainly sent nothing do not count.
 */
export async function refuseKeyUsedBefore(
  audit: Pick<AuditStore, "usesOfKey">,
  credential: string,
  key: string,
  since: Date,
): Promise<void> {
  const uses = await audit.usesOfKey(credential, key, since);
  const spent = uses.find((use) => MAY_HAVE_SENT.has(use.outcome));
  if (spent) {
    const campaigns = [...new Set(uses.flatMap((use) => use.campaignUuids))];
    throw new IdempotencyKeyUsedError(key, spent.outcome, spent.at, campaigns);
  }
}
