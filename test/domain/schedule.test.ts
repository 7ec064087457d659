import { describe, expect, it } from "vitest";
import {
  checkSchedule,
  formatIstMinute,
  IST_TIME_ZONE,
  isWithinPromotionalWindow,
  startOfIstDay,
  truncateToMinute,
} from "../../src/quickcom/domain/schedule.js";

/** An instant given as IST wall-clock time. */
const ist = (wall: string) => new Date(`${wall}+05:30`);

describe("formatIstMinute", () => {
  it.each([
    ["UTC midnight", "2024-03-01T00:00:00Z", "2024-03-01 05:30"],
    ["last IST minute of January", "2024-01-31T18:29:59.999Z", "2024-01-31 23:59"],
    ["IST midnight into February", "2024-01-31T18:30:00Z", "2024-02-01 00:00"],
    ["leap day", "2024-02-28T18:30:00Z", "2024-02-29 00:00"],
    ["after the leap day", "2024-02-29T18:30:00Z", "2024-03-01 00:00"],
    ["no leap day in 2023", "2023-02-28T18:30:00Z", "2023-03-01 00:00"],
    ["UTC still in April, IST already in May", "2024-04-30T20:00:00Z", "2024-05-01 01:30"],
    ["year end", "2024-12-31T18:30:00Z", "2025-01-01 00:00"],
    ["UTC year end is early morning IST", "2024-12-31T23:59:59Z", "2025-01-01 05:29"],
    ["seconds are dropped, not rounded", "2024-05-10T04:30:59.999Z", "2024-05-10 10:00"],
    ["single-digit fields are zero-padded", "2024-01-01T21:35:00Z", "2024-01-02 03:05"],
  ])("%s: %s → %s", (_name, utc, expected) => {
    expect(formatIstMinute(new Date(utc))).toBe(expected);
  });

  it("agrees with the platform's Asia/Kolkata time zone over many instants", () => {
    const format = new Intl.DateTimeFormat("en-CA", {
      timeZone: IST_TIME_ZONE,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    const start = Date.UTC(2023, 0, 1);
    for (let step = 0; step < 2000; step++) {
      const instant = new Date(start + step * 7_919_333);
      const parts = Object.fromEntries(format.formatToParts(instant).map((part) => [part.type, part.value]));
      const expected = `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
      expect(formatIstMinute(instant)).toBe(expected);
    }
  });

  it("matches the backend's schedule_date pattern (no seconds)", () => {
    expect(formatIstMinute(new Date())).toMatch(
      /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d$/,
    );
  });

  it("rejects an invalid Date", () => {
    expect(() => formatIstMinute(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("truncateToMinute", () => {
  it("drops seconds and milliseconds", () => {
    expect(truncateToMinute(new Date("2024-05-10T04:30:59.999Z")).toISOString()).toBe(
      "2024-05-10T04:30:00.000Z",
    );
  });
});

describe("startOfIstDay", () => {
  it.each([
    ["mid-morning IST", ist("2024-05-10T09:15:42.123"), "2024-05-09T18:30:00.000Z"],
    ["a second before IST midnight", ist("2024-05-10T23:59:59.999"), "2024-05-09T18:30:00.000Z"],
    ["IST midnight itself", ist("2024-05-11T00:00:00"), "2024-05-10T18:30:00.000Z"],
    ["00:10 IST, still the previous UTC day", ist("2024-05-11T00:10:00"), "2024-05-10T18:30:00.000Z"],
  ])("%s", (_what, instant, expected) => {
    expect(startOfIstDay(instant).toISOString()).toBe(expected);
  });

  it("rejects an invalid Date", () => {
    expect(() => startOfIstDay(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("isWithinPromotionalWindow", () => {
  it.each([
    ["00:00:00", false],
    ["08:59:00", false],
    ["08:59:59", false],
    ["09:00:00", true],
    ["12:00:00", true],
    ["20:59:59", true],
    ["21:00:00", true],
    ["21:00:59", true],
    ["21:01:00", false],
    ["23:59:59", false],
  ])("%s IST → %s", (time, expected) => {
    expect(isWithinPromotionalWindow(ist(`2024-05-10T${time}`))).toBe(expected);
  });

  it("uses IST, not UTC (09:30 UTC is 15:00 IST; 02:00 UTC is 07:30 IST)", () => {
    expect(isWithinPromotionalWindow(new Date("2024-05-10T09:30:00Z"))).toBe(true);
    expect(isWithinPromotionalWindow(new Date("2024-05-10T02:00:00Z"))).toBe(false);
  });
});

describe("checkSchedule", () => {
  const noonNow = ist("2024-05-10T12:00:30");

  it.each([
    ["an hour ago", ist("2024-05-10T11:00:00"), ["SCHEDULE_IN_PAST"]],
    ["earlier the same minute", ist("2024-05-10T12:00:10"), ["SCHEDULE_IN_PAST"]],
    ["later the same minute (sent truncated)", ist("2024-05-10T12:00:50"), ["SCHEDULE_IN_PAST"]],
    ["the next minute", ist("2024-05-10T12:01:00"), []],
    ["tomorrow", ist("2024-05-11T12:00:00"), []],
    ["no schedule", null, []],
    ["schedule absent", undefined, []],
  ])("transactional, %s", (_name, scheduleAt, codes) => {
    expect(checkSchedule({ route: 1, scheduleAt, now: noonNow }).map((issue) => issue.code)).toEqual(codes);
  });

  it("a schedule equal to now is not in the future", () => {
    const now = ist("2024-05-10T12:00:00");
    expect(checkSchedule({ route: 1, scheduleAt: now, now })).toMatchObject([{ code: "SCHEDULE_IN_PAST" }]);
  });

  it.each([
    ["now in the window", { now: ist("2024-05-10T12:00:00") }, []],
    ["now at 08:59", { now: ist("2024-05-10T08:59:30") }, ["PROMOTIONAL_HOURS"]],
    ["now at 21:00", { now: ist("2024-05-10T21:00:45") }, []],
    ["now at 21:01", { now: ist("2024-05-10T21:01:00") }, ["PROMOTIONAL_HOURS"]],
    [
      "scheduled at 22:00 while now is in the window",
      { now: ist("2024-05-10T12:00:00"), scheduleAt: ist("2024-05-10T22:00:00") },
      ["PROMOTIONAL_HOURS"],
    ],
    [
      "scheduled at 10:00 tomorrow while now is outside (only the scheduled time counts)",
      { now: ist("2024-05-10T23:00:00"), scheduleAt: ist("2024-05-11T10:00:00") },
      [],
    ],
    [
      "scheduled at 21:00:50 (sent as 21:00)",
      { now: ist("2024-05-10T12:00:00"), scheduleAt: ist("2024-05-10T21:00:50") },
      [],
    ],
    [
      "scheduled at 09:00 tomorrow",
      { now: ist("2024-05-10T22:00:00"), scheduleAt: ist("2024-05-11T09:00:00") },
      [],
    ],
    [
      "scheduled at 08:59 tomorrow",
      { now: ist("2024-05-10T12:00:00"), scheduleAt: ist("2024-05-11T08:59:00") },
      ["PROMOTIONAL_HOURS"],
    ],
    [
      "scheduled in the past and outside the window",
      { now: ist("2024-05-10T12:00:00"), scheduleAt: ist("2024-05-10T07:00:00") },
      ["SCHEDULE_IN_PAST", "PROMOTIONAL_HOURS"],
    ],
  ])("promotional, %s", (_name, times, codes) => {
    expect(checkSchedule({ route: 2, ...times }).map((issue) => issue.code)).toEqual(codes);
  });

  it.each([0, 1] as const)("route %i may send at 03:00 IST", (route) => {
    expect(checkSchedule({ route, now: ist("2024-05-10T03:00:00") })).toEqual([]);
    expect(checkSchedule({ route, now: noonNow, scheduleAt: ist("2024-05-11T03:00:00") })).toEqual([]);
  });

  it("messages name the IST minutes involved", () => {
    const [past, hours] = checkSchedule({
      route: 2,
      now: ist("2024-05-10T12:00:00"),
      scheduleAt: ist("2024-05-10T07:05:40"),
    });
    expect(past?.message).toContain("2024-05-10 07:05 IST");
    expect(past?.message).toContain("2024-05-10 12:00 IST");
    expect(hours?.message).toContain("09:00 and 21:00 IST");
    expect(hours?.message).toContain("2024-05-10 07:05 IST");
  });
});
