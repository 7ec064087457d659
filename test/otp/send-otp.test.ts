/**
 * `sendOtp` over real HTTP against the sandbox: a generated code (6 digits, the sandbox receives it as v1 and in the
 * message), a given code, a replay with the same key (sends once, same code), the resend throttle on an injected
 * clock (30 s, then 5 per hour) with zero upstream calls when refused, the daily cap, upstream refusals mapped to
 * typed errors (and the throttle slot given back), and a table of bad inputs each refused with a typed error and
 * zero upstream calls.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_TEMPLATES,
  LOW_BALANCE_ACCOUNT,
  NO_ROUTE_ACCOUNT,
  OTHER_TEMPLATES,
  SECOND_TEMPLATES,
} from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf } from "../support/send.js";

const SEND_OTP = `mutation ($input: SendOtpInput!) {
  sendOtp(input: $input) {
    __typename
    ... on SendOtpSuccess { otp { code codeGenerated mobileNumber uuid creditsDeducted idempotencyKey replayed } }
    ... on Error { code message }
    ... on InvalidInputError { fieldErrors { field message } }
    ... on OtpTemplateError { reason variableCount }
    ... on OtpThrottledError { retryAfterSeconds retryAt }
    ... on CapExceededError { cap limit requested }
  }
}`;

type Result = Record<string, any>;

async function sendOtp(
  gw: TestGateway,
  input: Record<string, unknown>,
  headers?: Record<string, string>,
): Promise<Result> {
  const { status, body } = await gw.gql<{ sendOtp: Result }>(SEND_OTP, { input }, headers);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data?.sendOtp as Result;
}

const otp = (overrides: Record<string, unknown> = {}) => ({
  dltTemplateId: DEMO_TEMPLATES.otpCode,
  mobileNumber: "9876543210",
  ...overrides,
});

// Near the real time: the in-memory idempotency store expires records by the real clock.
let clock = Date.now();
const advance = (ms: number) => {
  clock += ms;
};

describe("sendOtp", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ now: () => new Date(clock), env: { DAILY_MAX_CREDITS: "8" } });
  });
  afterEach(() => {
    advance(24 * 60 * 60_000);
    gw.sandbox.reset();
  });
  afterAll(() => gw.close());

  it("generates a 6-digit code with a CSPRNG, sends it as the template's variable and returns it", async () => {
    const result = await sendOtp(gw, otp());
    expect(result.__typename).toBe("SendOtpSuccess");
    const { code } = result.otp;
    expect(code).toMatch(/^[0-9]{6}$/);
    expect(result.otp).toMatchObject({ codeGenerated: true, mobileNumber: "9876543210", creditsDeducted: 1 });
    const calls = gw.sandbox.calls.filter((c) => c.endpoint === "send-otp");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.params).toMatchObject({ v1: code, route_type: "0", mobile_numbers: "9876543210" });
    expect(decodeURIComponent(calls[0]?.params.message ?? "")).toBe(
      `Your QuickCom verification code is ${code}. Do not share it with anyone.`,
    );
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  it("draws different codes (no fixed or sequential code)", async () => {
    const codes = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const result = await sendOtp(gw, otp({ mobileNumber: `98765432${String(i).padStart(2, "0")}` }));
      codes.add(result.otp.code);
    }
    expect(codes.size).toBeGreaterThan(1);
  });

  it("sends a code the caller gives, and a generated one of codeLength digits", async () => {
    const given = await sendOtp(gw, otp({ code: "0042", mobileNumber: "9876543211" }));
    expect(given.otp).toMatchObject({ code: "0042", codeGenerated: false });
    expect(gw.sandbox.calls.find((c) => c.endpoint === "send-otp")?.params.v1).toBe("0042");
    const eight = await sendOtp(gw, otp({ codeLength: 8, mobileNumber: "9876543212" }));
    expect(eight.otp.code).toMatch(/^[0-9]{8}$/);
  });

  it("a replay with the same key returns the first answer and code and sends once", async () => {
    const first = await sendOtp(gw, otp({ idempotencyKey: "login-7" }));
    const again = await sendOtp(gw, otp({ idempotencyKey: "login-7" }));
    expect(again.otp).toEqual({ ...first.otp, replayed: true });
    expect(gw.sandbox.callCount("send-otp")).toBe(1);
    const other = await sendOtp(gw, otp({ idempotencyKey: "login-7", code: "123456" }));
    expect(other.code).toBe("IDEMPOTENCY_KEY_REUSED");
    expect(gw.sandbox.callCount("send-otp")).toBe(1);
  });

  it("refuses a second OTP to the number within 30 s with zero upstream calls, and says when", async () => {
    await sendOtp(gw, otp());
    const calls = gw.sandbox.calls.length;
    advance(10_000);
    const refused = await sendOtp(gw, otp());
    expect(refused).toMatchObject({
      __typename: "OtpThrottledError",
      code: "OTP_THROTTLED",
      retryAfterSeconds: 20,
    });
    expect(new Date(refused.retryAt).getTime()).toBe(clock + 20_000);
    expect(gw.sandbox.calls.length).toBe(calls);
    expect((await sendOtp(gw, otp({ mobileNumber: "9876543299" }))).__typename).toBe("SendOtpSuccess");
    advance(20_000);
    expect((await sendOtp(gw, otp())).__typename).toBe("SendOtpSuccess");
  });

  it("allows 5 OTPs per hour to one number; the 6th waits until the first leaves the hour", async () => {
    const start = clock;
    for (let i = 0; i < 5; i++) {
      expect((await sendOtp(gw, otp())).__typename).toBe("SendOtpSuccess");
      advance(60_000);
    }
    const refused = await sendOtp(gw, otp());
    expect(refused.code).toBe("OTP_THROTTLED");
    expect(new Date(refused.retryAt).getTime()).toBe(start + 60 * 60_000);
    expect(gw.sandbox.callCount("send-otp")).toBe(5);
    clock = start + 60 * 60_000;
    expect((await sendOtp(gw, otp())).__typename).toBe("SendOtpSuccess");
  });

  it("refuses an OTP over DAILY_MAX_CREDITS before any send", async () => {
    for (let i = 0; i < 8; i++) {
      expect(
        (await sendOtp(gw, otp({ mobileNumber: `98765431${String(i).padStart(2, "0")}` }))).__typename,
      ).toBe("SendOtpSuccess");
    }
    const sends = gw.sandbox.callCount("send-otp");
    const refused = await sendOtp(gw, otp({ mobileNumber: "9876543188" }));
    expect(refused).toMatchObject({ code: "CAP_EXCEEDED", cap: "DAILY_MAX_CREDITS", limit: 8, requested: 9 });
    expect(gw.sandbox.callCount("send-otp")).toBe(sends);
  });

  it.each([
    [NO_ROUTE_ACCOUNT, OTHER_TEMPLATES.noRoute, "GatewayNotWorkingError", "1018"],
    [LOW_BALANCE_ACCOUNT, OTHER_TEMPLATES.lowBalance, "InsufficientBalanceError", "1007"],
  ] as const)(
    "maps the upstream's refusal to %s's typed error and gives the throttle slot back",
    async (account, template, type, code) => {
      if (account === LOW_BALANCE_ACCOUNT) {
        const row = gw.sandbox.state.accounts.find((a) => a.appKey === account.appKey);
        if (row) row.transactionalBalance = 0;
      }
      const headers = headersOf(account);
      const refused = await sendOtp(gw, otp({ dltTemplateId: template }), headers);
      expect(refused).toMatchObject({ __typename: type, code });
      const again = await sendOtp(gw, otp({ dltTemplateId: template }), headers);
      expect(again.code).toBe(code);
      expect(gw.sandbox.callCount("send-otp")).toBe(2);
    },
  );
});

interface BadCase {
  name: string;
  input: Record<string, unknown>;
  /** `__typename` of the typed result, or null for a GraphQL error. */
  type: string | null;
  code: string;
}

const bad = (
  name: string,
  overrides: Record<string, unknown>,
  type: string | null,
  code: string,
): BadCase => ({
  name,
  input: otp(overrides),
  type,
  code,
});

const BAD_CASES: BadCase[] = [
  bad("number too short", { mobileNumber: "98765" }, "InvalidNumbersError", "INVALID_NUMBERS"),
  bad("number with letters", { mobileNumber: "98765abcde" }, "InvalidNumbersError", "INVALID_NUMBERS"),
  bad("number starting 5", { mobileNumber: "5876543210" }, "InvalidNumbersError", "INVALID_NUMBERS"),
  bad("foreign number", { mobileNumber: "+14155550100" }, "InvalidNumbersError", "INVALID_NUMBERS"),
  bad("two numbers, comma", { mobileNumber: "9876543210,9876543211" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad(
    "two numbers, space",
    { mobileNumber: "9876543210 9876543211" },
    "InvalidNumbersError",
    "INVALID_NUMBERS",
  ),
  bad("empty number", { mobileNumber: "" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("number of 40 characters", { mobileNumber: "9".repeat(40) }, "InvalidInputError", "BAD_USER_INPUT"),
  bad(
    "non-OTP template (welcome)",
    { dltTemplateId: DEMO_TEMPLATES.welcome },
    "OtpTemplateError",
    "OTP_TEMPLATE",
  ),
  bad(
    "non-OTP template (order)",
    { dltTemplateId: DEMO_TEMPLATES.order },
    "OtpTemplateError",
    "OTP_TEMPLATE",
  ),
  bad(
    "OTP template with 2 variables",
    { dltTemplateId: DEMO_TEMPLATES.otp },
    "OtpTemplateError",
    "OTP_TEMPLATE",
  ),
  bad(
    "Hindi OTP, 2 variables",
    { dltTemplateId: DEMO_TEMPLATES.hindiOtp },
    "OtpTemplateError",
    "OTP_TEMPLATE",
  ),
  bad("unknown template", { dltTemplateId: "1507162019748199999" }, "TemplateNotFoundError", "1011"),
  bad(
    "another account's template",
    { dltTemplateId: SECOND_TEMPLATES.offer },
    "TemplateNotFoundError",
    "1011",
  ),
  bad("template id not numeric", { dltTemplateId: "otp" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("code with letters", { code: "12ab56" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("code too short", { code: "123" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("code too long", { code: "123456789" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("empty code", { code: "" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("code with a space", { code: "123 456" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("code in Arabic-Indic digits", { code: "١٢٣٤٥٦" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("codeLength 3", { codeLength: 3 }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("codeLength 9", { codeLength: 9 }, "InvalidInputError", "BAD_USER_INPUT"),
  bad(
    "codeLength not matching code",
    { code: "123456", codeLength: 4 },
    "InvalidInputError",
    "BAD_USER_INPUT",
  ),
  bad("idempotency key with a space", { idempotencyKey: "a b" }, "InvalidInputError", "BAD_USER_INPUT"),
  bad("unknown field", { route: "OTP" }, null, "GRAPHQL_VALIDATION_FAILED"),
  bad(
    "a list of numbers",
    { mobileNumber: undefined, mobileNumbers: ["9876543210"] },
    null,
    "GRAPHQL_VALIDATION_FAILED",
  ),
  bad("code as a JSON number", { code: 123456 }, null, "GRAPHQL_VALIDATION_FAILED"),
  bad("no number", { mobileNumber: undefined }, null, "GRAPHQL_VALIDATION_FAILED"),
];

describe("sendOtp refuses bad input with a typed error and zero upstream calls", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { READ_CACHE_TTL_MS: "600000" } });
    await gw.gql("{ templates(first: 1) { totalCount } }");
  });
  afterAll(() => gw.close());

  it.each(BAD_CASES)("$name → $code", async ({ input, type, code }) => {
    const before = gw.sandbox.calls.length;
    const { status, body } = await gw.gql<{ sendOtp: Result }>(SEND_OTP, { input });
    expect(status).toBeLessThan(500);
    if (type === null) {
      expect(body.errors?.[0]?.extensions?.code).toBe(code);
    } else {
      expect(body.data?.sendOtp).toMatchObject({ __typename: type, code });
    }
    const text = JSON.stringify(body);
    if (typeof input.code === "string" && input.code.length >= 4) {
      expect(text.replace(/"code":"[^"]*"/g, "")).not.toContain(input.code);
    }
    expect(text).not.toMatch(/at .*\.ts:\d+/);
    expect(gw.sandbox.calls.length).toBe(before);
  });

  it("has at least 15 cases", () => {
    expect(BAD_CASES.length).toBeGreaterThanOrEqual(15);
  });
});
