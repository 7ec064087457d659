import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEMO_ACCOUNT,
  DEMO_TEMPLATES,
  INACTIVE_ACCOUNT,
  IP_LOCKED_ACCOUNT,
  LOW_BALANCE_ACCOUNT,
  NO_ROUTE_ACCOUNT,
  OTHER_TEMPLATES,
  SECOND_TEMPLATES,
} from "../../src/sandbox/seed.js";
import type { Sandbox } from "../../src/sandbox/server.js";
import { type Answer, auth, get, NOON_IST, sandboxAt } from "./helpers.js";

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

function expectError(answer: Answer, http: number, code: number, message: string, errors: unknown): void {
  expect(answer.status).toBe(http);
  expect(answer.json).toMatchObject({ status: false, message, data: {}, error_code: code });
  expect(answer.json.errors).toEqual(errors);
  expect(typeof answer.json.intime).toBe("string");
  expect(typeof answer.json.outtime).toBe("string");
}

const INVALID_KEYS = "User Account not found, please check your API_KEY and SECRET_KEY.";
const send = (params: Record<string, string>) => get(sandbox, "send-message", params);
const otpSend = (extra: Record<string, string> = {}) => ({
  ...auth(DEMO_ACCOUNT),
  dlt_template_id: DEMO_TEMPLATES.otp,
  mobile_numbers: "9876543210",
  route_type: "1",
  v1: "123456",
  v2: "10",
  ...extra,
});

describe("row 1: 1017 invalid keys", () => {
  it.each([
    ["wrong secret", { app_key: DEMO_ACCOUNT.appKey, app_secret: "nope" }],
    [
      "key in the wrong case",
      { app_key: DEMO_ACCOUNT.appKey.toLowerCase(), app_secret: DEMO_ACCOUNT.appSecret },
    ],
    ["no credentials", {}],
    ["empty secret", { app_key: DEMO_ACCOUNT.appKey, app_secret: "" }],
  ])("%s", async (_name, params) => {
    for (const endpoint of [
      "account-status",
      "check-balance",
      "templates",
      "send-message",
      "campaign-list",
    ]) {
      const answer = await get(sandbox, endpoint, params);
      expectError(answer, 401, 1017, INVALID_KEYS, { invalid_account_keys: INVALID_KEYS });
    }
  });
});

describe("rows 2 and 3: 1001 IP not whitelisted, 1016 inactive", () => {
  it("1001 carries the caller's IP in message and errors", async () => {
    const answer = await get(sandbox, "check-balance", auth(IP_LOCKED_ACCOUNT));
    const message = "IP address not white listed. IP:127.0.0.1";
    expectError(answer, 401, 1001, message, { ip_address_not_allowed: message });
  });

  it("1001 disappears once 127.0.0.1 is whitelisted (state is mutable)", async () => {
    const account = sandbox.state.accounts.find((a) => a.appKey === IP_LOCKED_ACCOUNT.appKey);
    account?.ipWhitelist.push("127.0.0.1");
    expect((await get(sandbox, "check-balance", auth(IP_LOCKED_ACCOUNT))).status).toBe(200);
  });

  it("1016 for an inactive account, before any validation", async () => {
    const message = "Your account is temporarily deactivated, Please contact to support.";
    expectError(await get(sandbox, "account-status", auth(INACTIVE_ACCOUNT)), 401, 1016, message, {
      account_inactive: message,
    });
    expectError(await send(auth(INACTIVE_ACCOUNT)), 401, 1016, message, { account_inactive: message });
  });
});

describe("row 4: 1002 validation", () => {
  it.each([
    [
      "missing dlt_template_id",
      { dlt_template_id: "" },
      { dlt_template_id: ["The dlt template id field is required."] },
    ],
    [
      "unknown dlt_template_id",
      { dlt_template_id: "1234" },
      { dlt_template_id: ["The selected dlt template id is invalid."] },
    ],
    [
      "no numbers at all",
      { mobile_numbers: "" },
      {
        mobile_numbers: ["The mobile numbers field is required when mobile number is not present."],
        mobile_number: ["The mobile number field is required when mobile numbers is not present."],
      },
    ],
    ["bad route_type", { route_type: "7" }, { route_type: ["The selected route type is invalid."] }],
    [
      "a malformed single mobile_number",
      { mobile_number: "98765x" },
      {
        mobile_number: [
          "The mobile number must be between 10 and 12 digits.",
          "The mobile number must be a number.",
        ],
      },
    ],
    [
      "everything at once, in rule order",
      { dlt_template_id: "1", mobile_numbers: "", route_type: "x" },
      {
        dlt_template_id: ["The selected dlt template id is invalid."],
        mobile_numbers: ["The mobile numbers field is required when mobile number is not present."],
        mobile_number: ["The mobile number field is required when mobile numbers is not present."],
        route_type: ["The selected route type is invalid."],
      },
    ],
  ])("%s", async (_name, extra, errors) => {
    const answer = await send(otpSend(extra));
    expectError(answer, 400, 1002, "Validation failed", errors);
    expect(Object.keys(answer.json.errors)).toEqual(Object.keys(errors));
    expect(sandbox.sends()).toBe(0);
  });
});

describe("rows 5–7: schedule and promotional window", () => {
  const formatMessage =
    "Schedule date-time is incorrect  [date and time format will be YYYY-MM-DD HH:MM (time 24Hrs format)], please change time and send again.";
  it.each(["2025-03-02 10:00:00", "2025/03/02 10:00", "02-03-2025 10:00", "2025-03-02T10:00", "2025-03-02"])(
    "1006 for %s",
    async (schedule) => {
      expectError(await send(otpSend({ schedule_date: schedule })), 422, 1006, formatMessage, {
        invalid_schedule_date_time: formatMessage,
      });
    },
  );

  it("1008 for a past schedule (errors is the backend's list-as-object)", async () => {
    const message = "Schedule date-time not allowed. please use future date and time.";
    expectError(await send(otpSend({ schedule_date: "2025-03-01 11:29" })), 422, 1008, message, {
      "0": "date_and_time_not_allowed",
    });
  });

  const promoMessage = "You cannot sent promotional message before 09:00AM and after 09:00PM";
  it.each([
    ["now is 21:30 IST", "2025-03-01T16:00:00Z", undefined, 422],
    ["now is 08:59 IST", "2025-03-01T03:29:00Z", undefined, 422],
    ["now is 21:00 IST (inclusive)", "2025-03-01T15:30:00Z", undefined, 200],
    ["now is 09:00 IST (inclusive)", "2025-03-01T03:30:00Z", undefined, 200],
    ["scheduled for 22:15 IST while now is noon", "2025-03-01T06:00:00Z", "2025-03-01 22:15", 422],
    ["scheduled for 10:00 IST tomorrow while now is 23:00", "2025-03-01T17:30:00Z", "2025-03-02 10:00", 200],
  ])("route 2 when %s", async (_name, now, schedule, status) => {
    clock.now = new Date(now);
    const params = otpSend({ route_type: "2", ...(schedule ? { schedule_date: schedule } : {}) });
    const answer = await send(params);
    expect(answer.status).toBe(status);
    if (status === 422) {
      expectError(answer, 422, 1008, promoMessage, { date_and_time_not_allowed: promoMessage });
    }
  });

  it("transactional ignores the promotional window", async () => {
    clock.now = new Date("2025-03-01T20:00:00Z");
    expect((await send(otpSend())).status).toBe(200);
  });
});

describe("rows 8–10: template ownership, balance, route", () => {
  const notFound = "DLT Template not found. Please check and send it again.";
  it("1011 for a template that exists for another account", async () => {
    expectError(await send(otpSend({ dlt_template_id: SECOND_TEMPLATES.shipping })), 422, 1011, notFound, {
      dlt_template_not_associated: notFound,
    });
  });

  const noBalance = "You don't have sufficient balance to perform this operation. Please contact to admin.";
  it("1007 when contacts × credits exceed the balance, nothing deducted", async () => {
    const answer = await send({
      ...auth(LOW_BALANCE_ACCOUNT),
      dlt_template_id: OTHER_TEMPLATES.lowBalance,
      mobile_numbers: "9876543210,9876543211,9876543212,9876543213,9876543214,9876543215",
      route_type: "1",
      v1: "1234",
    });
    expectError(answer, 422, 1007, noBalance, { insufficient_balance: noBalance });
    const balance = await get(sandbox, "check-balance", auth(LOW_BALANCE_ACCOUNT));
    expect(balance.json.data.transaction_balance).toBe(5);
  });

  it("1007 for promotional against the (empty) promotional balance", async () => {
    const answer = await send({
      ...auth(LOW_BALANCE_ACCOUNT),
      dlt_template_id: OTHER_TEMPLATES.lowBalance,
      mobile_numbers: "9876543210",
      route_type: "2",
      v1: "1234",
    });
    expect(answer.json.error_code).toBe(1007);
  });

  const gateway = "SMS gateway not working. please contact to admin now.";
  it("1018 without a route", async () => {
    const params = {
      ...auth(NO_ROUTE_ACCOUNT),
      dlt_template_id: OTHER_TEMPLATES.noRoute,
      mobile_numbers: "9876543210",
    };
    expectError(await send(params), 422, 1018, gateway, { gateway_not_working: gateway });
  });
});

describe("check order", () => {
  it.each([
    ["auth before IP/status/validation", { ...otpSend({ dlt_template_id: "" }), app_secret: "x" }, 1017],
    ["validation before schedule format", otpSend({ dlt_template_id: "", schedule_date: "bad" }), 1002],
    [
      "format before ownership",
      otpSend({ dlt_template_id: SECOND_TEMPLATES.shipping, schedule_date: "bad" }),
      1006,
    ],
    [
      "past schedule before ownership",
      otpSend({ dlt_template_id: SECOND_TEMPLATES.shipping, schedule_date: "2020-01-01 10:00" }),
      1008,
    ],
    [
      "promotional window before ownership",
      otpSend({
        dlt_template_id: SECOND_TEMPLATES.shipping,
        route_type: "2",
        schedule_date: "2025-03-01 23:00",
      }),
      1008,
    ],
    [
      "balance before route",
      {
        ...auth(NO_ROUTE_ACCOUNT),
        dlt_template_id: OTHER_TEMPLATES.noRoute,
        mobile_numbers: Array.from({ length: 1001 }, (_, i) => String(9000000000 + i)).join(","),
      },
      1007,
    ],
  ])("%s", async (_name, params, code) => {
    expect((await send(params)).json.error_code).toBe(code);
  });
});

describe("row 11: 1005", () => {
  it("campaign-list without per_page_record crashes with the backend's division by zero", async () => {
    expectError(
      await get(sandbox, "campaign-list", auth(DEMO_ACCOUNT)),
      500,
      1005,
      "Something went wrong, please try again.",
      {
        exception_occur: "Division by zero",
      },
    );
  });
});

describe("both auth forms", () => {
  const header = (value: string) => get(sandbox, "check-balance", "", { Authorization: value });
  it.each(["Bearer", "Basic", "Token"])("`Authorization: %s KEY-SECRET` works", async (word) => {
    const answer = await header(`${word} ${DEMO_ACCOUNT.appKey}-${DEMO_ACCOUNT.appSecret}`);
    expect(answer.status).toBe(200);
    expect(answer.json.data.user_number).toBe(DEMO_ACCOUNT.userNumber);
  });

  it("the reference's `Authorization: KEY-SECRET` fails with 1017", async () => {
    const answer = await header(`${DEMO_ACCOUNT.appKey}-${DEMO_ACCOUNT.appSecret}`);
    expectError(answer, 401, 1017, INVALID_KEYS, { invalid_account_keys: INVALID_KEYS });
  });

  it("a non-empty header wins over correct query credentials", async () => {
    const answer = await get(sandbox, "check-balance", auth(DEMO_ACCOUNT), { Authorization: "Bearer X-Y" });
    expect(answer.json.error_code).toBe(1017);
  });

  it("query credentials work", async () => {
    expect((await get(sandbox, "check-balance", auth(DEMO_ACCOUNT))).status).toBe(200);
  });

  it("records the presented app key (never the secret)", async () => {
    await header(`Bearer ${DEMO_ACCOUNT.appKey}-${DEMO_ACCOUNT.appSecret}`);
    await get(sandbox, "templates", auth(DEMO_ACCOUNT));
    expect(sandbox.calls.map((c) => [c.endpoint, c.appKey])).toEqual([
      ["check-balance", DEMO_ACCOUNT.appKey],
      ["templates", DEMO_ACCOUNT.appKey],
    ]);
    expect(sandbox.calls[1]?.params).toEqual({ app_key: DEMO_ACCOUNT.appKey });
    expect(JSON.stringify(sandbox.calls)).not.toContain(DEMO_ACCOUNT.appSecret);
  });
});

describe("rate-limit headers", () => {
  it("are on every answer, success and error, counting down per client", async () => {
    const first = await get(sandbox, "account-status", auth(DEMO_ACCOUNT));
    const second = await get(sandbox, "check-balance", { app_key: "x", app_secret: "y" });
    expect(first.headers.get("x-ratelimit-limit")).toBe("100000");
    expect(second.headers.get("x-ratelimit-limit")).toBe("100000");
    expect(Number(first.headers.get("x-ratelimit-remaining"))).toBe(99999);
    expect(Number(second.headers.get("x-ratelimit-remaining"))).toBe(99998);
  });
});
