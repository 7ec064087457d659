/**
 * The credit-cap ledger on its own, over an in-memory audit trail and a fake clock: the per-send cap, the daily
 * cap per credential per IST calendar day (what the trail shows spent since IST midnight), reservations of
 * sends under way that together never exceed the cap, and release when a send ends or fails. Every suite runs on
 * both state engines (memory, and a real Redis where the book is a Lua script over counters).
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { AuditEntry, AuditStore } from "../../src/gateway/audit.js";
import { CreditCapLedger, resolveBalanceCaps } from "../../src/gateway/credit-cap-ledger.js";
import { CapExceededError } from "../../src/gateway/errors.js";
import { STATE_ENGINES, type StateEngine, useStateEngines } from "../support/state-engines.js";

useStateEngines();

/** An instant given as IST wall-clock time. */
const ist = (wall: string) => new Date(`${wall}+05:30`);

let engine: StateEngine;
let audit: AuditStore;
let clock: Date;
const now = () => clock;

function useEngine(chosen: StateEngine) {
  beforeEach(() => {
    engine = chosen;
    audit = engine.audit();
    clock = ist("2026-03-10T12:00:00");
  });
}

/** Appends a concluded send of `credential` at the clock's current time. */
function spend(credits: number, overrides: Partial<AuditEntry> = {}) {
  return audit.append({
    at: now().toISOString(),
    actor: "token:ops",
    transport: "graphql",
    credential: "cred-a",
    requestId: "req",
    dltTemplateId: "1507162019748109480",
    route: "TRANSACTIONAL",
    recipients: credits,
    estimatedCredits: credits,
    creditsDeducted: credits,
    outcome: "SENT",
    code: null,
    idempotencyKey: null,
    campaignUuids: [],
    ...overrides,
  });
}

/** The CapExceededError `promise` rejects with. */
async function refusal(promise: Promise<unknown>): Promise<CapExceededError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CapExceededError);
  return error as CapExceededError;
}

function ledger(maxCreditsPerDay: number | null, maxCreditsPerSend: number | null = null) {
  return new CreditCapLedger({
    caps: resolveBalanceCaps({ maxCreditsPerSend, maxCreditsPerDay }),
    audit,
    book: engine.book(audit),
  });
}

describe.each(STATE_ENGINES)("CreditCapLedger: per-send cap ($name)", (chosen) => {
  useEngine(chosen);
  it("refuses a send over SEND_MAX_CREDITS and accepts one at it", async () => {
    const caps = ledger(null, 5);
    const error = await refusal(caps.reserve("cred-a", 6, now()));
    expect(error).toMatchObject({ cap: "SEND_MAX_CREDITS", limit: 5, requested: 6, code: "CAP_EXCEEDED" });
    await expect(caps.reserve("cred-a", 5, now())).resolves.toBeTypeOf("function");
  });

  it("with no daily cap reads nothing from the audit trail and reserves nothing", async () => {
    const unread: Pick<AuditStore, "creditsSince"> = {
      creditsSince: () => Promise.reject(new Error("the trail must not be read without a daily cap")),
    };
    const caps = new CreditCapLedger({
      caps: resolveBalanceCaps({ maxCreditsPerSend: null, maxCreditsPerDay: null }),
      audit: unread,
    });
    await caps.reserve("cred-a", 1_000_000, now());
    expect(await caps.reservedFor("cred-a", now())).toBe(0);
  });
});

describe.each(STATE_ENGINES)("CreditCapLedger: daily cap per IST day ($name)", (chosen) => {
  useEngine(chosen);
  it("counts what the trail shows spent today, and refuses what would go over", async () => {
    await spend(7);
    const caps = ledger(10);
    const error = await refusal(caps.reserve("cred-a", 4, now()));
    expect(error).toMatchObject({ cap: "DAILY_MAX_CREDITS", limit: 10, requested: 11 });
    await expect(caps.reserve("cred-a", 3, now())).resolves.toBeTypeOf("function");
  });

  it("starts afresh at IST midnight, not UTC midnight", async () => {
    clock = ist("2026-03-10T23:50:00");
    await spend(8);
    const caps = ledger(10);
    clock = ist("2026-03-10T23:59:59");
    await refusal(caps.reserve("cred-a", 5, now()));
    clock = ist("2026-03-11T00:00:00");
    const release = await caps.reserve("cred-a", 10, now());
    await release();
    // 00:10 IST on the 11th is 18:40 UTC on the 10th: still today for the cap at 06:00 IST (00:30 UTC).
    clock = ist("2026-03-11T00:10:00");
    await spend(6);
    clock = ist("2026-03-11T06:00:00");
    expect(clock.toISOString()).toBe("2026-03-11T00:30:00.000Z");
    const error = await refusal(caps.reserve("cred-a", 5, now()));
    expect(error.requested).toBe(11);
  });

  it("counts possibly spent credits (UNKNOWN, PARTIAL) and not certainly unspent ones (FAILED, REFUSED)", async () => {
    await spend(0, { outcome: "UNKNOWN", estimatedCredits: 4, creditsDeducted: 0 });
    await spend(0, { outcome: "PARTIAL", estimatedCredits: 3, creditsDeducted: 2 });
    await spend(0, { outcome: "FAILED", estimatedCredits: 50, creditsDeducted: 0 });
    await spend(0, { outcome: "REFUSED", estimatedCredits: 50, creditsDeducted: 0 });
    const caps = ledger(10);
    expect((await refusal(caps.reserve("cred-a", 4, now()))).requested).toBe(11);
    await caps.reserve("cred-a", 3, now());
  });

  it("keeps credentials apart", async () => {
    await spend(10, { credential: "cred-b" });
    const caps = ledger(10);
    await caps.reserve("cred-b-other", 10, now());
    await caps.reserve("cred-a", 10, now());
    await refusal(caps.reserve("cred-b", 1, now()));
  });
});

describe.each(STATE_ENGINES)("CreditCapLedger: reservations ($name)", (chosen) => {
  useEngine(chosen);
  it("concurrent reservations never together exceed the cap", async () => {
    await spend(2);
    const caps = ledger(10);
    const attempts = await Promise.allSettled(
      Array.from({ length: 5 }, () => caps.reserve("cred-a", 3, now())),
    );
    const granted = attempts.filter((a) => a.status === "fulfilled");
    const refused = attempts.filter((a) => a.status === "rejected");
    expect(granted).toHaveLength(2);
    expect(refused).toHaveLength(3);
    for (const r of refused) expect(r.reason).toMatchObject({ cap: "DAILY_MAX_CREDITS", requested: 11 });
    expect(await caps.reservedFor("cred-a", now())).toBe(6);
  });

  it("a send that fails releases its reservation, and releasing twice frees nothing more", async () => {
    const caps = ledger(10);
    const failed = await caps.reserve("cred-a", 6, now());
    const other = await caps.reserve("cred-a", 4, now());
    await refusal(caps.reserve("cred-a", 1, now()));
    await failed();
    await failed();
    expect(await caps.reservedFor("cred-a", now())).toBe(4);
    await refusal(caps.reserve("cred-a", 7, now()));
    const retry = await caps.reserve("cred-a", 6, now());
    await retry();
    await other();
    expect(await caps.reservedFor("cred-a", now())).toBe(0);
  });

  it("a send audited then released is counted once, from the trail", async () => {
    const caps = ledger(10);
    const release = await caps.reserve("cred-a", 6, now());
    await spend(6);
    await release();
    expect(await caps.reservedFor("cred-a", now())).toBe(0);
    await refusal(caps.reserve("cred-a", 5, now()));
    await caps.reserve("cred-a", 4, now());
  });

  it("counts fractional amounts (WhatsApp credit) exactly, spent and reserved", async () => {
    await spend(0.875, { route: "WHATSAPP", balance: "whatsapp_credit" });
    const caps = ledger(2);
    const wa = "whatsapp_credit" as const;
    const held = await caps.reserve("cred-a", 0.875, now(), wa);
    expect(await caps.reservedFor("cred-a", now(), wa)).toBe(0.875);
    expect((await refusal(caps.reserve("cred-a", 0.375, now(), wa))).requested).toBe(2.125);
    await caps.reserve("cred-a", 0.25, now(), wa);
    await held();
    expect(await caps.reservedFor("cred-a", now(), wa)).toBe(0.25);
    expect(await audit.creditsSince("cred-a", ist("2026-03-10T00:00:00"), wa)).toBe(0.875);
    expect(await audit.creditsSince("cred-a", ist("2026-03-10T00:00:00"))).toBe(0);
  });

  it("keeps one daily book per balance: SMS spending leaves the voice and WhatsApp caps whole", async () => {
    await spend(9);
    await spend(3, { route: "VOICE", balance: "voice_sms_balance" });
    const caps = new CreditCapLedger({
      caps: resolveBalanceCaps(
        { maxCreditsPerSend: null, maxCreditsPerDay: 10 },
        { voice_sms_balance: { maxCreditsPerSend: 4, maxCreditsPerDay: 5 } },
      ),
      audit,
      book: engine.book(audit),
    });
    expect((await refusal(caps.reserve("cred-a", 2, now()))).requested).toBe(11);
    await caps.reserve("cred-a", 2, now(), "voice_sms_balance");
    expect(await caps.reservedFor("cred-a", now(), "voice_sms_balance")).toBe(2);
    expect(await caps.reservedFor("cred-a", now())).toBe(0);
    expect(await refusal(caps.reserve("cred-a", 1, now(), "voice_sms_balance"))).toMatchObject({
      cap: "DAILY_MAX_CREDITS",
      limit: 5,
      requested: 6,
    });
    expect(await refusal(caps.reserve("cred-a", 5, now(), "voice_sms_balance"))).toMatchObject({
      cap: "SEND_MAX_CREDITS",
      limit: 4,
    });
    // WhatsApp falls back to the SMS caps, in a book of its own.
    await caps.reserve("cred-a", 10, now(), "whatsapp_credit");
    await refusal(caps.reserve("cred-a", 0.5, now(), "whatsapp_credit"));
  });
});
