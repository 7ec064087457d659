import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_DELIVERY,
  DELIVERY_TEST_NUMBERS,
  deliverySettings,
  planDelivery,
  storedMobile,
} from "../../src/sandbox/delivery.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/server.js";
import { auth, get, NOON_IST, sandboxAt } from "./helpers.js";

let sandbox: Sandbox;
let clock: { now: Date };
beforeAll(async () => {
  ({ sandbox, clock } = await sandboxAt());
});
beforeEach(() => {
  sandbox.reset();
  clock.now = NOON_IST;
});
afterAll(() => sandbox.close());

const send = (target: Sandbox, mobileNumbers: string, extra: Record<string, string> = {}) =>
  get(target, "send-message", {
    ...auth(DEMO_ACCOUNT),
    dlt_template_id: DEMO_TEMPLATES.otp,
    mobile_numbers: mobileNumbers,
    route_type: "1",
    message: "Your OTP is 1. Valid for 2 minutes.",
    ...extra,
  });

const newest = async (target: Sandbox) =>
  (await get(target, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "1" })).json.data.data[0];

const queueOf = (target: Sandbox) => {
  const campaign = target.state.campaigns.at(-1);
  const queue = campaign && target.state.sendSmsQueues.get(campaign.id);
  if (!queue) throw new Error("no queue");
  return queue;
};

const MAX_DELIVERY_MS = DEFAULT_DELIVERY.acceptDelayMs[1] + DEFAULT_DELIVERY.finalDelayMs[1];

describe("queue rows of an immediate send", () => {
  it("one row per non-blank token, invalid ones final at once, valid ones Pending with the 91 prefix", async () => {
    await send(sandbox, "9876543210,abc,12345 +919123456780,09988776655");
    const { rows } = queueOf(sandbox);
    expect(rows.map((r) => [r.mobile, r.stat, r.err, r.submitDate, r.doneDate])).toEqual([
      ["919876543210", "Pending", null, null, null],
      ["12345", "INVALID", "XX1", null, null],
      ["919123456780", "Pending", null, null, null],
      ["919988776655", "Pending", null, null, null],
    ]);
    expect(rows.every((r) => r.useCredit === 1 && r.message === "Your OTP is 1. Valid for 2 minutes.")).toBe(
      true,
    );
  });

  it("a scheduled send has no rows and stays Pending", async () => {
    await send(sandbox, "9876543210", { schedule_date: "2025-03-01 18:00" });
    const campaign = sandbox.state.campaigns.at(-1);
    expect(campaign && sandbox.state.sendSmsQueues.has(campaign.id)).toBe(false);
    sandbox.advanceClock(24 * 3600_000);
    expect((await newest(sandbox)).campaign_current_stage).toBe("Pending");
  });
});

describe("DLRs on the sandbox clock", () => {
  it("Pending → ACCEPTED → final; counters and stage follow the rows in campaign-list", async () => {
    const numbers = Object.values(DELIVERY_TEST_NUMBERS);
    await send(sandbox, [...numbers, "12345"].join(","));
    expect(await newest(sandbox)).toMatchObject({
      total_contacts: 6,
      total_invalid_number: 1,
      currently_delivered: 0,
      currently_failed: 0,
      campaign_current_stage: "Ready-to-complete",
    });

    clock.now = new Date(NOON_IST.getTime() + DEFAULT_DELIVERY.acceptDelayMs[1]);
    await newest(sandbox);
    const accepted = queueOf(sandbox).rows.filter((r) => r.stat === "ACCEPTED");
    expect(accepted).toHaveLength(4);
    expect(accepted.every((r) => r.submitDate?.startsWith("2025-03-01 11:30:0"))).toBe(true);
    expect(
      queueOf(sandbox).rows.find((r) => r.mobile === `91${DELIVERY_TEST_NUMBERS.rejectedBySmsc}`),
    ).toMatchObject({
      stat: "REJECTED",
      err: "16",
      submitDate: null,
      doneDate: expect.stringMatching(/^2025-03-01 11:30:0\d$/),
    });

    clock.now = new Date(NOON_IST.getTime() + MAX_DELIVERY_MS);
    expect(await newest(sandbox)).toMatchObject({
      total_contacts: 6,
      total_invalid_number: 1,
      total_block_number: 0,
      currently_delivered: 1,
      currently_failed: 4,
      campaign_current_stage: "Completed",
    });
    expect(queueOf(sandbox).rows.map((r) => [r.mobile.slice(2), r.stat, r.err])).toEqual([
      [DELIVERY_TEST_NUMBERS.delivered, "DELIVRD", "000"],
      [DELIVERY_TEST_NUMBERS.undelivered, "UNDELIV", "001"],
      [DELIVERY_TEST_NUMBERS.expired, "EXPIRED", "002"],
      [DELIVERY_TEST_NUMBERS.rejectedByOperator, "REJECTD", "003"],
      [DELIVERY_TEST_NUMBERS.rejectedBySmsc, "REJECTED", "16"],
      ["345", "INVALID", "XX1"],
    ]);
    expect(sandbox.state.deliveringCampaignIds.size).toBe(1);
    await newest(sandbox);
    expect(sandbox.state.deliveringCampaignIds.size).toBe(0);
  });

  it("advanceClock applies due DLRs to the state without a read", async () => {
    await send(sandbox, "9876543210,9123456780");
    sandbox.advanceClock(MAX_DELIVERY_MS);
    expect(sandbox.state.campaigns.at(-1)).toMatchObject({ status: "Completed" });
    expect(queueOf(sandbox).rows.every((r) => r.plan === null && r.doneDate !== null)).toBe(true);
  });

  it("a send of invalid numbers only is Completed at the first read", async () => {
    await send(sandbox, "12345,678");
    expect(await newest(sandbox)).toMatchObject({
      total_invalid_number: 2,
      campaign_current_stage: "Completed",
    });
  });

  it("a campaign flipped to Stop keeps its counters while its rows finish", async () => {
    await send(sandbox, "9876543210");
    const campaign = sandbox.state.campaigns.at(-1);
    if (campaign) campaign.status = "Stop";
    sandbox.advanceClock(MAX_DELIVERY_MS);
    expect(await newest(sandbox)).toMatchObject({ currently_delivered: 0, campaign_current_stage: "Stop" });
    expect(queueOf(sandbox).rows[0]?.plan).toBeNull();
  });
});

describe("reproducible fates", () => {
  const numbers = Array.from({ length: 40 }, (_, i) => String(9_800_000_000 + i)).join(",");

  async function outcome(options: SandboxOptions): Promise<string[]> {
    const box = { now: NOON_IST };
    const other = await startSandbox({ clock: () => box.now, ...options });
    try {
      await send(other, numbers);
      other.advanceClock(60_000);
      return queueOf(other).rows.map((r) => `${r.stat}@${r.submitDate}/${r.doneDate}`);
    } finally {
      await other.close();
    }
  }

  it("the same seed gives the same fates and times; another seed other ones", async () => {
    const first = await outcome({ delivery: { seed: 7, failureRate: 0.3 } });
    expect(await outcome({ delivery: { seed: 7, failureRate: 0.3 } })).toEqual(first);
    expect(await outcome({ delivery: { seed: 8, failureRate: 0.3 } })).not.toEqual(first);
    const failed = first.filter((row) => !row.startsWith("DELIVRD")).length;
    expect(failed).toBeGreaterThan(3);
    expect(failed).toBeLessThan(25);
  });

  it("failureRate 0 delivers every number but the failing test numbers; 1 fails every one", async () => {
    expect((await outcome({ delivery: { failureRate: 0 } })).every((r) => r.startsWith("DELIVRD"))).toBe(
      true,
    );
    expect((await outcome({ delivery: { failureRate: 1 } })).some((r) => r.startsWith("DELIVRD"))).toBe(
      false,
    );
  });

  it("planDelivery is pure and stays inside the configured delays", () => {
    const settings = deliverySettings({ acceptDelayMs: [10, 20], finalDelayMs: [100, 200] });
    for (let index = 0; index < 200; index++) {
      const plan = planDelivery(settings, 42, index, "919876543210", 1_000);
      expect(planDelivery(settings, 42, index, "919876543210", 1_000)).toEqual(plan);
      if (plan.acceptAt === null) {
        expect(plan).toMatchObject({ stat: "REJECTED", err: "16" });
        expect(plan.doneAt).toBeGreaterThanOrEqual(1_010);
        expect(plan.doneAt).toBeLessThanOrEqual(1_020);
      } else {
        expect(plan.acceptAt).toBeGreaterThanOrEqual(1_010);
        expect(plan.acceptAt).toBeLessThanOrEqual(1_020);
        expect(plan.doneAt - plan.acceptAt).toBeGreaterThanOrEqual(100);
        expect(plan.doneAt - plan.acceptAt).toBeLessThanOrEqual(200);
      }
    }
  });

  it.each([
    [{ failureRate: 1.5 }],
    [{ failureRate: Number.NaN }],
    [{ acceptDelayMs: [5, 1] as const }],
    [{ finalDelayMs: [-1, 3] as const }],
    [{ seed: Number.POSITIVE_INFINITY }],
  ])("refuses delivery options %j", (options) => {
    expect(() => deliverySettings(options)).toThrow(RangeError);
  });

  it.each([
    ["9876543210", "919876543210"],
    ["09876543210", "919876543210"],
    ["19876543210", "19876543210"],
    ["919876543210", "919876543210"],
    ["12345", null],
    ["9198765432101", null],
  ])("storedMobile(%s) = %s", (input, stored) => {
    expect(storedMobile(input)).toBe(stored);
  });
});
