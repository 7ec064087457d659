/**
 * The idempotency store and the audit trail on both state engines: one claim per key however many replicas
 * race for it, a held key refused until it is settled, records read back with their chunk outcomes, and the trail
 * paged newest first, indexed by idempotency key (open intents STARTED) and counted for the daily cap. In Redis a
 * record held by a send reads back with its unsent chunks UNKNOWN, so a replica that dies mid-send never causes a
 * second send.
 */
import { describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/gateway/audit.js";
import { SendOutcomeUnknownError, UpstreamRejectedError } from "../../src/gateway/errors.js";
import { newSendRecord } from "../../src/gateway/idempotency.js";
import { STATE_ENGINES, useStateEngines } from "../support/state-engines.js";

useStateEngines();

const response = (uuid: string) => ({
  uuid,
  campaign: "c",
  senderId: "QCKCOM",
  routeType: 2,
  smsType: 1,
  message: "Hello",
  isFlash: false,
  sendDateTime: "2026-03-10 10:00:00",
  messageCount: 5,
  creditsPerMessage: 1,
  totalContacts: 1,
  creditsDeducted: 1,
  status: "Ready-to-complete",
  invalidNumbers: 0,
});

describe.each(STATE_ENGINES)("IdempotencyStore ($name)", (engine) => {
  it("of concurrent claims of one key by several replicas exactly one wins", async () => {
    const replicas = Array.from({ length: 5 }, () => engine.idempotency());
    const claims = await Promise.all(
      replicas.flatMap((store) => [
        store.claim("cred", "key-1", newSendRecord("fp", [["9876543210"]], Date.now())),
        store.claim("cred", "key-1", newSendRecord("fp", [["9876543210"]], Date.now())),
      ]),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect((await replicas[1]?.get("cred", "key-1"))?.inFlight).toBe(true);
    expect(await replicas[1]?.get("other-cred", "key-1")).toBeUndefined();
  });

  it("settles with chunk outcomes another replica reads back, and resumes once", async () => {
    const a = engine.idempotency();
    const b = engine.idempotency();
    const record = newSendRecord("fp", [["9876543210"], ["9876543211"]], Date.now());
    expect(await a.claim("cred", "key-2", record)).toBe(true);
    const [first, second] = record.chunks;
    if (!first || !second) throw new Error("two chunks");
    first.status = "SENT";
    first.response = response("uuid-1");
    second.status = "FAILED";
    second.error = new UpstreamRejectedError("1006", "Invalid sender", []);
    await a.settle("cred", "key-2", record);
    const seen = await b.get("cred", "key-2");
    expect(seen?.inFlight).toBe(false);
    expect(seen?.chunks.map((c) => [c.status, c.response?.uuid ?? null, c.error?.code ?? null])).toEqual([
      ["SENT", "uuid-1", null],
      ["FAILED", null, "1006"],
    ]);
    if (!seen) throw new Error("record");
    const resumed = await Promise.all([b.resume("cred", "key-2", seen), b.resume("cred", "key-2", seen)]);
    expect(resumed.filter(Boolean)).toHaveLength(1);
    await b.delete("cred", "key-2");
    expect(await a.get("cred", "key-2")).toBeUndefined();
  });

  it.runIf(engine.name === "redis")(
    "a held record reads back with its unsent chunks UNKNOWN until settled",
    async () => {
      const a = engine.idempotency();
      await a.claim("cred", "key-3", newSendRecord("fp", [["9876543210"]], Date.now()));
      const seen = await engine.idempotency().get("cred", "key-3");
      expect(seen?.chunks[0]?.status).toBe("UNKNOWN");
      expect(seen?.chunks[0]?.error).toBeInstanceOf(SendOutcomeUnknownError);
    },
  );
});

const at = "2026-03-10T10:00:00.000Z";
function entry(overrides: Partial<AuditEntry> = {}): Omit<AuditEntry, "id"> {
  return {
    at,
    actor: "token:ops",
    transport: "graphql",
    credential: "cred-1",
    requestId: "req-1",
    dltTemplateId: "1507162019748109480",
    route: "OTP",
    recipients: 2,
    estimatedCredits: 2,
    creditsDeducted: 2,
    outcome: "SENT",
    code: null,
    idempotencyKey: "key-1",
    campaignUuids: ["uuid-1"],
    ...overrides,
  };
}

describe.each(STATE_ENGINES)("AuditStore ($name)", (engine) => {
  it("numbers entries, pages them newest first and counts them", async () => {
    const audit = engine.audit();
    for (let i = 0; i < 5; i++) await audit.append(entry({ requestId: `req-${i}` }));
    const page = await audit.list({ first: 2 });
    expect(page.entries.map((e) => [e.id, e.requestId])).toEqual([
      [5, "req-4"],
      [4, "req-3"],
    ]);
    expect(page).toMatchObject({ hasNextPage: true, totalCount: 5 });
    const next = await audit.list({ first: 3, before: 4 });
    expect(next.entries.map((e) => e.id)).toEqual([3, 2, 1]);
    expect(next.hasNextPage).toBe(false);
  });

  it("reports uses of a key: open intents as STARTED, then concluded entries", async () => {
    const audit = engine.audit();
    const intent = { ...entry(), attempt: "attempt-1" };
    await audit.begin({
      at: intent.at,
      actor: intent.actor,
      transport: intent.transport,
      credential: intent.credential,
      requestId: intent.requestId,
      dltTemplateId: intent.dltTemplateId,
      route: intent.route,
      recipients: intent.recipients,
      estimatedCredits: intent.estimatedCredits,
      idempotencyKey: intent.idempotencyKey,
      attempt: "attempt-1",
    });
    const since = new Date("2026-03-10T00:00:00Z");
    expect(await audit.usesOfKey("cred-1", "key-1", since)).toEqual([
      { at, outcome: "STARTED", campaignUuids: [] },
    ]);
    await audit.append(entry({ attempt: "attempt-1" }));
    expect(await audit.usesOfKey("cred-1", "key-1", since)).toEqual([
      { at, outcome: "SENT", campaignUuids: ["uuid-1"] },
    ]);
    expect(await audit.usesOfKey("cred-2", "key-1", since)).toEqual([]);
    expect(await audit.usesOfKey("cred-1", "key-1", new Date("2026-03-11T00:00:00Z"))).toEqual([]);
  });

  it("counts credits spent or possibly spent since a time, per credential", async () => {
    const audit = engine.audit();
    await audit.append(entry({ at: "2026-03-09T10:00:00.000Z" }));
    await audit.append(entry());
    await audit.append(entry({ outcome: "UNKNOWN", creditsDeducted: 0, estimatedCredits: 3 }));
    await audit.append(entry({ outcome: "FAILED", creditsDeducted: 0 }));
    await audit.append(entry({ credential: "cred-2" }));
    expect(await audit.creditsSince("cred-1", new Date("2026-03-10T00:00:00Z"))).toBe(5);
  });
});
