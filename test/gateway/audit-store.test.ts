/**
 * The file audit trail across restarts: entries survive a reopen, and a send whose intent was written but whose
 * outcome never was (the process died mid-send) comes back as UNKNOWN, counted against the daily cap and
 * blocking its idempotency key.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type AuditEntry, type AuditIntent, FileAuditStore } from "../../src/gateway/audit.js";

const base = {
  at: "2026-03-10T10:00:00.000Z",
  actor: "token:ops",
  transport: "graphql" as const,
  credential: "cred-1",
  requestId: "req-1",
  dltTemplateId: "1507162019748109480",
  route: "OTP",
  recipients: 2,
  estimatedCredits: 2,
  idempotencyKey: "key-1",
};

function entry(overrides: Partial<AuditEntry> = {}): Omit<AuditEntry, "id"> {
  return {
    ...base,
    creditsDeducted: 2,
    outcome: "SENT",
    code: null,
    campaignUuids: ["uuid-1"],
    ...overrides,
  };
}

let dir: string;
let path: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "audit-"));
  path = join(dir, "trail.jsonl");
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("FileAuditStore across a restart", () => {
  it("reopens with every entry, in order, and keeps numbering after them", async () => {
    const first = await FileAuditStore.open(path);
    await first.append(entry());
    await first.append(
      entry({ outcome: "REFUSED", code: "CAP_EXCEEDED", creditsDeducted: 0, campaignUuids: [] }),
    );
    const reopened = await FileAuditStore.open(path);
    const page = await reopened.list({ first: 10 });
    expect(page.entries.map((e) => [e.id, e.outcome])).toEqual([
      [2, "REFUSED"],
      [1, "SENT"],
    ]);
    expect((await reopened.append(entry({ idempotencyKey: "key-2" }))).id).toBe(3);
    expect(await reopened.creditsSince("cred-1", new Date("2026-03-10T00:00:00Z"))).toBe(4);
  });

  it("an intent without an outcome becomes UNKNOWN on reopen: counted, visible, and blocking its key", async () => {
    const first = await FileAuditStore.open(path);
    const intent: AuditIntent = { ...base, estimatedCredits: 40, recipients: 40, attempt: "attempt-1" };
    await first.begin(intent);
    expect((await first.usesOfKey("cred-1", "key-1", new Date(0))).map((u) => u.outcome)).toEqual([
      "STARTED",
    ]);
    expect((await first.list({ first: 10 })).entries).toEqual([]);

    const reopened = await FileAuditStore.open(path);
    const [stopped] = (await reopened.list({ first: 10 })).entries;
    expect(stopped).toMatchObject({ outcome: "UNKNOWN", code: "GATEWAY_STOPPED", estimatedCredits: 40 });
    expect(await reopened.creditsSince("cred-1", new Date("2026-03-10T00:00:00Z"))).toBe(40);
    expect((await reopened.usesOfKey("cred-1", "key-1", new Date(0))).map((u) => u.outcome)).toEqual([
      "UNKNOWN",
    ]);
    // The conclusion is written once: a second reopen finds the intent concluded.
    const again = await FileAuditStore.open(path);
    expect((await again.list({ first: 10 })).totalCount).toBe(1);
    expect((await readFile(path, "utf8")).trim().split("\n")).toHaveLength(2);
  });

  it("an intent concluded by its entry is not reported again", async () => {
    const first = await FileAuditStore.open(path);
    await first.begin({ ...base, attempt: "attempt-2" });
    await first.append(entry({ attempt: "attempt-2" }));
    const reopened = await FileAuditStore.open(path);
    expect((await reopened.list({ first: 10 })).entries.map((e) => e.outcome)).toEqual(["SENT"]);
    expect(await reopened.usesOfKey("cred-1", "key-1", new Date(0))).toEqual([
      { at: base.at, outcome: "SENT", campaignUuids: ["uuid-1"] },
    ]);
    expect(await reopened.usesOfKey("cred-2", "key-1", new Date(0))).toEqual([]);
  });
});
