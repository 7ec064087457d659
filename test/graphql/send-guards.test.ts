/**
 * Operator guards on `sendMessage`: the recipient and credit caps (per send and per IST day), and the
 * gateway token's `send` scope. Every refusal is decided before the upstream's send-message is called.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ops/access.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on Error { message code }
    ... on SendMessageSuccess { campaign { creditsDeducted } }
    ... on CapExceededError { cap limit requested }
    ... on SendOutcomeUnknownError { idempotencyKey }
  }
}`;

function send(gw: TestGateway, input: Record<string, unknown>, headers?: Record<string, string>) {
  return sendMessage(gw, SEND, input, headers);
}

const NUMBERS = ["9876543210", "8765432109", "7654321098", "6543210987"];

function otp(count: number, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return otpInput(overrides, NUMBERS.slice(0, count));
}

describe("per-send caps", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { SEND_MAX_RECIPIENTS: "3", SEND_MAX_CREDITS: "2" } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it.each([
    ["SEND_MAX_RECIPIENTS", otp(4), 3, 4],
    ["SEND_MAX_CREDITS", otp(3), 2, 3],
    [
      "SEND_MAX_CREDITS",
      // Two recipients of a 181-character GSM text (2 credits each): 4 credits.
      otp(2, {
        dltTemplateId: DEMO_TEMPLATES.appointment,
        variables: ["A".repeat(30), "B".repeat(30), "C".repeat(30), "D".repeat(30)],
      }),
      2,
      4,
    ],
  ])("CapExceededError %s", async (cap, input, limit, requested) => {
    const result = await send(gw, input);
    expect(result).toMatchObject({
      __typename: "CapExceededError",
      code: "CAP_EXCEEDED",
      cap,
      limit,
      requested,
    });
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  it("a send within both caps goes out", async () => {
    const result = await send(gw, otp(2));
    expect(result.__typename).toBe("SendMessageSuccess");
    expect(gw.sandbox.sends()).toBe(1);
  });

  it("the recipient cap also guards messagePreview", async () => {
    const { body } = await gw.gql(
      `query ($input: SendMessageInput!) { messagePreview(input: $input) { estimatedCredits } }`,
      { input: otp(4) },
    );
    expect(body.errors?.[0]?.extensions?.code).toBe("CAP_EXCEEDED");
    expect(gw.sandbox.callCount()).toBe(0);
  });
});

describe("the daily credit cap", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { DAILY_MAX_CREDITS: "5" } });
  });
  afterAll(() => gw.close());

  it("counts what was sent today and refuses what would go over", async () => {
    expect((await send(gw, otp(3, { idempotencyKey: "day-1" }))).__typename).toBe("SendMessageSuccess");
    const over = await send(gw, otp(3, { idempotencyKey: "day-2" }));
    expect(over).toMatchObject({
      __typename: "CapExceededError",
      cap: "DAILY_MAX_CREDITS",
      limit: 5,
      requested: 6,
    });
    expect(gw.sandbox.sends()).toBe(1);
    expect((await send(gw, otp(2, { idempotencyKey: "day-3" }))).__typename).toBe("SendMessageSuccess");
    expect(await send(gw, otp(1, { idempotencyKey: "day-4" }))).toMatchObject({ cap: "DAILY_MAX_CREDITS" });
    expect(gw.sandbox.sends()).toBe(2);
  });

  it("a replay spends nothing more", async () => {
    const replay = await send(gw, otp(3, { idempotencyKey: "day-1" }));
    expect(replay.__typename).toBe("SendMessageSuccess");
    expect(gw.sandbox.sends()).toBe(2);
  });
});

describe("the daily cap and unknown outcomes", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { DAILY_MAX_CREDITS: "3" } });
  });
  afterAll(() => gw.close());

  it("counts the credits a send of unknown outcome may have spent", async () => {
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "drop" }, times: 1, phase: "after" });
    const lost = await send(gw, otp(2, { idempotencyKey: "maybe-sent" }));
    expect(lost.__typename).toBe("SendOutcomeUnknownError");
    // The upstream did deduct 2 credits; the gateway cannot know, so it must assume it did.
    const next = await send(gw, otp(2, { idempotencyKey: "after-unknown" }));
    expect(next).toMatchObject({ __typename: "CapExceededError", cap: "DAILY_MAX_CREDITS", requested: 4 });
    expect(gw.sandbox.sends()).toBe(1);
  });
});

describe("gateway token scopes", () => {
  const READER = "reader-token-0123456789abcdef";
  const SENDER = "sender-token-0123456789abcdef";
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      tokens: [
        { name: "reader", sha256: hashToken(READER), scopes: ["read"] },
        { name: "sender", sha256: hashToken(SENDER), scopes: ["read", "send"] },
      ],
    });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("ForbiddenError for a token with only the read scope; nothing is sent", async () => {
    const result = await send(gw, otp(1), { authorization: `Bearer ${READER}` });
    expect(result).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
    expect(result.message).toContain("send");
    expect(gw.sandbox.callCount("send-message")).toBe(0);
    const entry = (await gw.audit.list({ first: 1 })).entries[0];
    expect(entry).toMatchObject({ actor: "token:reader", outcome: "REFUSED", code: "FORBIDDEN" });
  });

  it("the same reader may still preview", async () => {
    const { body } = await gw.gql(
      `query ($input: SendMessageInput!) { messagePreview(input: $input) { estimatedCredits } }`,
      { input: otp(2) },
      { authorization: `Bearer ${READER}` },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data as any).messagePreview.estimatedCredits).toBe(2);
  });

  it("a token with the send scope sends", async () => {
    const result = await send(gw, otp(1), { authorization: `Bearer ${SENDER}` });
    expect(result.__typename).toBe("SendMessageSuccess");
    expect((await gw.audit.list({ first: 1 })).entries[0]).toMatchObject({
      actor: "token:sender",
      outcome: "SENT",
    });
  });

  it("no token at all is refused with 401 before any GraphQL runs", async () => {
    const { status, body } = await gw.gql(SEND, { input: otp(1) });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(gw.sandbox.callCount()).toBe(0);
  });
});
