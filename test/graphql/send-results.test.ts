/**
 * `sendMessage` over real HTTP against the sandbox: the success member (exact text, numbers, billing) and
 * every typed error that input, templates, numbers, schedule or the account's own state produce.
 * Refusals the gateway can decide itself never reach the upstream's send-message.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEMO_ACCOUNT,
  DEMO_TEMPLATES,
  type DemoCredentials,
  INACTIVE_ACCOUNT,
  IP_LOCKED_ACCOUNT,
  LOW_BALANCE_ACCOUNT,
  NO_ROUTE_ACCOUNT,
  OTHER_TEMPLATES,
  SECOND_TEMPLATES,
} from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf, otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on Error { message code }
    ... on SendMessageSuccess { campaign { uuid senderId message status totalContacts creditsPerMessage
      creditsDeducted invalidNumbers scheduledAt idempotencyKey replayed chunks { index recipients status uuid } } }
    ... on InvalidInputError { fieldErrors { field message } }
    ... on TemplateVariablesError { expected problems { code index message } }
    ... on InvalidNumbersError { invalidNumbers }
    ... on InsufficientBalanceError { requiredCredits availableCredits }
  }
}`;

function send(gw: TestGateway, input: Record<string, unknown>, headers?: Record<string, string>) {
  return sendMessage(gw, SEND, input, headers);
}

function otp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return otpInput(overrides, ["9876543210"]);
}

function balanceOf(gw: TestGateway, account: DemoCredentials) {
  const row = gw.sandbox.state.accounts.find((a) => a.appKey === account.appKey);
  if (!row) throw new Error(`no sandbox account ${account.appKey}`);
  return row;
}

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

describe("SendMessageSuccess", () => {
  it("sends the exact Unicode text (₹ + % & emoji) to normalised numbers and bills it", async () => {
    const before = balanceOf(gw, DEMO_ACCOUNT).transactionalBalance;
    const variables = ["₹99+5% & 🎉", "5"];
    const result = await send(gw, {
      dltTemplateId: DEMO_TEMPLATES.hindiOtp,
      mobileNumbers: ["+91 98765 43210", "08765432109", "917654321098"],
      route: "TRANSACTIONAL",
      variables,
    });
    expect(result.__typename).toBe("SendMessageSuccess");
    const expected = "आपका ओटीपी ₹99+5% & 🎉 है। यह 5 मिनट के लिए मान्य है।";
    const campaign = gw.sandbox.state.campaigns.at(-1);
    expect(campaign?.message).toBe(expected);
    expect(campaign?.messageType).toBe("2");
    expect(result.campaign).toMatchObject({
      message: expected,
      senderId: "QCOMM",
      status: "Ready-to-complete",
      totalContacts: 3,
      creditsPerMessage: 1,
      creditsDeducted: 3,
      invalidNumbers: 0,
      scheduledAt: null,
      replayed: false,
      uuid: campaign?.uuid,
    });
    const sent = gw.sandbox.calls.filter((c) => c.endpoint === "send-message");
    expect(sent).toHaveLength(1);
    expect(sent[0]?.params.mobile_numbers).toBe("9876543210,8765432109,7654321098");
    expect(balanceOf(gw, DEMO_ACCOUNT).transactionalBalance).toBe(before - 3);
  });

  it("keeps + % & literally in a GSM template containing ₹", async () => {
    const result = await send(gw, {
      dltTemplateId: DEMO_TEMPLATES.order,
      mobileNumbers: ["9876543210"],
      route: "TRANSACTIONAL",
      variables: ["A+B%20&C", "1,499.00"],
    });
    expect(result.__typename).toBe("SendMessageSuccess");
    const expected = "Your order A+B%20&C confirmed. Amount: ₹1,499.00";
    expect(gw.sandbox.state.campaigns.at(-1)?.message).toBe(expected);
    expect(result.campaign.message).toBe(expected);
  });

  it("schedules a send for later and reports the scheduled instant", async () => {
    const at = new Date(Date.now() + 3 * 86_400_000);
    at.setUTCSeconds(0, 0);
    const result = await send(gw, otp({ scheduleAt: at.toISOString() }));
    expect(result.__typename).toBe("SendMessageSuccess");
    expect(result.campaign.status).toBe("Pending");
    expect(result.campaign.scheduledAt).toBe(at.toISOString());
  });

  it("shows the deducted balance to the next request", async () => {
    const read = async () =>
      ((await gw.gql(`{ account { balance { transactional } } }`)).body.data as any).account.balance
        .transactional as number;
    const before = await read();
    const result = await send(gw, otp({ mobileNumbers: ["9876543210", "8765432109"] }));
    expect(result.campaign.creditsDeducted).toBe(2);
    expect(await read()).toBe(before - 2);
  });
});

describe("input errors never reach the upstream", () => {
  const cases: Array<[string, Record<string, unknown>, string[]]> = [
    ["a template id that is not numeric", otp({ dltTemplateId: "tmpl-1" }), ["dltTemplateId"]],
    ["no recipients", otp({ mobileNumbers: [] }), ["mobileNumbers"]],
    ["an idempotency key with a space", otp({ idempotencyKey: "my key" }), ["idempotencyKey"]],
    ["an idempotency key over 128 characters", otp({ idempotencyKey: "k".repeat(129) }), ["idempotencyKey"]],
    [
      "a recipient over 32 characters",
      otp({ mobileNumbers: ["9876543210", "9".repeat(33)] }),
      ["mobileNumbers.1"],
    ],
    ["a variable over 2,000 characters", otp({ variables: ["x".repeat(2001), "10"] }), ["variables.0"]],
    [
      "several bad fields at once",
      otp({ dltTemplateId: "x", mobileNumbers: [], idempotencyKey: "" }),
      ["dltTemplateId", "mobileNumbers", "idempotencyKey"],
    ],
  ];
  it.each(cases)("InvalidInputError for %s, per field", async (_name, input, fields) => {
    const audited = (await gw.audit.list({ first: 1 })).totalCount;
    const result = await send(gw, input);
    expect(result.__typename).toBe("InvalidInputError");
    expect(result.code).toBe("BAD_USER_INPUT");
    expect(result.fieldErrors.map((e: { field: string }) => e.field).sort()).toEqual([...fields].sort());
    for (const e of result.fieldErrors) expect(e.message).not.toBe("");
    expect(gw.sandbox.callCount()).toBe(0);
    expect((await gw.audit.list({ first: 1 })).totalCount).toBe(audited);
  });

  it.each([
    ["no offset", "2030-01-01T10:00:00"],
    ["words", "tomorrow at ten"],
    ["month 13", "2030-13-01T10:00:00+05:30"],
  ])("a bad DateTime (%s) is a GraphQL error BAD_USER_INPUT", async (_name, scheduleAt) => {
    const { status, body } = await gw.gql(SEND, { input: otp({ scheduleAt }) });
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(body.errors?.[0]?.message).toMatch(/date-?time/i);
    expect(gw.sandbox.callCount()).toBe(0);
  });

  it.each([
    ["an unknown id", "1507162019748199999"],
    ["the other tenant's template", SECOND_TEMPLATES.shipping],
    ["this tenant's inactive template", DEMO_TEMPLATES.inactive],
  ])("TemplateNotFoundError 1011 for %s", async (_name, dltTemplateId) => {
    const result = await send(gw, otp({ dltTemplateId }));
    expect(result).toMatchObject({ __typename: "TemplateNotFoundError", code: "1011" });
    expect(result.message).toContain(dltTemplateId);
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  const variableCases: Array<[string, string[], Array<{ code: string; index: number | null }>]> = [
    ["too few", ["482913"], [{ code: "VARIABLE_COUNT_MISMATCH", index: null }]],
    ["too many", ["1", "2", "3"], [{ code: "VARIABLE_COUNT_MISMATCH", index: null }]],
    ["too long", ["482913", "x".repeat(31)], [{ code: "VARIABLE_TOO_LONG", index: 1 }]],
    ["empty", ["", "10"], [{ code: "VARIABLE_EMPTY", index: 0 }]],
    ["blank", ["482913", "   "], [{ code: "VARIABLE_EMPTY", index: 1 }]],
    ["a control character", ["48\u00072913", "10"], [{ code: "VARIABLE_INVALID_CHARACTER", index: 0 }]],
    ["a C1 control", ["482913", "1\u00850"], [{ code: "VARIABLE_INVALID_CHARACTER", index: 1 }]],
  ];
  it.each(variableCases)("TemplateVariablesError for variables %s", async (_name, variables, problems) => {
    const result = await send(gw, otp({ variables }));
    expect(result).toMatchObject({ __typename: "TemplateVariablesError", code: "TEMPLATE_VARIABLES" });
    expect(result.expected).toBe(2);
    expect(result.problems.map((p: any) => ({ code: p.code, index: p.index }))).toEqual(problems);
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  it("TemplateVariablesError for variables on a template without slots", async () => {
    const result = await send(gw, otp({ dltTemplateId: DEMO_TEMPLATES.welcome, variables: ["x"] }));
    expect(result).toMatchObject({ __typename: "TemplateVariablesError", expected: 0 });
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  it("InvalidNumbersError lists every invalid recipient; no upstream call at all", async () => {
    const result = await send(
      gw,
      otp({ mobileNumbers: ["9876543210", "12345", "+1 202 555 0100", "5876543210", "8765432109"] }),
    );
    expect(result).toMatchObject({ __typename: "InvalidNumbersError", code: "INVALID_NUMBERS" });
    expect(result.invalidNumbers).toEqual(["12345", "+1 202 555 0100", "5876543210"]);
    expect(result.message).toContain("3 recipient(s)");
    expect(gw.sandbox.calls).toEqual([]);
    expect(gw.sandbox.sends()).toBe(0);
  });

  it("ScheduleError 1008 for a time in the past", async () => {
    const result = await send(gw, otp({ scheduleAt: "2024-01-01T10:00:00+05:30" }));
    expect(result).toMatchObject({ __typename: "ScheduleError", code: "1008" });
    expect(result.message).toContain("2024-01-01 10:00");
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });
});

describe("account errors through per-request credentials", () => {
  it("InsufficientBalanceError is decided before the send: no upstream send-message", async () => {
    const numbers = ["9876543210", "8765432109", "7654321098", "6543210987", "9123456780", "9988776655"];
    const result = await send(
      gw,
      {
        dltTemplateId: OTHER_TEMPLATES.lowBalance,
        mobileNumbers: numbers,
        route: "TRANSACTIONAL",
        variables: ["1234"],
      },
      headersOf(LOW_BALANCE_ACCOUNT),
    );
    expect(result).toMatchObject({
      __typename: "InsufficientBalanceError",
      code: "1007",
      requiredCredits: 6,
      availableCredits: 5,
    });
    expect(gw.sandbox.callCount("send-message")).toBe(0);
    expect(balanceOf(gw, LOW_BALANCE_ACCOUNT).transactionalBalance).toBe(5);
  });

  it("the same account can still send what its balance covers", async () => {
    const result = await send(
      gw,
      {
        dltTemplateId: OTHER_TEMPLATES.lowBalance,
        mobileNumbers: ["9876543210", "8765432109"],
        route: "TRANSACTIONAL",
        variables: ["1234"],
      },
      headersOf(LOW_BALANCE_ACCOUNT),
    );
    expect(result.__typename).toBe("SendMessageSuccess");
    expect(result.campaign.senderId).toBe("SHOEST");
    expect(balanceOf(gw, LOW_BALANCE_ACCOUNT).transactionalBalance).toBe(3);
  });

  it("InsufficientBalanceError for a promotional send from an empty promotional wallet", async () => {
    const result = await send(
      gw,
      {
        dltTemplateId: OTHER_TEMPLATES.lowBalance,
        mobileNumbers: ["9876543210"],
        route: "PROMOTIONAL",
        variables: ["1234"],
        scheduleAt: nextIstNoon().toISOString(),
      },
      headersOf(LOW_BALANCE_ACCOUNT),
    );
    expect(result).toMatchObject({ __typename: "InsufficientBalanceError", availableCredits: 0 });
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  const accountCases: Array<[string, DemoCredentials, string, string, number]> = [
    [
      "AuthenticationError",
      { ...DEMO_ACCOUNT, appSecret: "definitely-wrong" },
      DEMO_TEMPLATES.otp,
      "1017",
      0,
    ],
    ["AccountInactiveError", INACTIVE_ACCOUNT, OTHER_TEMPLATES.inactiveAccount, "1016", 0],
    ["IpNotAllowedError", IP_LOCKED_ACCOUNT, OTHER_TEMPLATES.ipLocked, "1001", 0],
    ["GatewayNotWorkingError", NO_ROUTE_ACCOUNT, OTHER_TEMPLATES.noRoute, "1018", 1],
  ];
  it.each(accountCases)("%s", async (typename, account, dltTemplateId, code, sendCalls) => {
    const before = balanceOf(gw, account).transactionalBalance;
    const result = await send(
      gw,
      { dltTemplateId, mobileNumbers: ["9876543210"], route: "TRANSACTIONAL", variables: ["1234"] },
      headersOf(account),
    );
    expect(result).toMatchObject({ __typename: typename, code });
    expect(result.message).not.toContain(account.appSecret);
    // Only the upstream knows an account has no route; everything else fails on the reads before it.
    expect(gw.sandbox.callCount("send-message")).toBe(sendCalls);
    expect(gw.sandbox.sends()).toBe(0);
    expect(balanceOf(gw, account).transactionalBalance).toBe(before);
  });
});

/** Noon IST of the next day (inside the promotional window, in the future). */
function nextIstNoon(): Date {
  const day = new Date(Date.now() + 86_400_000);
  return new Date(`${day.toISOString().slice(0, 10)}T12:00:00+05:30`);
}

describe("the promotional window", () => {
  // 22:00 IST on 10 March 2025, for the gateway and the sandbox alike.
  const tenPm = new Date("2025-03-10T16:30:00Z");
  let late: TestGateway;
  beforeAll(async () => {
    late = await startTestGateway({ now: () => tenPm, sandbox: { clock: () => tenPm } });
  });
  afterAll(() => late.close());

  it("PromotionalHoursError at 22:00 IST, decided by the gateway", async () => {
    const result = await send(late, otp({ route: "PROMOTIONAL" }));
    expect(result).toMatchObject({ __typename: "PromotionalHoursError", code: "1008" });
    expect(result.message).toContain("2025-03-10 22:00");
    expect(late.sandbox.callCount("send-message")).toBe(0);
  });

  it("a promotional send scheduled for the next morning, and a transactional one now, go out", async () => {
    const morning = await send(
      late,
      otp({ route: "PROMOTIONAL", scheduleAt: "2025-03-11T09:30:00+05:30", idempotencyKey: "promo-am" }),
    );
    expect(morning.__typename).toBe("SendMessageSuccess");
    expect(morning.campaign.status).toBe("Pending");
    const now = await send(late, otp({ route: "TRANSACTIONAL" }));
    expect(now.__typename).toBe("SendMessageSuccess");
    expect(late.sandbox.sends()).toBe(2);
  });
});

describe("the SendMessageResult union", () => {
  // Where each member is exercised over GraphQL (send-*.test.ts in this folder). ConfirmationRequiredError is
  // only returned to MCP callers (GraphQL sends need no confirmation); the MCP tests cover it. StateUnavailableError
  // needs a Redis that goes away: test/state/redis-faults.test.ts. WhatsAppTemplateError is sendWhatsApp's:
  // test/whatsapp/send-whatsapp.test.ts.
  const covered: Record<string, string> = {
    SendMessageSuccess: "send-results",
    InvalidInputError: "send-results",
    TemplateNotFoundError: "send-results",
    TemplateVariablesError: "send-results",
    InvalidNumbersError: "send-results",
    InsufficientBalanceError: "send-results",
    ScheduleError: "send-results",
    PromotionalHoursError: "send-results",
    AuthenticationError: "send-results",
    AccountInactiveError: "send-results",
    IpNotAllowedError: "send-results",
    GatewayNotWorkingError: "send-results",
    RateLimitedError: "send-faults",
    UpstreamRejectedError: "send-faults",
    UpstreamUnavailableError: "send-faults",
    SendOutcomeUnknownError: "send-faults",
    IdempotencyConflictError: "send-idempotency",
    SendInProgressError: "send-idempotency",
    IdempotencyKeyUsedError: "send-idempotency",
    CapExceededError: "send-guards",
    ForbiddenError: "send-guards",
    PartialSendError: "send-bulk",
    ConfirmationRequiredError: "mcp",
    StateUnavailableError: "state/redis-faults",
    WhatsAppTemplateError: "whatsapp/send-whatsapp",
  };

  it("has exactly the members these tests cover, each an Error but the success", async () => {
    const { body } = await gw.gql(
      `{ __type(name: "SendMessageResult") { possibleTypes { name interfaces { name } } } }`,
    );
    expect(body.errors).toBeUndefined();
    const members: { name: string; interfaces: { name: string }[] }[] = (body.data as any).__type
      .possibleTypes;
    expect(members.map((m) => m.name).sort()).toEqual(Object.keys(covered).sort());
    for (const member of members) {
      const isError = member.interfaces.some((i) => i.name === "Error");
      expect(isError).toBe(member.name !== "SendMessageSuccess");
    }
  });
});

describe("a URL limit too small for the message itself", () => {
  let tight: TestGateway;
  beforeAll(async () => {
    tight = await startTestGateway({ env: { SEND_URL_MAX_BYTES: "200" } });
  });
  afterAll(() => tight.close());

  it("is an InvalidInputError on the variables, and nothing is sent", async () => {
    const result = await send(tight, otp());
    expect(result).toMatchObject({ __typename: "InvalidInputError", code: "BAD_USER_INPUT" });
    expect(result.fieldErrors).toHaveLength(1);
    expect(result.fieldErrors[0].field).toBe("variables");
    expect(result.fieldErrors[0].message).toContain("200-byte limit");
    expect(tight.sandbox.callCount("send-message")).toBe(0);
  });
});
