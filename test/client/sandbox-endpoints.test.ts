import { describe, expect, it } from "vitest";
import { QuickcomClient, type QuickcomClientOptions } from "../../src/quickcom/client/client.js";
import {
  QuickcomAccountInactiveError,
  QuickcomAuthenticationError,
  type QuickcomError,
  QuickcomGatewayNotWorkingError,
  QuickcomInsufficientBalanceError,
  QuickcomIpNotAllowedError,
  QuickcomPromotionalHoursError,
  QuickcomRateLimitedError,
  QuickcomScheduleError,
  QuickcomSendOutcomeUnknownError,
  QuickcomTemplateNotFoundError,
  UpstreamServerError,
  UpstreamValidationError,
} from "../../src/quickcom/client/errors.js";
import type { Credentials, SendMessageRequest } from "../../src/quickcom/types.js";
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
import { serializeError, useNoonSandbox } from "./helpers.js";

const env = useNoonSandbox();

function demo(credentials: Credentials = DEMO_ACCOUNT, extra: Partial<QuickcomClientOptions> = {}) {
  return new QuickcomClient({
    baseUrl: env.sandbox.url,
    credentials: { appKey: credentials.appKey, appSecret: credentials.appSecret },
    retry: { maxRetries: 0 },
    ...extra,
  });
}

const otp: SendMessageRequest = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210"],
  route: 1,
  variables: ["482913", "10"],
  message: "Your OTP is 482913. Valid for 10 minutes.",
};

function lastCall() {
  const call = env.sandbox.calls.at(-1);
  if (!call) throw new Error("no call recorded");
  return call;
}

describe("reads are mapped from the demo data", () => {
  it("account-status", async () => {
    const result = await demo().accountStatus();
    expect(result.data).toEqual({ active: true });
    expect(result.message).toBe("Account is in active status.");
    expect(result.rateLimit.limit).toBeGreaterThan(0);
    expect(result.rateLimit.remaining).toBe((result.rateLimit.limit ?? 0) - 1);
  });

  it('check-balance (decimal string credit, status "1")', async () => {
    const result = await demo().checkBalance();
    expect(result.data).toEqual({
      userNumber: 16,
      name: "QuickCom Demo Pvt Ltd",
      email: "ops@quickcom-demo.in",
      mobile: "9876543210",
      active: true,
      transactional: 114830,
      promotional: 50000,
      twoWaySms: 1200,
      voice: 500,
      whatsappCredit: 250.5,
      ipSecurityEnabled: false,
    });
    expect(result.rateLimit.remaining).not.toBeNull();
  });

  it("check-balance with null contact fields", async () => {
    const { data } = await demo(NO_ROUTE_ACCOUNT).checkBalance();
    expect(data).toMatchObject({ userNumber: 53, email: null, mobile: null, transactional: 1000 });
  });

  it("approved-senderids lists only active sender IDs", async () => {
    const { data } = await demo().approvedSenderIds();
    expect(data).toEqual([{ senderId: "QCOMM" }, { senderId: "ALERTS" }]);
  });

  it("templates lists only active templates, mapped", async () => {
    const { data } = await demo().templates();
    expect(data.map((t) => t.dltTemplateId)).toEqual([
      DEMO_TEMPLATES.otp,
      DEMO_TEMPLATES.order,
      DEMO_TEMPLATES.hindiOtp,
      DEMO_TEMPLATES.welcome,
      DEMO_TEMPLATES.appointment,
      DEMO_TEMPLATES.otpCode,
    ]);
    expect(data[0]).toEqual({
      dltTemplateId: DEMO_TEMPLATES.otp,
      name: "OTP",
      entityId: "1201161234567890123",
      headerId: "1105162019748100010",
      unicode: false,
      body: "Your OTP is {#var#}. Valid for {#var#} minutes.",
    });
    expect(data[2]?.unicode).toBe(true);
  });

  it("campaign-list: newest first, integer page fields, float last_page tolerated", async () => {
    const { data } = await demo().campaignList({ page: 2, perPage: 5 });
    expect(data).toMatchObject({ total: 64, page: 2, perPage: 5, lastPage: 13 });
    expect(data.campaigns).toHaveLength(5);
    const ids = data.campaigns.map((c) => c.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const first = await demo().campaignList({ page: 1, perPage: 5 });
    expect(Math.min(...first.data.campaigns.map((c) => c.id))).toBeGreaterThan(Math.max(...ids));
    expect(data.campaigns[0]).toMatchObject({
      name: "API",
      smsType: "1",
      messageType: expect.any(String),
      totalContacts: expect.any(Number),
      delivered: expect.any(Number),
      failed: expect.any(Number),
      stage: expect.any(String),
      totalCreditUsed: expect.any(Number),
      isFlash: false,
    });
  });

  it.each([
    [{ page: 1, perPage: 500 }, "50", "1", 50],
    [{ page: 0, perPage: 0 }, "1", "1", 1],
    [{ page: -3, perPage: 7 }, "7", "1", 7],
  ])(
    "campaign-list %j always sends per_page_record=%s, page_number=%s",
    async (page, perPage, pageNumber, size) => {
      const { data } = await demo().campaignList(page);
      expect(lastCall().params).toMatchObject({ per_page_record: perPage, page_number: pageNumber });
      expect(data.campaigns).toHaveLength(size);
      expect(data.perPage).toBe(size);
    },
  );
});

describe("send-message", () => {
  it("sends now: mapped response, one campaign, no country_code", async () => {
    const result = await demo().sendMessage(otp);
    expect(result.data).toMatchObject({
      campaign: "API",
      senderId: "QCOMM",
      routeType: 1,
      message: otp.message,
      isFlash: false,
      creditsPerMessage: 1,
      totalContacts: 1,
      creditsDeducted: 1,
      status: "Ready-to-complete",
      invalidNumbers: 0,
    });
    expect(result.data.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.message).toBe("Campaign successfully processed");
    expect(env.sandbox.sends()).toBe(1);
    expect(lastCall().params).not.toHaveProperty("country_code");
    expect(lastCall().params).toMatchObject({ route_type: "1", mobile_numbers: "9876543210" });
  });

  it("schedules in IST to the minute and flags flash", async () => {
    const scheduleAt = new Date("2030-01-15T10:45:30Z");
    const result = await demo().sendMessage({ ...otp, scheduleAt, flash: true });
    expect(lastCall().params).toMatchObject({ schedule_date: "2030-01-15 16:15", is_flash: "1" });
    expect(result.data).toMatchObject({ status: "Pending", isFlash: true });
    expect(result.data.sendDateTime).toContain("2030-01-15 16:15");
  });

  it.each([
    "Price 1+1 = 2 & 100% off; %41 stays",
    "Amount ₹2499 😀🎉 नमस्ते",
    "  leading and trailing spaces  ",
    "a+b+c %2B %25 %",
  ])("message %j arrives intact (response and stored campaign)", async (text) => {
    const variables = ["1+1", "100%"];
    const result = await demo().sendMessage({ ...otp, message: text, variables });
    expect(result.data.message).toBe(text);
    const stored = env.sandbox.state.campaigns.at(-1);
    expect(stored?.message).toBe(text);
    const listed = await demo().campaignList({ page: 1, perPage: 1 });
    expect(listed.data.campaigns[0]?.message).toBe(text);
  });

  it("sendMessageUrlLength matches the URL actually requested", async () => {
    let requested = "";
    const client = demo(DEMO_ACCOUNT, {
      fetch: (input, init) => {
        requested = String(input);
        return fetch(input, init);
      },
    });
    const request = { ...otp, message: "₹ 100% + more 😀", mobileNumbers: ["9876543210", "9123456780"] };
    await client.sendMessage(request);
    expect(client.sendMessageUrlLength(request)).toBe(Buffer.byteLength(requested));
    expect(client.sendMessageUrlLength({ ...request, message: `${request.message}x` })).toBe(
      Buffer.byteLength(requested) + 1,
    );
  });
});

describe("both auth modes", () => {
  it.each(["query", "header"] as const)("%s auth reads and sends", async (auth) => {
    const client = demo(DEMO_ACCOUNT, { auth });
    await expect(client.accountStatus()).resolves.toMatchObject({ data: { active: true } });
    await expect(client.sendMessage(otp)).resolves.toMatchObject({ data: { message: otp.message } });
    expect(lastCall().appKey).toBe(DEMO_ACCOUNT.appKey);
    if (auth === "header") expect(lastCall().params).not.toHaveProperty("app_key");
    else expect(lastCall().params).toHaveProperty("app_key", DEMO_ACCOUNT.appKey);
    expect(env.sandbox.sends()).toBe(1);
  });

  it.each(["query", "header"] as const)("%s auth with a wrong secret → 1017", async (auth) => {
    const client = demo({ appKey: DEMO_ACCOUNT.appKey, appSecret: "wrongSecretValue" }, { auth });
    const error = await client.checkBalance().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickcomAuthenticationError);
    expect(error).toMatchObject({ code: "1017", status: 401, endpoint: "check-balance" });
  });
});

interface ErrorCase {
  name: string;
  credentials: Credentials;
  run: (client: QuickcomClient) => Promise<unknown>;
  setup?: () => void;
  options?: Partial<QuickcomClientOptions>;
  expected: new (...args: never[]) => QuickcomError;
  code: string;
  status: number;
}

const scheduleAsReference: typeof fetch = (input, init) => {
  const url = new URL(String(input));
  const date = url.searchParams.get("schedule_date");
  if (date) url.searchParams.set("schedule_date", `${date}:00`);
  return fetch(url, init);
};

const errorCases: ErrorCase[] = [
  {
    name: "1017 wrong secret on a send",
    credentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: `${DEMO_ACCOUNT.appSecret}x` },
    run: (c) => c.sendMessage(otp),
    expected: QuickcomAuthenticationError,
    code: "1017",
    status: 401,
  },
  {
    name: "1001 IP not whitelisted",
    credentials: IP_LOCKED_ACCOUNT,
    run: (c) => c.checkBalance(),
    expected: QuickcomIpNotAllowedError,
    code: "1001",
    status: 401,
  },
  {
    name: "1016 inactive account",
    credentials: INACTIVE_ACCOUNT,
    run: (c) => c.templates(),
    expected: QuickcomAccountInactiveError,
    code: "1016",
    status: 401,
  },
  {
    name: "1002 unknown template id",
    credentials: DEMO_ACCOUNT,
    run: (c) => c.sendMessage({ ...otp, dltTemplateId: "9999999999999999999" }),
    expected: UpstreamValidationError,
    code: "1002",
    status: 400,
  },
  {
    name: "1006 schedule in the reference's HH:MM:SS format",
    credentials: DEMO_ACCOUNT,
    options: { fetch: scheduleAsReference },
    run: (c) => c.sendMessage({ ...otp, scheduleAt: new Date("2030-01-16T06:30:00Z") }),
    expected: QuickcomScheduleError,
    code: "1006",
    status: 422,
  },
  {
    name: "1008 schedule in the past",
    credentials: DEMO_ACCOUNT,
    run: (c) => c.sendMessage({ ...otp, scheduleAt: new Date("2030-01-14T06:30:00Z") }),
    expected: QuickcomScheduleError,
    code: "1008",
    status: 422,
  },
  {
    name: "1008 promotional outside 09:00–21:00 IST",
    credentials: DEMO_ACCOUNT,
    setup: () => {
      env.now = new Date("2030-01-15T17:00:00Z");
    },
    run: (c) => c.sendMessage({ ...otp, route: 2 }),
    expected: QuickcomPromotionalHoursError,
    code: "1008",
    status: 422,
  },
  {
    name: "1011 template of another account",
    credentials: DEMO_ACCOUNT,
    run: (c) =>
      c.sendMessage({
        ...otp,
        dltTemplateId: SECOND_TEMPLATES.shipping,
        message: "Hi Ravi, your Acme order AC1 has been shipped.",
      }),
    expected: QuickcomTemplateNotFoundError,
    code: "1011",
    status: 422,
  },
  {
    name: "1007 insufficient balance",
    credentials: LOW_BALANCE_ACCOUNT,
    run: (c) =>
      c.sendMessage({
        dltTemplateId: OTHER_TEMPLATES.lowBalance,
        mobileNumbers: Array.from({ length: 10 }, (_, i) => `98765432${String(i).padStart(2, "0")}`),
        route: 1,
        variables: ["1234"],
        message: "Your verification code is 1234.",
      }),
    expected: QuickcomInsufficientBalanceError,
    code: "1007",
    status: 422,
  },
  {
    name: "1018 no route",
    credentials: NO_ROUTE_ACCOUNT,
    run: (c) =>
      c.sendMessage({
        dltTemplateId: OTHER_TEMPLATES.noRoute,
        mobileNumbers: ["9876543210"],
        route: 1,
        variables: ["1234"],
        message: "Your verification code is 1234.",
      }),
    expected: QuickcomGatewayNotWorkingError,
    code: "1018",
    status: 422,
  },
  {
    name: "1005 exception envelope on a read",
    credentials: DEMO_ACCOUNT,
    setup: () => env.sandbox.injectFault({ endpoint: "check-balance", fault: { type: "error1005" } }),
    run: (c) => c.checkBalance(),
    expected: UpstreamServerError,
    code: "1005",
    status: 500,
  },
  {
    name: "429 with Retry-After",
    credentials: DEMO_ACCOUNT,
    setup: () =>
      env.sandbox.injectFault({ endpoint: "templates", fault: { type: "rateLimit", retryAfterSeconds: 3 } }),
    run: (c) => c.templates(),
    expected: QuickcomRateLimitedError,
    code: "RATE_LIMITED",
    status: 429,
  },
];

describe("every upstream error code maps to its class, without the secret", () => {
  it.each(errorCases.map((c) => [c.name, c] as const))("%s", async (_name, testCase) => {
    testCase.setup?.();
    const error = await testCase.run(demo(testCase.credentials, testCase.options)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(testCase.expected);
    expect(error).toMatchObject({
      code: testCase.code,
      status: testCase.status,
      retryable: expect.any(Boolean),
    });
    expect((error as Error).message.length).toBeGreaterThan(0);
    const serialized = serializeError(error);
    expect(serialized).not.toContain(testCase.credentials.appSecret);
    expect(serialized).not.toContain("app_secret");
    expect(serialized).not.toContain("SQLSTATE");
    expect(env.sandbox.sends()).toBe(0);
  });

  it("1002 carries the field errors", async () => {
    const error = await demo()
      .sendMessage({ ...otp, dltTemplateId: "9999999999999999999" })
      .catch((e: unknown) => e);
    expect((error as UpstreamValidationError).fieldErrors).toEqual({
      dlt_template_id: ["The selected dlt template id is invalid."],
    });
  });

  it("429 carries Retry-After in ms", async () => {
    env.sandbox.injectFault({ endpoint: "templates", fault: { type: "rateLimit", retryAfterSeconds: 3 } });
    const error = await demo()
      .templates()
      .catch((e: unknown) => e);
    expect((error as QuickcomRateLimitedError).retryAfterMs).toBe(3000);
  });

  it("1005 on a send leaves the outcome unknown (the backend's catch-all also fires after billing)", async () => {
    env.sandbox.injectFault({ endpoint: "send-message", fault: { type: "error1005" } });
    const error = await demo()
      .sendMessage(otp, { idempotencyKey: "k-1005" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
    expect(error).toMatchObject({ idempotencyKey: "k-1005", status: 500 });
    expect((error as Error).cause).toBeInstanceOf(UpstreamServerError);
  });
});
