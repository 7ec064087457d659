import type { RateLimit } from "../types.js";

/** Reads `X-RateLimit-Limit` / `X-RateLimit-Remaining`; a missing or non-numeric header gives `null`. */
export function readRateLimit(headers: Pick<Headers, "get">): RateLimit {
  return {
    limit: headerInteger(headers, "x-ratelimit-limit"),
    remaining: headerInteger(headers, "x-ratelimit-remaining"),
  };
}

function headerInteger(headers: Pick<Headers, "get">, name: string): number | null {
  const raw = headers.get(name)?.trim();
  if (!raw || !/^\d+$/.test(raw)) return null;
  return Number(raw);
}

/**
 * Milliseconds to wait according to `Retry-After` (delta-seconds or an HTTP date), falling back to
 * `X-RateLimit-Reset` (Unix seconds, as Laravel's throttle sends it); `null` when neither is readable.
 * Absolute times are measured against the answer's own `Date` header when present, else `now`.
 */
export function parseRetryAfterMs(headers: Pick<Headers, "get">, now: number = Date.now()): number | null {
  const sentAt = Date.parse(headers.get("date") ?? "");
  const reference = Number.isNaN(sentAt) ? now : sentAt;
  const raw = headers.get("retry-after")?.trim();
  if (raw) {
    if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
    const at = Date.parse(raw);
    if (!Number.isNaN(at)) return Math.max(0, at - reference);
  }
  const reset = headers.get("x-ratelimit-reset")?.trim();
  if (reset && /^\d+$/.test(reset)) return Math.max(0, Number(reset) * 1000 - reference);
  return null;
}
