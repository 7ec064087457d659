import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_DELIVERY, DELIVERY_TEST_NUMBERS } from "../../src/sandbox/delivery.js";
import {
  DEMO_ACCOUNT,
  DEMO_TEMPLATES,
  NO_ROUTE_ACCOUNT,
  SECOND_ACCOUNT,
  SECOND_TEMPLATES,
} from "../../src/sandbox/seed.js";
import type { Sandbox } from "../../src/sandbox/server.js";
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

const MAX_DELIVERY_MS = DEFAULT_DELIVERY.acceptDelayMs[1] + DEFAULT_DELIVERY.finalDelayMs[1];
const MESSAGE = "Your OTP is 482913. Valid for 10 minutes.";
const { delivered, undelivered, expired, rejectedBySmsc } = DELIVERY_TEST_NUMBERS;

async function send(numbers: string[], credentials = DEMO_ACCOUNT): Promise<string> {
  const answer = await get(sandbox, "send-message", {
    ...auth(credentials),
    dlt_template_id: credentials === DEMO_ACCOUNT ? DEMO_TEMPLATES.otp : SECOND_TEMPLATES.shipping,
    mobile_numbers: numbers.join(","),
    route_type: "1",
    message: MESSAGE,
  });
  expect(answer.status).toBe(200);
  return answer.json.data.uuid;
}

const report = (uuid: string, credentials = DEMO_ACCOUNT) =>
  get(sandbox, `send-report/${encodeURIComponent(uuid)}`, auth(credentials));
const numberReport = (mobile: string, uuid: string, credentials = DEMO_ACCOUNT) =>
  get(
    sandbox,
    `send-number-report/${encodeURIComponent(mobile)}/${encodeURIComponent(uuid)}`,
    auth(credentials),
  );
const overall = (credentials = DEMO_ACCOUNT) => get(sandbox, "sms-overall-report", auth(credentials));

/** Five numbers, one of them invalid (a blank token is not a number: no row, not counted). */
const FIVE = [delivered, undelivered, `+91${expired}`, `0${rejectedBySmsc}`, "12345"];

describe("send-report/{uuid}", () => {
  it("answers the campaign as campaign-list selects it plus one row per number, in flight", async () => {
    const uuid = await send([...FIVE, "abc"]);
    const answer = await report(uuid);
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({
      status: true,
      message: "Information successfully retrieved.",
      errors: {},
      error_code: null,
    });
    const { data } = answer.json;
    expect(Object.keys(data)).toEqual([
      "id",
      "campaign_name",
      "sender_id",
      "sms_type",
      "message",
      "message_type",
      "msg_length",
      "msg_consumed_credit",
      "is_flash",
      "campaign_send_date_time",
      "total_contacts",
      "total_block_number",
      "total_invalid_number",
      "total_credit_use",
      "currently_delivered",
      "currently_failed",
      "campaign_current_stage",
      "send_numbers",
    ]);
    expect(data).toMatchObject({
      campaign_name: "API",
      sender_id: "QCOMM",
      message: MESSAGE,
      campaign_send_date_time: "2025-03-01 11:30:00",
      total_contacts: 5,
      total_block_number: 0,
      total_invalid_number: 1,
      total_credit_use: 4,
      currently_delivered: 0,
      currently_failed: 0,
      campaign_current_stage: "Ready-to-complete",
    });
    expect(data.send_numbers).toEqual([
      ...[delivered, undelivered, expired, rejectedBySmsc].map((n) => ({
        mobile: `91${n}`,
        used_credit: 1,
        submit_date: null,
        done_date: null,
        status: "Pending",
        response_code: null,
      })),
      {
        mobile: "12345",
        used_credit: 1,
        submit_date: null,
        done_date: null,
        status: "INVALID",
        response_code: "XX1",
      },
    ]);
  });

  it("after the clock moves: final words, counters that match the rows, Completed, and campaign-list agrees", async () => {
    const uuid = await send(FIVE);
    clock.now = new Date(NOON_IST.getTime() + MAX_DELIVERY_MS);
    const { data } = (await report(uuid)).json;
    expect(data.send_numbers.map((row: any) => [row.mobile, row.status, row.response_code])).toEqual([
      [`91${delivered}`, "DELIVRD", "000"],
      [`91${undelivered}`, "UNDELIV", "001"],
      [`91${expired}`, "EXPIRED", "002"],
      [`91${rejectedBySmsc}`, "REJECTED", "16"],
      ["12345", "INVALID", "XX1"],
    ]);
    for (const row of data.send_numbers.slice(0, 3)) {
      expect(row.submit_date).toMatch(/^2025-03-01 11:30:0\d$/);
      expect(row.done_date).toMatch(/^2025-03-01 11:30:\d\d$/);
      expect(row.done_date > row.submit_date).toBe(true);
    }
    expect(data.send_numbers[3]).toMatchObject({ submit_date: null, done_date: expect.any(String) });
    expect(data).toMatchObject({
      total_contacts: 5,
      total_invalid_number: 1,
      currently_delivered: 1,
      currently_failed: 3,
      campaign_current_stage: "Completed",
    });
    const listed = await get(sandbox, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "1" });
    const { send_numbers: _rows, ...campaign } = data;
    expect(listed.json.data.data[0]).toEqual(campaign);
  });

  it("matches the uuid case-insensitively, like the MySQL column", async () => {
    const uuid = await send([delivered]);
    expect((await report(uuid.toUpperCase())).json.data.send_numbers).toHaveLength(1);
  });

  it("a seeded campaign has no rows left", async () => {
    const seeded = sandbox.state.campaigns[0];
    const { data } = (await report(seeded?.uuid ?? "")).json;
    expect(data).toMatchObject({ id: seeded?.id, total_contacts: seeded?.totalContacts, send_numbers: [] });
  });

  it.each([
    ["send-report", ""],
    ["send-report/", ""],
    ["send-report/0", ""],
  ])("%s → 422 / 1013 before any credential check", async (path) => {
    const answer = await get(sandbox, path, "");
    expect(answer.status).toBe(422);
    expect(answer.json).toEqual({
      status: false,
      intime: "2025-03-01T06:00:00.000000Z",
      outtime: "2025-03-01T06:00:00.000000Z",
      message: "Campaign response token found empty, Please check and try again.",
      data: {},
      errors: {
        campaign_token_not_found: "Campaign response token found empty, Please check and try again.",
      },
      error_code: 1013,
    });
    expect(answer.headers.get("x-ratelimit-limit")).toBe("100000");
  });

  it("credentials are checked before the campaign (1017)", async () => {
    const answer = await get(sandbox, "send-report/nope", { app_key: DEMO_ACCOUNT.appKey, app_secret: "x" });
    expect(answer.status).toBe(401);
    expect(answer.json.error_code).toBe(1017);
  });

  it.each([
    ["an unknown uuid", "0d8cbde0-0000-11ef-993e-000000000000", DEMO_ACCOUNT],
    ["another account's uuid", "SECOND", DEMO_ACCOUNT],
    ["the seeded campaign of another account", "SEEDED_DEMO", SECOND_ACCOUNT],
  ])("%s → 404 / 1014", async (_name, which, credentials) => {
    const uuid =
      which === "SECOND"
        ? await send(["9123456780"], SECOND_ACCOUNT)
        : which === "SEEDED_DEMO"
          ? (sandbox.state.campaigns[0]?.uuid ?? "")
          : which;
    const answer = await report(uuid, credentials);
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({
      status: false,
      message: "Record not found",
      data: {},
      errors: { campaign_not_found: "Record not found" },
      error_code: 1014,
    });
  });

  it("the owner still reads a campaign another account was refused", async () => {
    const uuid = await send(["9123456780"], SECOND_ACCOUNT);
    expect((await report(uuid, DEMO_ACCOUNT)).status).toBe(404);
    expect((await report(uuid, SECOND_ACCOUNT)).json.data.send_numbers).toHaveLength(1);
  });
});

describe("send-number-report/{mobile}/{uuid}", () => {
  it.each([
    ["10 digits, looked up as 91…", delivered],
    ["12 digits", `91${delivered}`],
  ])("%s", async (_name, mobile) => {
    const uuid = await send([delivered, undelivered]);
    sandbox.advanceClock(MAX_DELIVERY_MS);
    const answer = await numberReport(mobile, uuid);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual([
      {
        mobile: `91${delivered}`,
        used_credit: 1,
        submit_date: expect.stringMatching(/^2025-03-01 11:30:0\d$/),
        done_date: expect.stringMatching(/^2025-03-01 11:30:\d\d$/),
        status: "DELIVRD",
        response_code: "000",
        message: MESSAGE,
      },
    ]);
  });

  it("a repeated number has one row per occurrence", async () => {
    const uuid = await send([delivered, delivered]);
    expect((await numberReport(delivered, uuid)).json.data).toHaveLength(2);
  });

  it.each([
    ["a number not in the campaign", "9123456780"],
    ["11 digits (0…): looked up as 910…, so never found", `0${delivered}`],
    ["10 non-digits", "abcdefghij"],
  ])("%s → an empty list", async (_name, mobile) => {
    const uuid = await send([delivered]);
    const answer = await numberReport(mobile, uuid);
    expect(answer.status).toBe(200);
    expect(answer.json.data).toEqual([]);
  });

  it.each([
    ["9 digits", "987654321"],
    ["13 characters", `+91${delivered}`],
    ["0", "0"],
  ])("%s → 404 / 1015 before the uuid and credentials", async (_name, mobile) => {
    const answer = await get(sandbox, `send-number-report/${encodeURIComponent(mobile)}`, "");
    expect(answer.status).toBe(404);
    expect(answer.json).toMatchObject({
      status: false,
      message: "Invalid mobile number, Please add 10 OR 12 digit mobile number without + symbol.",
      errors: {
        invalid_mobile_number:
          "Invalid mobile number, Please add 10 OR 12 digit mobile number without + symbol.",
      },
      error_code: 1015,
    });
  });

  it("no mobile → 1015; a mobile without uuid → 1013", async () => {
    expect((await get(sandbox, "send-number-report", "")).json.error_code).toBe(1015);
    const answer = await get(sandbox, `send-number-report/${delivered}`, "");
    expect(answer.status).toBe(422);
    expect(answer.json.error_code).toBe(1013);
  });

  it("another account's uuid → 404 / 1014", async () => {
    const uuid = await send(["9123456780"], SECOND_ACCOUNT);
    const answer = await numberReport("9123456780", uuid);
    expect(answer.status).toBe(404);
    expect(answer.json.error_code).toBe(1014);
  });
});

describe("sms-overall-report", () => {
  async function listedTotals(credentials = DEMO_ACCOUNT) {
    const totals = { contacts: 0, credits: 0, delivered: 0, failed: 0, invalid: 0 };
    for (let page = 1; ; page++) {
      const { data } = (
        await get(sandbox, "campaign-list", {
          ...auth(credentials),
          per_page_record: "50",
          page_number: String(page),
        })
      ).json;
      for (const row of data.data) {
        totals.contacts += row.total_contacts;
        totals.credits += row.total_credit_use;
        totals.delivered += row.currently_delivered;
        totals.failed += row.currently_failed;
        totals.invalid += row.total_invalid_number;
      }
      if (page >= data.last_page) return totals;
    }
  }

  it("sums the account's campaigns, as DECIMAL strings", async () => {
    const answer = await overall();
    expect(answer.status).toBe(200);
    const totals = await listedTotals();
    const process = totals.contacts - totals.delivered - totals.failed - totals.invalid;
    expect(answer.json.data).toEqual({
      total_contacts: String(totals.contacts),
      total_credit_used: String(totals.credits),
      total_delivered: String(totals.delivered),
      total_failed: String(totals.failed),
      total_block_number: "0",
      total_invalid_number: String(totals.invalid),
      total_process: String(process),
    });
  });

  it("an account without campaigns gets NULL sums", async () => {
    expect((await overall(NO_ROUTE_ACCOUNT)).json.data).toEqual({
      total_contacts: null,
      total_credit_used: null,
      total_delivered: null,
      total_failed: null,
      total_block_number: null,
      total_invalid_number: null,
      total_process: null,
    });
  });

  it("is cached 30 minutes per app key and IST day, so it lags the campaigns", async () => {
    const before = (await overall()).json.data;
    await send(FIVE);
    sandbox.advanceClock(MAX_DELIVERY_MS);
    expect((await overall()).json.data).toEqual(before);
    sandbox.advanceClock(30 * 60_000 - MAX_DELIVERY_MS - 1000);
    expect((await overall()).json.data).toEqual(before);
    sandbox.advanceClock(1000);
    const after = (await overall()).json.data;
    expect(Number(after.total_contacts)).toBe(Number(before.total_contacts) + 5);
    expect(Number(after.total_delivered)).toBe(Number(before.total_delivered) + 1);
    expect(Number(after.total_failed)).toBe(Number(before.total_failed) + 3);
    expect(Number(after.total_invalid_number)).toBe(Number(before.total_invalid_number) + 1);
    expect(after.total_process).toBe(before.total_process);
  });

  it("a new IST day is a new cache key", async () => {
    clock.now = new Date("2025-03-01T18:29:00Z");
    const before = (await overall()).json.data;
    await send([delivered]);
    clock.now = new Date("2025-03-01T18:31:00Z");
    expect(Number((await overall()).json.data.total_contacts)).toBe(Number(before.total_contacts) + 1);
  });

  it("answers any method, with credentials in a form or JSON body", async () => {
    const form = await fetch(`${sandbox.url}/sms-overall-report`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(auth(DEMO_ACCOUNT)).toString(),
    });
    expect(form.status).toBe(200);
    const json = await fetch(`${sandbox.url}/sms-overall-report`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(auth(DEMO_ACCOUNT)),
    });
    expect((await json.json()).status).toBe(true);
    const anonymous = await fetch(`${sandbox.url}/sms-overall-report`, { method: "DELETE" });
    expect(anonymous.status).toBe(401);
    expect(sandbox.calls.at(-1)).toMatchObject({ endpoint: "sms-overall-report", appKey: null });
    expect(sandbox.calls[0]?.params).not.toHaveProperty("app_secret");
  });
});

describe("routing and faults", () => {
  it("path parameters are decoded once; a decoded / makes the path unknown", async () => {
    const uuid = await send([delivered]);
    expect((await get(sandbox, `send-report/${uuid}/`, auth(DEMO_ACCOUNT))).status).toBe(200);
    const escaped = await get(sandbox, `send-report/${uuid}%2Fx`, auth(DEMO_ACCOUNT));
    expect(escaped.status).toBe(404);
    expect(escaped.headers.get("content-type")).toContain("text/html");
    expect(sandbox.calls.at(-1)?.endpoint).toBe("unknown");
    expect((await get(sandbox, `send-number-report//${uuid}`, "")).status).toBe(404);
    expect((await get(sandbox, "check-balance/extra", auth(DEMO_ACCOUNT))).status).toBe(404);
  });

  it("records the decoded path parameters", async () => {
    await get(sandbox, "send-number-report/98765%2043210/a%2Bb+c", "");
    expect(sandbox.calls.at(-1)).toMatchObject({
      endpoint: "send-number-report",
      pathParams: ["98765 43210", "a+b+c"],
    });
  });

  it("send-report is GET only", async () => {
    expect((await fetch(`${sandbox.url}/send-report/x`, { method: "POST" })).status).toBe(405);
  });

  it.each(["send-report", "send-number-report", "sms-overall-report"] as const)(
    "faults apply to %s",
    async (endpoint) => {
      sandbox.injectFault({ endpoint, fault: { type: "status", status: 503 }, times: 1 });
      const target = {
        "send-report": "send-report/x",
        "send-number-report": `send-number-report/${delivered}/x`,
        "sms-overall-report": "sms-overall-report",
      }[endpoint];
      expect((await get(sandbox, target, auth(DEMO_ACCOUNT))).status).toBe(503);
      expect((await get(sandbox, target, auth(DEMO_ACCOUNT))).status).not.toBe(503);
    },
  );
});
