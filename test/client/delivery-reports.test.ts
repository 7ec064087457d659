import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/quickcom/client/circuit-breaker.js";
import { QuickcomClient, type QuickcomClientOptions } from "../../src/quickcom/client/client.js";
import {
  MalformedResponseError,
  QuickcomAuthenticationError,
  QuickcomCampaignTokenMissingError,
  QuickcomInvalidPathParameterError,
  QuickcomNotFoundError,
  QuickcomRateLimitedError,
  UpstreamServerError,
  UpstreamTimeoutError,
} from "../../src/quickcom/client/errors.js";
import type { Credentials, SendMessageRequest } from "../../src/quickcom/types.js";
import {
  DEMO_ACCOUNT,
  DEMO_TEMPLATES,
  NO_ROUTE_ACCOUNT,
  SECOND_ACCOUNT,
  SECOND_TEMPLATES,
} from "../../src/sandbox/seed.js";
import { DEFAULT_DELIVERY, DELIVERY_TEST_NUMBERS, type SandboxFault } from "../../src/sandbox/server.js";
import { NOON_IST, serializeError, useNoonSandbox } from "./helpers.js";

const MAX_DELIVERY_MS = DEFAULT_DELIVERY.acceptDelayMs[1] + DEFAULT_DELIVERY.finalDelayMs[1];
const env = useNoonSandbox();

function client(credentials: Credentials = DEMO_ACCOUNT, extra: Partial<QuickcomClientOptions> = {}) {
  return new QuickcomClient({
    baseUrl: env.sandbox.url,
    credentials: { appKey: credentials.appKey, appSecret: credentials.appSecret },
    retry: { maxRetries: 0 },
    ...extra,
  });
}

const { delivered, undelivered, expired, rejectedByOperator } = DELIVERY_TEST_NUMBERS;
const otp: SendMessageRequest = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: [delivered, undelivered, expired, rejectedByOperator, "12345"],
  route: 1,
  variables: ["482913", "10"],
  message: "Your OTP is 482913. Valid for 10 minutes.",
};

async function sendFive(): Promise<string> {
  const { data } = await client().sendMessage(otp);
  expect(data).toMatchObject({ totalContacts: 5, invalidNumbers: 1, creditsDeducted: 4 });
  return data.uuid;
}

const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error("expected a rejection");
    },
    (error: unknown) => error,
  );

describe("sendReport", () => {
  it("5 numbers, one invalid: 4 recipients in flight plus the invalid one's INVALID/XX1 row", async () => {
    const uuid = await sendFive();
    const result = await client().sendReport(uuid);
    expect(result.message).toBe("Information successfully retrieved.");
    expect(result.rateLimit.limit).toBe(100000);
    expect(result.data).toMatchObject({
      name: "API",
      senderId: "QCOMM",
      message: otp.message,
      messageLength: 41,
      creditsPerMessage: 1,
      totalContacts: 5,
      totalInvalidNumbers: 1,
      totalBlockNumbers: 0,
      totalCreditUsed: 4,
      delivered: 0,
      failed: 0,
      stage: "Ready-to-complete",
    });
    const pending = result.data.recipients.filter((r) => r.state === "pending");
    expect(pending.map((r) => r.mobile)).toEqual(
      [delivered, undelivered, expired, rejectedByOperator].map((n) => `91${n}`),
    );
    expect(pending.every((r) => r.status === "Pending" && r.submittedAt === null && r.doneAt === null)).toBe(
      true,
    );
    expect(result.data.recipients.filter((r) => r.state !== "pending")).toEqual([
      {
        mobile: "12345",
        creditsUsed: 1,
        submittedAt: null,
        doneAt: null,
        status: "INVALID",
        responseCode: "XX1",
        state: "invalid",
      },
    ]);
  });

  it("once the clock has moved: final states, counters that match them, Completed; campaign-list agrees", async () => {
    const uuid = await sendFive();
    env.now = new Date(NOON_IST.getTime() + MAX_DELIVERY_MS);
    const { data } = await client().sendReport(uuid);
    expect(data.recipients.map((r) => [r.mobile, r.status, r.responseCode, r.state])).toEqual([
      [`91${delivered}`, "DELIVRD", "000", "delivered"],
      [`91${undelivered}`, "UNDELIV", "001", "failed"],
      [`91${expired}`, "EXPIRED", "002", "failed"],
      [`91${rejectedByOperator}`, "REJECTD", "003", "failed"],
      ["12345", "INVALID", "XX1", "invalid"],
    ]);
    for (const recipient of data.recipients.slice(0, 4)) {
      expect(recipient.submittedAt).toMatch(/^2030-01-15 12:00:0\d$/);
      expect(recipient.doneAt).toMatch(/^2030-01-15 12:00:\d\d$/);
    }
    const count = (state: string) => data.recipients.filter((r) => r.state === state).length;
    expect(data).toMatchObject({
      delivered: count("delivered"),
      failed: count("failed"),
      totalInvalidNumbers: count("invalid"),
      stage: "Completed",
    });
    const listed = (await client().campaignList({ page: 1, perPage: 1 })).data.campaigns[0];
    const {
      recipients: _r,
      messageLength: _l,
      creditsPerMessage: _c,
      totalBlockNumbers: _b,
      ...campaign
    } = data;
    expect(listed).toEqual(campaign);
  });

  it("another account's uuid → QuickcomNotFoundError (1014), and the owner reads it", async () => {
    const { data } = await client(SECOND_ACCOUNT).sendMessage({
      ...otp,
      dltTemplateId: SECOND_TEMPLATES.shipping,
      mobileNumbers: ["9123456780"],
    });
    const error = await rejection(client().sendReport(data.uuid));
    expect(error).toBeInstanceOf(QuickcomNotFoundError);
    expect(error).toMatchObject({
      code: "1014",
      status: 404,
      endpoint: "send-report",
      reason: "campaign_not_found",
      message: "Record not found",
      retryable: false,
    });
    await expect(client(SECOND_ACCOUNT).sendReport(data.uuid)).resolves.toMatchObject({
      data: { totalContacts: 1 },
    });
  });

  it("an unknown uuid → QuickcomNotFoundError, one call (not retried)", async () => {
    const error = await rejection(client(DEMO_ACCOUNT, { retry: { maxRetries: 3 } }).sendReport("nope"));
    expect(error).toBeInstanceOf(QuickcomNotFoundError);
    expect(env.sandbox.callCount("send-report")).toBe(1);
  });

  it('uuid "0" → QuickcomCampaignTokenMissingError (1013, HTTP 422)', async () => {
    const error = await rejection(client().sendReport("0"));
    expect(error).toBeInstanceOf(QuickcomCampaignTokenMissingError);
    expect(error).toMatchObject({ code: "1013", status: 422 });
  });

  it("wrong credentials → QuickcomAuthenticationError", async () => {
    const error = await rejection(
      client({ appKey: DEMO_ACCOUNT.appKey, appSecret: "wrong" }).sendReport("x"),
    );
    expect(error).toBeInstanceOf(QuickcomAuthenticationError);
  });

  it.each(["query", "header"] as const)("works with %s auth", async (auth) => {
    const uuid = await sendFive();
    await expect(client(DEMO_ACCOUNT, { auth }).sendReport(uuid)).resolves.toMatchObject({
      data: { totalContacts: 5 },
    });
    expect(env.sandbox.calls.at(-1)?.appKey).toBe(DEMO_ACCOUNT.appKey);
  });
});

describe("path parameters are encoded, never interpreted", () => {
  it.each(["a?b#c&app_key=x", "x y+z%41", "..x", "ü😀"])("uuid %j arrives as one segment", async (uuid) => {
    const error = await rejection(client().sendReport(uuid));
    expect(error).toBeInstanceOf(QuickcomNotFoundError);
    expect(env.sandbox.calls.at(-1)).toMatchObject({ endpoint: "send-report", pathParams: [uuid] });
    expect(env.sandbox.calls.at(-1)?.appKey).toBe(DEMO_ACCOUNT.appKey);
  });

  it("a uuid with / stays inside its segment (the backend decodes %2F and then finds no route)", async () => {
    const error = await rejection(client().sendReport("../check-balance"));
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(env.sandbox.calls.at(-1)?.endpoint).toBe("unknown");
    expect(env.sandbox.callCount("check-balance")).toBe(0);
  });

  it.each([
    ["uuid", () => client().sendReport("")],
    ["uuid", () => client().sendReport(".")],
    ["uuid", () => client().sendReport("..")],
    ["mobile", () => client().sendNumberReport("..", "x")],
    ["uuid", () => client().sendNumberReport(delivered, "")],
    ["uuid", () => client().sendReport("a\uD800b")],
  ])("an inexpressible %s is refused without a call", async (parameter, call) => {
    const error = await rejection(call());
    expect(error).toBeInstanceOf(QuickcomInvalidPathParameterError);
    expect(error).toMatchObject({
      code: "INVALID_PATH_PARAMETER",
      status: null,
      parameter,
      retryable: false,
    });
    expect(env.sandbox.calls).toHaveLength(0);
  });
});

describe("sendNumberReport", () => {
  it.each([
    ["10 digits", delivered],
    ["12 digits", `91${delivered}`],
  ])("finds the rows of a number given as %s", async (_name, mobile) => {
    const uuid = await sendFive();
    env.sandbox.advanceClock(MAX_DELIVERY_MS);
    const { data } = await client().sendNumberReport(mobile, uuid);
    expect(data).toEqual([
      {
        mobile: `91${delivered}`,
        creditsUsed: 1,
        submittedAt: expect.stringMatching(/^2030-01-15 12:00:0\d$/),
        doneAt: expect.stringMatching(/^2030-01-15 12:00:\d\d$/),
        status: "DELIVRD",
        responseCode: "000",
        state: "delivered",
        message: otp.message,
      },
    ]);
  });

  it("a number the campaign does not have: an empty list", async () => {
    const uuid = await sendFive();
    await expect(client().sendNumberReport("9123456780", uuid)).resolves.toMatchObject({ data: [] });
  });

  it.each(["987654321", `+91${delivered}`])("%s → QuickcomNotFoundError (1015)", async (mobile) => {
    const error = await rejection(client().sendNumberReport(mobile, "any"));
    expect(error).toBeInstanceOf(QuickcomNotFoundError);
    expect(error).toMatchObject({ code: "1015", status: 404, reason: "invalid_mobile_number" });
  });

  it("another account's uuid → QuickcomNotFoundError (1014)", async () => {
    const { data } = await client(SECOND_ACCOUNT).sendMessage({
      ...otp,
      dltTemplateId: SECOND_TEMPLATES.shipping,
      mobileNumbers: ["9123456780"],
    });
    const error = await rejection(client().sendNumberReport("9123456780", data.uuid));
    expect(error).toMatchObject({ code: "1014", reason: "campaign_not_found" });
  });
});

describe("smsOverallReport", () => {
  it("totals of every campaign of the account, mapped to numbers", async () => {
    const { data } = await client().smsOverallReport();
    let contacts = 0;
    let delivered = 0;
    for (let page = 1; page <= 2; page++) {
      for (const c of (await client().campaignList({ page, perPage: 50 })).data.campaigns) {
        contacts += c.totalContacts;
        delivered += c.delivered;
      }
    }
    expect(data.totalContacts).toBe(contacts);
    expect(data.delivered).toBe(delivered);
    expect(data.inProcess).toBe(
      data.totalContacts - data.delivered - data.failed - data.blocked - data.invalid,
    );
  });

  it("lags a send by up to 30 minutes (the backend's cache)", async () => {
    const before = (await client().smsOverallReport()).data;
    await sendFive();
    env.sandbox.advanceClock(MAX_DELIVERY_MS);
    expect((await client().smsOverallReport()).data).toEqual(before);
    env.sandbox.advanceClock(30 * 60_000);
    expect((await client().smsOverallReport()).data).toEqual({
      ...before,
      totalContacts: before.totalContacts + 5,
      creditsUsed: before.creditsUsed + 4,
      delivered: before.delivered + 1,
      failed: before.failed + 3,
      invalid: before.invalid + 1,
    });
  });

  it("an account without campaigns: zeros", async () => {
    const { data } = await client(NO_ROUTE_ACCOUNT).smsOverallReport();
    expect(Object.values(data)).toEqual([0, 0, 0, 0, 0, 0, 0]);
  });
});

describe("faults on the report endpoints", () => {
  const calls = {
    "send-report": (c: QuickcomClient) => c.sendReport(env.sandbox.state.campaigns[0]?.uuid ?? "none"),
    "send-number-report": (c: QuickcomClient) => c.sendNumberReport(delivered, "x"),
    "sms-overall-report": (c: QuickcomClient) => c.smsOverallReport(),
  } as const;
  const endpoints = Object.keys(calls) as Array<keyof typeof calls>;
  const faulty = (extra: Partial<QuickcomClientOptions> = {}) =>
    client(DEMO_ACCOUNT, {
      timeoutMs: 300,
      sleep: async () => {},
      breaker: new CircuitBreaker({ failureThreshold: 1000 }),
      ...extra,
    });

  const FAULTS: Array<[SandboxFault, new (...args: never[]) => Error, string]> = [
    [{ type: "status", status: 503 }, UpstreamServerError, "UPSTREAM_UNAVAILABLE"],
    [{ type: "error1005" }, UpstreamServerError, "1005"],
    [{ type: "rateLimit", retryAfterSeconds: 1 }, QuickcomRateLimitedError, "RATE_LIMITED"],
    [{ type: "malformed" }, MalformedResponseError, "UPSTREAM_BAD_RESPONSE"],
    [{ type: "hang" }, UpstreamTimeoutError, "UPSTREAM_TIMEOUT"],
  ];

  it.each(
    endpoints.flatMap((endpoint) =>
      FAULTS.map(([fault, cls, code]) => [endpoint, fault, cls, code] as const),
    ),
  )("%s with %j → %o (%s) without retries", async (endpoint, fault, cls, code) => {
    env.sandbox.injectFault({ endpoint, fault });
    const error = await rejection(calls[endpoint](faulty({ retry: { maxRetries: 0 } })));
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({ code, endpoint });
    expect(serializeError(error)).not.toContain(DEMO_ACCOUNT.appSecret);
  });

  it.each(endpoints)(
    "%s recovers from a transient 503 by retrying like the other reads",
    async (endpoint) => {
      env.sandbox.injectFault({ endpoint, fault: { type: "status", status: 503 }, times: 2 });
      const outcome = await calls[endpoint](faulty({ retry: { maxRetries: 2 } })).then(
        () => "ok",
        (error: unknown) => (error as { code?: string }).code,
      );
      expect(env.sandbox.callCount(endpoint)).toBe(3);
      expect(outcome).toBe(endpoint === "send-number-report" ? "1014" : "ok");
    },
  );
});
