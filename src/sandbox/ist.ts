/** Asia/Kolkata (the backend's `Asia/Calcutta` app timezone) helpers: a fixed +05:30 offset, no DST. */

const IST_OFFSET_MS = 330 * 60 * 1000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** Carbon `toDateTimeString()` in IST: `YYYY-MM-DD HH:MM:SS`. */
export function istDateTimeString(date: Date): string {
  const ist = new Date(date.getTime() + IST_OFFSET_MS);
  return (
    `${ist.getUTCFullYear()}-${pad(ist.getUTCMonth() + 1)}-${pad(ist.getUTCDate())} ` +
    `${pad(ist.getUTCHours())}:${pad(ist.getUTCMinutes())}:${pad(ist.getUTCSeconds())}`
  );
}

/** PHP `date('Ymd')` in IST. */
export function istYmd(date: Date): string {
  return istDateTimeString(date).slice(0, 10).replaceAll("-", "");
}

/** PHP `date('H:i', $timestamp)` in IST. */
export function istHourMinute(unixSeconds: number): string {
  const ist = new Date(unixSeconds * 1000 + IST_OFFSET_MS);
  return `${pad(ist.getUTCHours())}:${pad(ist.getUTCMinutes())}`;
}

/** Carbon's JSON form of an instant: UTC ISO-8601 with microseconds (`2025-02-28T11:31:50.814219Z`). */
export function carbonJson(date: Date): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

/** PHP `time()`: whole seconds since the epoch. */
export function unixSeconds(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ \t\n\r\v\f](\d{2}):(\d{2})(?::(\d{2}))?$/;

/**
 * PHP `strtotime()` for the shapes the backend meets here (`YYYY-MM-DD HH:MM[:SS]`, interpreted in IST,
 * day/month overflow normalised like PHP). Anything else yields `false`.
 */
export function istStrtotime(value: string): number | false {
  const match = DATE_TIME.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s] = match;
  const hours = Number(h);
  const minutes = Number(mi);
  const seconds = Number(s ?? "0");
  if (hours > 24 || minutes > 59 || seconds > 59) return false;
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), hours, minutes, seconds);
  return Math.floor((utc - IST_OFFSET_MS) / 1000);
}
