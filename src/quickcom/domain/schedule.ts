/**
 * Scheduling rules in India Standard Time: the backend's `schedule_date` format, its
 * past-date check, and the TRAI promotional window as the backend compares it.
 */

/** The zone the backend interprets dates in (its `config/app.php` uses the alias Asia/Calcutta). */
export const IST_TIME_ZONE = "Asia/Kolkata";

/** IST is UTC+05:30 all year (no daylight saving since 1945), so plain arithmetic is exact. */
export const IST_OFFSET_MINUTES = 330;

const MINUTE_MS = 60_000;

/** First minute of the promotional window, in minutes after IST midnight (09:00). */
export const PROMOTIONAL_WINDOW_START_MINUTE = 9 * 60;

/** Last allowed minute of the promotional window, in minutes after IST midnight (21:00, inclusive). */
export const PROMOTIONAL_WINDOW_END_MINUTE = 21 * 60;

function assertValidDate(date: Date, name: string): number {
  const time = date.getTime();
  if (Number.isNaN(time)) throw new RangeError(`${name} is an invalid Date.`);
  return time;
}

/** The instant cut down to the start of its minute (what `YYYY-MM-DD HH:MM` can express). */
export function truncateToMinute(date: Date): Date {
  const time = assertValidDate(date, "date");
  return new Date(Math.floor(time / MINUTE_MS) * MINUTE_MS);
}

/** The instant's wall clock in IST, read through UTC getters of a shifted Date. */
function istWallClock(date: Date): Date {
  return new Date(assertValidDate(date, "date") + IST_OFFSET_MINUTES * MINUTE_MS);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, "0");
}

/** `YYYY-MM-DD HH:MM` in Asia/Kolkata (what the backend's schedule_date accepts; NOT HH:MM:SS). */
export function formatIstMinute(date: Date): string {
  const wall = istWallClock(date);
  const year = wall.getUTCFullYear();
  if (year < 0 || year > 9999) throw new RangeError("The date is outside the years 0000-9999.");
  return (
    `${pad(year, 4)}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())} ` +
    `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}`
  );
}

/**
 * An IST wall-clock time `YYYY-MM-DD HH:MM[:SS]` as an instant; null when absent, not in that form, or not on
 * the calendar (MySQL's zero date `0000-00-00 00:00:00` included).
 */
export function parseIstDateTime(value: string | null): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value?.trim() ?? "");
  if (!match) return null;
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, sec = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const utc = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(utc);
  const onCalendar =
    y >= 1970 &&
    back.getUTCFullYear() === y &&
    back.getUTCMonth() === mo - 1 &&
    back.getUTCDate() === d &&
    back.getUTCHours() === h &&
    back.getUTCMinutes() === mi;
  return onCalendar ? new Date(utc - IST_OFFSET_MINUTES * MINUTE_MS) : null;
}

/** Minutes since IST midnight (0..1439) of the instant, seconds ignored. */
export function istMinuteOfDay(instant: Date): number {
  const wall = istWallClock(instant);
  return wall.getUTCHours() * 60 + wall.getUTCMinutes();
}

/** Start of the IST calendar day containing the instant (IST midnight, as a UTC instant). */
export function startOfIstDay(instant: Date): Date {
  const time = assertValidDate(instant, "instant");
  return new Date(time - istMinuteOfDay(instant) * MINUTE_MS - (time % MINUTE_MS));
}

/**
 * 09:00–21:00 IST inclusive. The backend (`checkPromotionalHours`) compares `date('H:i')`, i.e. hour and
 * minute only, so every second of 21:00 is allowed (21:00:59 ok) and 21:01 is not; 08:59:59 is not.
 */
export function isWithinPromotionalWindow(instant: Date): boolean {
  const minute = istMinuteOfDay(instant);
  return minute >= PROMOTIONAL_WINDOW_START_MINUTE && minute <= PROMOTIONAL_WINDOW_END_MINUTE;
}

/** One problem with when a message would be sent. */
export type ScheduleIssue =
  /** scheduleAt, truncated to the minute as it is sent, is not after now. */
  | { code: "SCHEDULE_IN_PAST"; message: string }
  /** Route 2 (promotional) outside 09:00–21:00 IST at the moment it would be sent. */
  | { code: "PROMOTIONAL_HOURS"; message: string };

/** Input of {@link checkSchedule}. */
export interface ScheduleInput {
  /** 0 OTP, 1 transactional, 2 promotional. */
  route: 0 | 1 | 2;
  /** When to send; null or absent = now. */
  scheduleAt?: Date | null;
  /** The current instant (injected clock). */
  now: Date;
}

/**
 * route: 0 OTP, 1 transactional, 2 promotional. Mirrors the backend's `sendMessage`: it checks the promotional
 * window against `campaign_send_date_time`, which is the schedule_date when one is sent and the current time
 * otherwise, never both. The scheduled minute is checked as it is sent (truncated to the minute). A schedule
 * that is not after now is reported even when the backend would still accept it (same second: it then sends
 * at once instead of scheduling). Both issues are reported when both apply.
 */
export function checkSchedule(input: ScheduleInput): ScheduleIssue[] {
  const now = assertValidDate(input.now, "now");
  const issues: ScheduleIssue[] = [];
  const scheduled = input.scheduleAt ? truncateToMinute(input.scheduleAt) : null;
  if (scheduled && scheduled.getTime() <= now) {
    issues.push({
      code: "SCHEDULE_IN_PAST",
      message:
        `The schedule time ${formatIstMinute(scheduled)} IST is not in the future ` +
        `(it is now ${formatIstMinute(input.now)} IST and schedules are sent to the minute).`,
    });
  }
  const sendAt = scheduled ?? input.now;
  if (input.route === 2 && !isWithinPromotionalWindow(sendAt)) {
    issues.push({
      code: "PROMOTIONAL_HOURS",
      message: `Promotional messages can only be sent between 09:00 and 21:00 IST, and ${formatIstMinute(sendAt)} IST is outside that window.`,
    });
  }
  return issues;
}
