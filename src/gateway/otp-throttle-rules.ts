/**
 * The OTP resend throttle's rules and arithmetic, with no I/O: how `OTP_THROTTLE` is written (`1/30s,5/1h`), and
 * when, given the times of earlier sends to one number, the next send may go out. Both state engines (memory and
 * the Redis Lua script) apply the same sliding-window rule.
 */

/** At most `limit` OTPs to one number within any `windowMs`. */
export interface OtpThrottleRule {
  limit: number;
  windowMs: number;
}

/** The default: one OTP per 30 seconds and five per hour, per recipient number and credential. */
export const DEFAULT_OTP_THROTTLE: readonly OtpThrottleRule[] = [
  { limit: 1, windowMs: 30_000 },
  { limit: 5, windowMs: 60 * 60_000 },
];

/** Bounds and default of the length of a generated or given code. */
export const OTP_CODE_LENGTH = { min: 4, max: 8, default: 6 } as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const RULE = /^(\d{1,6})\s*\/\s*(\d{1,9})\s*(ms|s|m|h|d)$/;
const MAX_WINDOW_MS = 7 * 86_400_000;

/**
 * Parses `OTP_THROTTLE`: comma-separated `<count>/<window>` rules with a unit (`ms`, `s`, `m`, `h`, `d`), e.g.
 * `1/30s,5/1h`; `off` turns the throttle off. Returns the rules, or what is wrong as a sentence.
 */
export function parseOtpThrottle(text: string): OtpThrottleRule[] | string {
  const trimmed = text.trim();
  if (trimmed === "off") return [];
  const rules: OtpThrottleRule[] = [];
  for (const part of trimmed.split(",")) {
    const match = RULE.exec(part.trim());
    if (!match) return "must be rules such as 1/30s,5/1h (count/window with ms, s, m, h or d), or off";
    const limit = Number(match[1]);
    const windowMs = Number(match[2]) * (UNIT_MS[match[3] as string] ?? 1);
    if (limit < 1 || windowMs < 1) return "every count and window must be greater than 0";
    if (windowMs > MAX_WINDOW_MS) return "a window may be at most 7 days";
    rules.push({ limit, windowMs });
  }
  return rules;
}

/** The longest window of `rules`: how long a send time matters (0 without rules). */
export function longestWindow(rules: readonly OtpThrottleRule[]): number {
  return rules.reduce((max, rule) => Math.max(max, rule.windowMs), 0);
}

/**
 * When the next send may go out, in epoch milliseconds, given the times of earlier sends (any order): `now` or
 * earlier when it may go now. A rule is full while `limit` sends lie in `(now - windowMs, now]`; it frees up when
 * the oldest of the last `limit` of them leaves the window.
 */
export function nextAllowedAt(
  sentAt: readonly number[],
  rules: readonly OtpThrottleRule[],
  now: number,
): number {
  let at = now;
  for (const rule of rules) {
    const inWindow = sentAt.filter((t) => t > now - rule.windowMs).sort((a, b) => a - b);
    if (inWindow.length < rule.limit) continue;
    const oldest = inWindow[inWindow.length - rule.limit] as number;
    at = Math.max(at, oldest + rule.windowMs);
  }
  return at;
}
