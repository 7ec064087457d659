/**
 * The audit entries of one send attempt, over MemoryAuditStore and a fake clock: the intent written before
 * anything leaves, and each concluding outcome (SENT, PARTIAL, UNKNOWN, FAILED, REFUSED, REPLAYED) with its
 * recipients, credits, campaigns, code, time and the attempt id that closes the intent.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { type AuditEntry, MemoryAuditStore } from "../../src/gateway/audit.js";
import {
  CapExceededError,
  PartialSendError,
  RateLimitedError,
  SendOutcomeUnknownError,
} from "../../src/gateway/errors.js";
import type { ChunkState } from "../../src/gateway/idempotency.js";
import { SendAttemptAudit } from "../../src/gateway/send-attempt-audit.js";
import type { SendMessageResponse } from "../../src/quickcom/types.js";

const subject = {
  actor: "token:ops",
  transport: "mcp" as const,
  credential: "cred-a",
  requestId: "req-1",
  dltTemplateId: "1507162019748109480",
  route: "TRANSACTIONAL",
  idempotencyKey: "key-1",
};

let store: MemoryAuditStore;
let clock: Date;

beforeEach(() => {
  store = new MemoryAuditStore();
  clock = new Date("2026-03-10T06:30:00.000Z");
});

function attemptAudit(requested = 7) {
  return new SendAttemptAudit({ store, now: () => clock, subject, requested, attempt: "attempt-1" });
}

/** The one entry the store holds. */
async function onlyEntry(): Promise<AuditEntry> {
  const { entries } = await store.list({ first: 10 });
  expect(entries).toHaveLength(1);
  return entries[0] as AuditEntry;
}

function chunk(status: ChunkState["status"], size: number, credits?: number): ChunkState {
  const numbers = Array.from({ length: size }, (_, i) => `98765${String(i).padStart(5, "0")}`);
  const response =
    credits === undefined
      ? null
      : ({ uuid: `uuid-${size}`, creditsDeducted: credits } as SendMessageResponse);
  return { numbers, status, response, error: null };
}

describe("SendAttemptAudit: the intent", () => {
  it("is written before anything leaves, open (STARTED) until the outcome carrying its attempt id", async () => {
    const audit = attemptAudit();
    await audit.begin(5, 2);
    expect(await store.usesOfKey("cred-a", "key-1", new Date(0))).toEqual([
      { at: "2026-03-10T06:30:00.000Z", outcome: "STARTED", campaignUuids: [] },
    ]);
    clock = new Date("2026-03-10T06:31:00.000Z");
    await audit.sent(5, [chunk("SENT", 5, 10)]);
    expect(await store.usesOfKey("cred-a", "key-1", new Date(0))).toEqual([
      { at: "2026-03-10T06:31:00.000Z", outcome: "SENT", campaignUuids: ["uuid-5"] },
    ]);
  });

  it("a failed intent write leaves the attempt unbegun: its outcome is REFUSED, without an attempt id", async () => {
    const failing = new MemoryAuditStore();
    failing.begin = () => Promise.reject(new Error("disk full"));
    const audit = new SendAttemptAudit({ store: failing, now: () => clock, subject, requested: 3 });
    await expect(audit.begin(3, 1)).rejects.toThrow("disk full");
    await audit.failed(new Error("disk full"), []);
    const { entries } = await failing.list({ first: 1 });
    expect(entries[0]).toMatchObject({ outcome: "REFUSED", code: "INTERNAL" });
    expect(entries[0]).not.toHaveProperty("attempt");
  });
});

describe("SendAttemptAudit: outcomes", () => {
  it("SENT: the recipients sent, credits deducted and estimated, campaigns, the attempt id, the time of writing", async () => {
    const audit = attemptAudit();
    await audit.begin(5, 2);
    clock = new Date("2026-03-10T06:30:09.000Z");
    await audit.sent(6, [chunk("SENT", 2, 4), chunk("SENT", 3, 6)]);
    expect(await onlyEntry()).toEqual({
      id: 1,
      at: "2026-03-10T06:30:09.000Z",
      ...subject,
      recipients: 6,
      estimatedCredits: 10,
      creditsDeducted: 10,
      outcome: "SENT",
      code: null,
      campaignUuids: ["uuid-2", "uuid-3"],
      attempt: "attempt-1",
    });
    expect(await store.creditsSince("cred-a", new Date(0))).toBe(10);
  });

  it("PARTIAL: counts what went out or may have (SENT, UNKNOWN), not what certainly failed", async () => {
    const audit = attemptAudit();
    await audit.begin(9, 2);
    await audit.failed(new PartialSendError("key-1", []), [
      chunk("SENT", 2, 4),
      chunk("UNKNOWN", 3),
      chunk("FAILED", 4),
    ]);
    expect(await onlyEntry()).toMatchObject({
      outcome: "PARTIAL",
      code: "PARTIAL_SEND",
      recipients: 7,
      estimatedCredits: 10,
      creditsDeducted: 4,
      campaignUuids: ["uuid-2"],
      attempt: "attempt-1",
    });
    expect(await store.creditsSince("cred-a", new Date(0))).toBe(10);
  });

  it("UNKNOWN: the chunk that may have gone out is estimated, nothing deducted", async () => {
    const audit = attemptAudit(3);
    await audit.begin(3, 1);
    await audit.failed(new SendOutcomeUnknownError("lost", "key-1"), [chunk("UNKNOWN", 3)]);
    expect(await onlyEntry()).toMatchObject({
      outcome: "UNKNOWN",
      code: "SEND_OUTCOME_UNKNOWN",
      recipients: 3,
      estimatedCredits: 3,
      creditsDeducted: 0,
      campaignUuids: [],
      attempt: "attempt-1",
    });
  });

  it("FAILED: begun but certainly not sent; costs nothing", async () => {
    const audit = attemptAudit(4);
    await audit.begin(4, 1);
    await audit.failed(new RateLimitedError("throttled", 5), [chunk("FAILED", 4)]);
    expect(await onlyEntry()).toMatchObject({
      outcome: "FAILED",
      code: "RATE_LIMITED",
      estimatedCredits: 0,
      creditsDeducted: 0,
      attempt: "attempt-1",
    });
    expect(await store.creditsSince("cred-a", new Date(0))).toBe(0);
  });

  it("REFUSED: never begun; the requested recipients, no attempt id; a code-less error is INTERNAL", async () => {
    const audit = attemptAudit(12);
    await audit.failed(new CapExceededError("DAILY_MAX_CREDITS", 10, 12), []);
    await attemptAudit(12).failed(new TypeError("boom"), []);
    const { entries } = await store.list({ first: 10 });
    expect(entries.map((e) => [e.outcome, e.code, e.recipients, e.estimatedCredits])).toEqual([
      ["REFUSED", "INTERNAL", 12, 0],
      ["REFUSED", "CAP_EXCEEDED", 12, 0],
    ]);
    for (const entry of entries) expect(entry).not.toHaveProperty("attempt");
  });

  it("REPLAYED: nothing sent, nothing spent, the requested recipients", async () => {
    await attemptAudit(2).replayed();
    expect(await onlyEntry()).toEqual({
      id: 1,
      at: "2026-03-10T06:30:00.000Z",
      ...subject,
      recipients: 2,
      estimatedCredits: 0,
      creditsDeducted: 0,
      outcome: "REPLAYED",
      code: null,
      campaignUuids: [],
    });
  });
});
