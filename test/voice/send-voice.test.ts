/**
 * sendVoiceCall and voicePreview over HTTP against the sandbox, on the one send pipeline: a priced preview that
 * calls nobody, a confirmed send billed on voice_sms_balance, a replay of its key, a key reused for another call,
 * the voice balance's own daily cap, refusals made before any call (file, calling hours, numbers, balance), bulk
 * chunking, a voice OTP kept out of the logs and the audit trail, bad input refused with zero upstream calls, and
 * over MCP, send_voice_call only with the confirmation token of preview_voice_call, once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_VOICE_FILES as F } from "../../src/sandbox/channel-seed.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** Tomorrow, IST, as YYYY-MM-DD (the stores keep records by the real clock, so test clocks stay near it). */
const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
/** Noon IST tomorrow, for the gateway and the sandbox alike (inside the calling hours). */
const noon = new Date(`${tomorrow}T12:00:00+05:30`);
/** 22:00 IST the same day (outside them). */
const tenPm = new Date(`${tomorrow}T22:00:00+05:30`);

const SEND = `mutation ($input: SendVoiceCallInput!) { sendVoiceCall(input: $input) {
  __typename
  ... on SendVoiceCallSuccess { campaign { uuid channel callType message status totalContacts creditsDeducted
    voiceCredits idempotencyKey replayed chunks { status recipients } } account { balance { voice } } }
  ... on Error { code message }
  ... on InvalidInputError { fieldErrors { field message } }
  ... on InvalidNumbersError { invalidNumbers }
  ... on VoiceFileError { voiceId fileStatus durationSeconds }
  ... on InsufficientBalanceError { requiredCredits availableCredits }
  ... on CapExceededError { cap limit requested } } }`;

const PREVIEW = `query ($input: SendVoiceCallInput!) { voicePreview(input: $input) {
  voiceId title durationSeconds callType creditsPerCall validNumbers invalidNumbers duplicateNumbers recipients
  estimatedCredits availableCredits sufficientBalance issues { code message } confirmationToken } }`;

const reminder = { voiceId: F.reminder, mobileNumbers: ["9876543210", "+91 91234 56780", "9876543210"] };

function voiceBalance(gw: TestGateway): number | undefined {
  return gw.sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey)?.voiceSmsBalance;
}

async function send(gw: TestGateway, input: Record<string, unknown>) {
  const { status, body } = await gw.gql<{ sendVoiceCall: any }>(SEND, { input });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data?.sendVoiceCall;
}

function startAt(at: Date, config: Parameters<typeof startTestGateway>[0] = {}) {
  return startTestGateway({ now: () => at, sandbox: { clock: () => at }, ...config });
}

describe("over GraphQL", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startAt(noon);
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("previews the file, call type and credits, calling nobody", async () => {
    const { body } = await gw.gql<{ voicePreview: any }>(PREVIEW, { input: reminder });
    expect(body.errors).toBeUndefined();
    expect(body.data?.voicePreview).toMatchObject({
      voiceId: F.reminder,
      title: "Payment reminder",
      durationSeconds: 55,
      callType: "PLAIN",
      creditsPerCall: 2,
      validNumbers: ["9876543210", "9123456780"],
      duplicateNumbers: ["9876543210"],
      recipients: 2,
      estimatedCredits: 4,
      availableCredits: 500,
      sufficientBalance: true,
      confirmationToken: expect.any(String),
    });
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(0);
    expect(voiceBalance(gw)).toBe(500);
  });

  it("calls, billed on voice_sms_balance, and replays the same key without calling again", async () => {
    const input = { ...reminder, dtmf: "1", idempotencyKey: "voice-reminder-1" };
    const first = await send(gw, input);
    expect(first.__typename).toBe("SendVoiceCallSuccess");
    expect(first.campaign).toMatchObject({
      channel: "VOICE",
      callType: "DTMF",
      message: "Payment reminder",
      status: "Ready-to-complete",
      totalContacts: 2,
      creditsDeducted: 0,
      voiceCredits: 4,
      idempotencyKey: "voice-reminder-1",
      replayed: false,
    });
    expect(first.account.balance.voice).toBe(496);
    expect(voiceBalance(gw)).toBe(496);
    const again = await send(gw, input);
    expect(again, JSON.stringify(again)).toMatchObject({ __typename: "SendVoiceCallSuccess" });
    expect(again.campaign).toMatchObject({ uuid: first.campaign.uuid, voiceCredits: 4, replayed: true });
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(1);
    const other = await send(gw, { ...input, dtmf: "2" });
    expect(other).toMatchObject({ __typename: "IdempotencyConflictError", code: "IDEMPOTENCY_KEY_REUSED" });
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(1);
    expect(voiceBalance(gw)).toBe(496);
    const audited = (await gw.audit.list({ first: 10 })).entries;
    expect(audited.map((e) => [e.outcome, e.route, e.balance])).toContainEqual([
      "SENT",
      "VOICE",
      "voice_sms_balance",
    ]);
  });

  it("splits a big campaign into URL-bounded chunks, each sent once", async () => {
    const account = gw.sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey);
    if (account) account.voiceSmsBalance = 10_000;
    const numbers = Array.from({ length: 2_000 }, (_, i) => `98${String(10_000_000 + i)}`);
    const sent = await send(gw, { voiceId: F.welcome, mobileNumbers: numbers, idempotencyKey: "voice-bulk" });
    expect(sent.__typename).toBe("SendVoiceCallSuccess");
    expect(sent.campaign.chunks.length).toBeGreaterThan(1);
    expect(sent.campaign.chunks.every((c: { status: string }) => c.status === "SENT")).toBe(true);
    expect(sent.campaign.voiceCredits).toBe(2_000);
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(sent.campaign.chunks.length);
    expect(voiceBalance(gw)).toBe(8_000);
  });

  it.each([
    ["a file still pending review", { voiceId: F.pending }, "VoiceFileError", "1020"],
    ["a file over 120 s", { voiceId: F.tooLong }, "VoiceFileError", "VOICE_FILE_TOO_LONG"],
    ["another account's file", { voiceId: F.otherAccount }, "VoiceFileError", "1019"],
    [
      "a number that is not a mobile",
      { mobileNumbers: ["9876543210", "12345"] },
      "InvalidNumbersError",
      null,
    ],
  ])("refuses %s before any call, charging nothing", async (_what, override, typename, code) => {
    const result = await send(gw, { ...reminder, ...override });
    expect(result.__typename).toBe(typename);
    if (code) expect(result.code).toBe(code);
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(0);
    expect(voiceBalance(gw)).toBe(500);
  });

  it("refuses calls the voice balance cannot pay for, before any call", async () => {
    const account = gw.sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey);
    if (account) account.voiceSmsBalance = 3;
    const result = await send(gw, reminder);
    expect(result).toMatchObject({
      __typename: "InsufficientBalanceError",
      requiredCredits: 4,
      availableCredits: 3,
    });
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(0);
  });

  it("answers QuickCom's 1020 for an approved file not yet on its voice gateway, nothing charged", async () => {
    const result = await send(gw, { ...reminder, voiceId: F.unverified });
    expect(result).toMatchObject({ __typename: "VoiceFileError", code: "1020", voiceId: F.unverified });
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(1);
    expect(voiceBalance(gw)).toBe(500);
  });

  it("keeps a voice OTP out of every log line and the audit trail", async () => {
    const otp = "482913";
    const result = await send(gw, {
      voiceId: F.welcome,
      mobileNumbers: ["9876543210"],
      otp,
      idempotencyKey: "voice-otp-1",
    });
    expect(result.campaign).toMatchObject({ callType: "VOICE_OTP", voiceCredits: 1 });
    const dialled = gw.sandbox.state.voice.campaigns.at(-1);
    expect(dialled?.obdType).toBe(4);
    expect(gw.logs.join("\n")).not.toContain(otp);
    const entries = (await gw.audit.list({ first: 10 })).entries;
    expect(JSON.stringify(entries)).not.toContain(otp);
    expect(entries[0]?.otpCodeDigest).toEqual(expect.any(String));
  });

  const bad: Array<[string, Record<string, unknown>, string]> = [
    ["no voiceId", { voiceId: "" }, "voiceId"],
    ["a voiceId with spaces", { voiceId: "QCV 1002" }, "voiceId"],
    ["no numbers", { mobileNumbers: [] }, "mobileNumbers"],
    ["over 25,000 numbers", { mobileNumbers: Array(25_001).fill("9876543210") }, "mobileNumbers"],
    ["a number over 32 characters", { mobileNumbers: ["9".repeat(33)] }, "mobileNumbers.0"],
    ["a two-digit DTMF key", { dtmf: "12" }, "dtmf"],
    ["a DTMF key that is a star", { dtmf: "*" }, "dtmf"],
    ["a call-patch number without dtmf", { callPatchNumber: "9123456780" }, "callPatchNumber"],
    ["a call-patch number that is not a mobile", { dtmf: "1", callPatchNumber: "12345" }, "callPatchNumber"],
    ["an OTP of 3 digits", { otp: "123", mobileNumbers: ["9876543210"] }, "otp"],
    ["an OTP with letters", { otp: "12ab56", mobileNumbers: ["9876543210"] }, "otp"],
    ["an OTP to two numbers", { otp: "123456" }, "mobileNumbers"],
    ["an OTP with a DTMF key", { otp: "123456", dtmf: "1", mobileNumbers: ["9876543210"] }, "dtmf"],
    ["a schedule in the past", { scheduleAt: `${tomorrow}T10:00:00+05:30` }, "scheduleAt"],
    ["an idempotency key with spaces", { idempotencyKey: "my key" }, "idempotencyKey"],
    ["an idempotency key over 128 characters", { idempotencyKey: "k".repeat(129) }, "idempotencyKey"],
  ];

  it.each(bad)(
    "refuses %s with BAD_USER_INPUT and no upstream call at all",
    async (_what, override, field) => {
      const { body } = await gw.gql<{ sendVoiceCall: any }>(SEND, { input: { ...reminder, ...override } });
      const fields = body.data?.sendVoiceCall?.fieldErrors?.map((e: { field: string }) => e.field) ?? [];
      expect(body.data?.sendVoiceCall?.code ?? body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(fields.some((f: string) => f.startsWith(field))).toBe(true);
      const preview = await gw.gql(PREVIEW, { input: { ...reminder, ...override } });
      expect(preview.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(gw.sandbox.callCount()).toBe(0);
    },
  );
});

describe("outside the calling hours", () => {
  let late: TestGateway;
  beforeAll(async () => {
    late = await startAt(tenPm);
  });
  afterAll(() => late.close());

  it("refuses a call now at 22:00 IST, whatever its type, before any call", async () => {
    const result = await send(late, reminder);
    expect(result).toMatchObject({ __typename: "PromotionalHoursError", code: "1008" });
    expect(late.sandbox.callCount("voice-send-sms")).toBe(0);
  });
});

describe("with VOICE_DAILY_MAX_CREDITS", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startAt(noon, { env: { VOICE_DAILY_MAX_CREDITS: "5", DAILY_MAX_CREDITS: "1000" } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("refuses the call that would take the day's voice credits over the cap, SMS untouched", async () => {
    expect((await send(gw, reminder)).__typename).toBe("SendVoiceCallSuccess");
    const second = await send(gw, reminder);
    expect(second).toMatchObject({
      __typename: "CapExceededError",
      cap: "DAILY_MAX_CREDITS",
      limit: 5,
      requested: 8,
    });
    expect(gw.sandbox.callCount("voice-send-sms")).toBe(1);
    expect(voiceBalance(gw)).toBe(496);
  });
});

describe("over MCP", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startAt(noon, { mcp: true });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("calls only with the confirmation token of a preview of the same input, once", async () => {
    const client = await gw.connectMcp();
    try {
      const tools = (await client.listTools()).tools.map((t) => t.name);
      expect(tools).toEqual(expect.arrayContaining(["preview_voice_call", "send_voice_call"]));
      const unconfirmed = (await client.callTool({ name: "send_voice_call", arguments: reminder })) as any;
      expect(unconfirmed.isError).toBe(true);
      expect(JSON.stringify(unconfirmed.content)).toContain("CONFIRMATION_REQUIRED");
      expect(gw.sandbox.callCount("voice-send-sms")).toBe(0);
      const preview = (await client.callTool({ name: "preview_voice_call", arguments: reminder })) as any;
      const token = preview.structuredContent?.confirmationToken;
      expect(token).toEqual(expect.any(String));
      const otherInput = (await client.callTool({
        name: "send_voice_call",
        arguments: { ...reminder, dtmf: "1", confirmationToken: token },
      })) as any;
      expect(JSON.stringify(otherInput.content)).toContain("different input");
      const sent = (await client.callTool({
        name: "send_voice_call",
        arguments: { ...reminder, confirmationToken: token },
      })) as any;
      expect(sent.isError ?? false).toBe(false);
      expect(JSON.stringify(sent.structuredContent)).toContain('"voiceCredits":4');
      const twice = (await client.callTool({
        name: "send_voice_call",
        arguments: { ...reminder, confirmationToken: token },
      })) as any;
      expect(twice.isError).toBe(true);
      expect(JSON.stringify(twice.content)).toContain("already used");
      expect(gw.sandbox.callCount("voice-send-sms")).toBe(1);
      expect(voiceBalance(gw)).toBe(496);
    } finally {
      await client.close();
    }
  });
});
