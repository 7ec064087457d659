/**
 * sendWhatsApp and whatsappPreview over HTTP against the sandbox: a priced preview that sends nothing, a send
 * billed on whatsapp_credit, a replay of its key, a key reused for another message, the daily cap, refusals the
 * backend makes before its debit (nothing charged), and bad input refused with zero upstream calls; over MCP,
 * send_whatsapp needs the confirmation token of preview_whatsapp, once.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_WA_SENDER, DEMO_WA_TEMPLATES as T } from "../../src/sandbox/channel-seed.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const SEND = `mutation ($input: SendWhatsAppInput!) { sendWhatsApp(input: $input) {
  __typename
  ... on SendMessageSuccess { campaign { uuid channel senderId message status totalContacts creditsDeducted
    whatsappCredit idempotencyKey replayed } account { balance { whatsappCredit } } }
  ... on Error { code message }
  ... on InvalidInputError { fieldErrors { field message } }
  ... on UpstreamRejectedError { fieldErrors { field message } }
  ... on TemplateVariablesError { expected }
  ... on WhatsAppTemplateError { templateName }
  ... on CapExceededError { cap limit requested } } }`;

const PREVIEW = `query ($input: SendWhatsAppInput!) { whatsappPreview(input: $input) {
  templateName category language mobileNumber senderNumber header body footer mediaType mediaUrl
  chargePerMessage availableCredit sufficientBalance warnings confirmationToken } }`;

const CHARGES = { MARKETING: 0.875, UTILITY: 0.125, AUTHENTICATION: 0.125 };

const appointment = {
  templateName: T.appointment,
  mobileNumber: "+91 98765 43210",
  senderNumber: `+${DEMO_WA_SENDER}`,
  headerValues: ["Asha"],
  bodyValues: ["Monday", "10:30"],
};

const offer = {
  templateName: T.festiveOffer,
  mobileNumber: "9876543210",
  senderNumber: DEMO_WA_SENDER,
  bodyValues: ["Asha", "20%"],
  mediaUrl: "https://cdn.example.com/diwali.jpg",
};

function credit(gw: TestGateway): string | undefined {
  return gw.sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey)?.whatsappCredit;
}

async function send(gw: TestGateway, input: Record<string, unknown>) {
  const { status, body } = await gw.gql<{ sendWhatsApp: any }>(SEND, { input });
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data?.sendWhatsApp;
}

describe("over GraphQL", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ config: { whatsappCharges: CHARGES } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("previews the rendered message and its charge, sending nothing", async () => {
    const { body } = await gw.gql<{ whatsappPreview: any }>(PREVIEW, { input: appointment });
    expect(body.errors).toBeUndefined();
    expect(body.data?.whatsappPreview).toMatchObject({
      templateName: T.appointment,
      category: "UTILITY",
      mobileNumber: "9876543210",
      senderNumber: DEMO_WA_SENDER,
      header: "Hello Asha",
      body: "Your appointment is on Monday at 10:30.",
      chargePerMessage: 0.125,
      availableCredit: 250.5,
      sufficientBalance: true,
      confirmationToken: expect.any(String),
    });
    expect(gw.sandbox.sends()).toBe(0);
    expect(gw.sandbox.callCount("send-wa-message")).toBe(0);
  });

  it("sends, billed on whatsapp_credit, and replays the same key without sending again", async () => {
    const input = { ...offer, idempotencyKey: "wa-offer-1" };
    const first = await send(gw, input);
    expect(first.__typename).toBe("SendMessageSuccess");
    expect(first.campaign).toMatchObject({
      channel: "WHATSAPP",
      senderId: DEMO_WA_SENDER,
      message: "Hi Asha, enjoy 20% off this Diwali!\nReply STOP to opt out",
      status: "Ready-to-complete",
      totalContacts: 1,
      creditsDeducted: 0,
      whatsappCredit: 0.875,
      idempotencyKey: "wa-offer-1",
      replayed: false,
    });
    expect(first.account.balance.whatsappCredit).toBe(249.625);
    expect(credit(gw)).toBe("249.6250");
    const again = await send(gw, input);
    expect(again.campaign).toMatchObject({
      uuid: first.campaign.uuid,
      whatsappCredit: 0.875,
      replayed: true,
    });
    expect(gw.sandbox.callCount("send-wa-message")).toBe(1);
    expect(credit(gw)).toBe("249.6250");
    const other = await send(gw, { ...input, bodyValues: ["Asha", "30%"] });
    expect(other).toMatchObject({ __typename: "IdempotencyConflictError", code: "IDEMPOTENCY_KEY_REUSED" });
    expect(gw.sandbox.callCount("send-wa-message")).toBe(1);
    const { entries } = await gw.audit.list({ first: 10 });
    expect(entries.map((e) => [e.route, e.dltTemplateId, e.outcome, e.creditsDeducted])).toEqual([
      ["WHATSAPP", T.festiveOffer, "REFUSED", 0],
      ["WHATSAPP", T.festiveOffer, "REPLAYED", 0],
      ["WHATSAPP", T.festiveOffer, "SENT", 0.875],
    ]);
    const { body } = await gw.gql<{ whatsappReport: any }>(
      "query ($t: String!) { whatsappReport(token: $t) { creditsUsed recipients { mobileNumber status } } }",
      { t: first.campaign.uuid },
    );
    expect(body.data?.whatsappReport).toEqual({
      creditsUsed: 0.875,
      recipients: [{ mobileNumber: "9876543210", status: "accepted" }],
    });
  });

  it.each([
    ["the connection dropped after QuickCom billed", { type: "drop" } as const],
    ["QuickCom's 1005 after its debit", { type: "error1005" } as const],
  ])(
    "never sends twice when %s: SEND_OUTCOME_UNKNOWN, and the same key answers it again",
    async (_name, fault) => {
      gw.sandbox.injectFault({ endpoint: "send-wa-message", fault, phase: "after", times: 1 });
      const input = { ...offer, idempotencyKey: `wa-unknown-${fault.type}` };
      const first = await send(gw, input);
      expect(first).toMatchObject({ __typename: "SendOutcomeUnknownError", code: "SEND_OUTCOME_UNKNOWN" });
      const retry = await send(gw, input);
      expect(retry.code).toBe("SEND_OUTCOME_UNKNOWN");
      expect(gw.sandbox.callCount("send-wa-message")).toBe(1);
      expect(credit(gw)).toBe("249.6250");
    },
  );

  it.each([
    [
      "a sender that is not the account's",
      { ...appointment, senderNumber: "919999999999" },
      "UpstreamRejectedError",
      "1034",
      "senderNumber",
    ],
    [
      "a category without a charge on the account",
      { templateName: T.feedback, mobileNumber: "9876543210", senderNumber: DEMO_WA_SENDER },
      "UpstreamRejectedError",
      "1033",
      "templateName",
    ],
  ])("passes on QuickCom's refusal of %s, with nothing charged", async (_name, input, type, code, field) => {
    const result = await send(gw, input);
    expect(result).toMatchObject({ __typename: type, code });
    expect(result.fieldErrors[0].field).toBe(field);
    expect(credit(gw)).toBe("250.5000");
    expect(gw.sandbox.sends()).toBe(0);
  });

  it.each([
    [
      "an unknown template",
      { ...appointment, templateName: "no_such_template" },
      "WhatsAppTemplateError",
      "1031",
    ],
    [
      "a template not approved",
      { ...appointment, templateName: T.draftPromo, headerValues: [], bodyValues: ["Asha"] },
      "WhatsAppTemplateError",
      "WHATSAPP_TEMPLATE_NOT_APPROVED",
    ],
    [
      "a template whose button needs a value",
      { ...offer, templateName: T.orderUpdate, mediaUrl: null },
      "InvalidInputError",
      "BAD_USER_INPUT",
    ],
    ["a media template without media", { ...offer, mediaUrl: null }, "InvalidInputError", "BAD_USER_INPUT"],
    [
      "media on a text template",
      { ...appointment, mediaUrl: "https://cdn.example.com/a.jpg" },
      "InvalidInputError",
      "BAD_USER_INPUT",
    ],
    [
      "too few body values",
      { ...appointment, bodyValues: ["Monday"] },
      "TemplateVariablesError",
      "TEMPLATE_VARIABLES",
    ],
  ])("refuses %s after reading the templates, sending nothing", async (_name, input, type, code) => {
    const result = await send(gw, input);
    expect(result).toMatchObject({ __typename: type, code });
    expect(gw.sandbox.callCount("send-wa-message")).toBe(0);
    expect(credit(gw)).toBe("250.5000");
  });

  const badInput: Array<[string, Record<string, unknown>, string]> = [
    ["an empty template name", { templateName: "" }, "templateName"],
    ["a template name with spaces inside", { templateName: "order update" }, "templateName"],
    ["a foreign number", { mobileNumber: "+14155550100" }, "mobileNumber"],
    ["a number with a + but no country code", { mobileNumber: "+9876543210" }, "mobileNumber"],
    ["a landline-length number", { mobileNumber: "02212345678" }, "mobileNumber"],
    ["two recipients", { mobileNumber: "9876543210, 9876543211" }, "mobileNumber"],
    ["letters as the number", { mobileNumber: "98765ABCDE" }, "mobileNumber"],
    ["a sender name instead of a number", { senderNumber: "QuickCom" }, "senderNumber"],
    ["a sender of 9 digits", { senderNumber: "987650000" }, "senderNumber"],
    ["a language name", { language: "English" }, "language"],
    ["an empty body value", { bodyValues: ["", "10:30"] }, "bodyValues.0"],
    ["a body value with a tab", { bodyValues: ["Monday", "10\t30"] }, "bodyValues.1"],
    ["a header value of 61 characters", { headerValues: ["x".repeat(61)] }, "headerValues.0"],
    ["a javascript: media URL", { mediaUrl: "javascript:alert(1)" }, "mediaUrl"],
    ["a data: media URL", { mediaUrl: "data:image/png;base64,AAAA" }, "mediaUrl"],
    ["a media URL on the sandbox's relative path", { mediaUrl: "wa/16/diwali-banner.jpg" }, "mediaUrl"],
    [
      "a file name with a backslash",
      { mediaUrl: "https://cdn.example.com/a.pdf", mediaFilename: "..\\a.pdf" },
      "mediaFilename",
    ],
    ["a file name and no URL", { mediaFilename: "invoice.pdf" }, "mediaFilename"],
    ["an idempotency key with a space", { idempotencyKey: "my key" }, "idempotencyKey"],
  ];

  it.each(badInput)(
    "refuses %s as BAD_USER_INPUT with zero upstream calls",
    async (_name, override, field) => {
      const result = await send(gw, { ...appointment, ...override });
      expect(result.__typename).toBe("InvalidInputError");
      expect(result.code).toBe("BAD_USER_INPUT");
      expect(result.fieldErrors.map((e: { field: string }) => e.field)).toContain(field);
      expect(gw.sandbox.callCount()).toBe(0);
      const preview = await gw.gql(PREVIEW, { input: { ...appointment, ...override } });
      expect(preview.body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(gw.sandbox.callCount()).toBe(0);
    },
  );
});

describe("with DAILY_MAX_CREDITS", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ config: { whatsappCharges: CHARGES, dailyMaxCredits: 1 } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("refuses the send that would take the day's whatsapp_credit over the cap, sending nothing", async () => {
    expect((await send(gw, offer)).__typename).toBe("SendMessageSuccess");
    const second = await send(gw, offer);
    expect(second).toMatchObject({
      __typename: "CapExceededError",
      code: "CAP_EXCEEDED",
      cap: "DAILY_MAX_CREDITS",
      limit: 1,
    });
    expect(gw.sandbox.callCount("send-wa-message")).toBe(1);
    expect(credit(gw)).toBe("249.6250");
  });

  it("refuses a category whose charge is not configured, since the cap cannot be checked", async () => {
    const unpriced = await startTestGateway({
      config: { whatsappCharges: { MARKETING: 0.875 }, dailyMaxCredits: 5 },
    });
    try {
      const { body } = await unpriced.gql<{ sendWhatsApp: any }>(SEND, { input: appointment });
      expect(body.errors?.[0]?.extensions?.code ?? body.data?.sendWhatsApp?.code).toBe(
        "WHATSAPP_CHARGE_UNKNOWN",
      );
      expect(unpriced.sandbox.callCount("send-wa-message")).toBe(0);
    } finally {
      await unpriced.close();
    }
  });
});

describe("over MCP", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ mcp: true, config: { whatsappCharges: CHARGES } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("sends only with the confirmation token of a preview of the same input, once", async () => {
    const client = await gw.connectMcp();
    try {
      const unconfirmed = (await client.callTool({
        name: "send_whatsapp",
        arguments: appointment,
      })) as any;
      expect(unconfirmed.isError).toBe(true);
      expect(JSON.stringify(unconfirmed.content)).toContain("CONFIRMATION_REQUIRED");
      const preview = (await client.callTool({
        name: "preview_whatsapp",
        arguments: appointment,
      })) as any;
      expect(preview.structuredContent).toMatchObject({
        body: "Your appointment is on Monday at 10:30.",
        chargePerMessage: 0.125,
      });
      const token = preview.structuredContent.confirmationToken;
      const mismatch = (await client.callTool({
        name: "send_whatsapp",
        arguments: { ...appointment, bodyValues: ["Tuesday", "10:30"], confirmationToken: token },
      })) as any;
      expect(JSON.stringify(mismatch.content)).toContain("different input");
      const sent = (await client.callTool({
        name: "send_whatsapp",
        arguments: { ...appointment, confirmationToken: token },
      })) as any;
      expect(sent.isError).toBeFalsy();
      expect(JSON.stringify(sent.structuredContent)).toContain('"whatsappCredit":0.125');
      const reused = (await client.callTool({
        name: "send_whatsapp",
        arguments: { ...appointment, confirmationToken: token },
      })) as any;
      expect(reused.isError).toBe(true);
      expect(gw.sandbox.callCount("send-wa-message")).toBe(1);
    } finally {
      await client.close();
    }
  });
});
