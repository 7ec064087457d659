/**
 * Delivery reports from upstream answers: counts from the rows, completion, listed campaigns' counters, the
 * public status of each state, and IST times.
 */
import { describe, expect, it } from "vitest";
import {
  deliveryStatusOf,
  displayMobile,
  reportFromCounters,
  reportFromSendReport,
} from "../../src/gateway/delivery-report.js";
import { parseIstDateTime } from "../../src/quickcom/domain/schedule.js";
import type { CampaignReport, DeliveryState, RecipientReport } from "../../src/quickcom/types.js";

function row(state: DeliveryState, mobile = "919999900000"): RecipientReport {
  return {
    mobile,
    creditsUsed: 1,
    submittedAt: null,
    doneAt: null,
    status: state,
    responseCode: null,
    state,
  };
}

function campaign(rows: RecipientReport[], overrides: Partial<CampaignReport> = {}): CampaignReport {
  return {
    id: 1,
    name: "API",
    senderId: "QCOMM",
    smsType: "1",
    message: "hi",
    messageType: "1",
    totalContacts: rows.length,
    delivered: 0,
    failed: 0,
    stage: "In-process",
    messageLength: 2,
    creditsPerMessage: 1,
    totalBlockNumbers: 0,
    totalInvalidNumbers: 0,
    totalCreditUsed: rows.length,
    recipients: rows,
    ...overrides,
  };
}

describe("reportFromSendReport", () => {
  it("counts the rows, not the lagging counters", () => {
    const report = reportFromSendReport(
      campaign([row("delivered"), row("failed"), row("invalid", "12345"), row("blocked"), row("pending")], {
        delivered: 0,
        failed: 0,
      }),
    );
    expect(report).toMatchObject({
      totalContacts: 5,
      delivered: 1,
      failed: 1,
      invalid: 1,
      blocked: 1,
      pending: 1,
      completed: false,
    });
    expect(report.recipients.map((r) => r.position)).toEqual([0, 1, 2, 3, 4]);
  });

  it.each([
    ["no row pending", [row("delivered"), row("failed")], "In-process", true],
    ["a row pending", [row("delivered"), row("pending")], "In-process", false],
    ["a stopped campaign", [row("delivered"), row("pending")], "Stop", true],
  ])("is complete with %s", (_name, rows, stage, completed) => {
    expect(reportFromSendReport(campaign(rows, { stage })).completed).toBe(completed);
  });

  it("falls back to the counters without rows (scheduled or seeded)", () => {
    const report = reportFromSendReport(
      campaign([], {
        totalContacts: 10,
        delivered: 4,
        failed: 1,
        totalInvalidNumbers: 2,
        stage: "In-process",
      }),
    );
    expect(report).toMatchObject({ totalContacts: 10, delivered: 4, failed: 1, invalid: 2, pending: 3 });
    expect(report.recipients).toEqual([]);
  });
});

describe("reportFromCounters", () => {
  it("has nothing pending once the stage is final", () => {
    const listed = { ...campaign([]), totalContacts: 10, delivered: 5, failed: 0, stage: "Stop" };
    expect(reportFromCounters(listed)).toMatchObject({ pending: 0, completed: true });
    expect(reportFromCounters({ ...listed, stage: "Pending" })).toMatchObject({
      pending: 5,
      completed: false,
    });
  });
});

describe("statuses, numbers and times", () => {
  it.each([
    ["pending", "PENDING"],
    ["delivered", "DELIVERED"],
    ["failed", "FAILED"],
    ["invalid", "FAILED"],
    ["blocked", "FAILED"],
  ] as const)("%s is %s", (state, status) => {
    expect(deliveryStatusOf(state)).toBe(status);
  });

  it("shows a stored number as 10 digits and an invalid one as stored", () => {
    expect(displayMobile("919876543210")).toBe("9876543210");
    expect(displayMobile("12345")).toBe("12345");
  });

  it.each([
    ["2026-12-03 18:30:05", "2026-12-03T13:00:05.000Z"],
    ["2026-12-03 00:10:00", "2026-12-02T18:40:00.000Z"],
    [null, null],
    ["", null],
    ["0000-00-00 00:00:00", null],
    ["2026-02-30 10:00:00", null],
    ["yesterday", null],
  ])("reads IST %s", (value, iso) => {
    expect(parseIstDateTime(value)?.toISOString() ?? null).toBe(iso);
  });
});
