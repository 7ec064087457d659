import { describe, expect, it } from "vitest";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import {
  QuickcomCampaignTokenMissingError,
  QuickcomError,
  QuickcomGatewayNotWorkingError,
  QuickcomInsufficientBalanceError,
  QuickcomNotFoundError,
  QuickcomPromotionalHoursError,
  QuickcomRateLimitedError,
  QuickcomSendOutcomeUnknownError,
  QuickcomTooManyNumbersError,
  QuickcomVoiceFileNotFoundError,
  QuickcomVoiceFileNotVerifiedError,
  QuickcomWhatsAppChargeMissingError,
  QuickcomWhatsAppConfigurationError,
  QuickcomWhatsAppPayloadError,
  QuickcomWhatsAppTemplateNotFoundError,
  UpstreamServerError,
  UpstreamValidationError,
} from "../../src/quickcom/client/errors.js";
import type { Credentials, WhatsAppSendRequest } from "../../src/quickcom/types.js";
import {
  DEMO_ACCOUNT,
  DEMO_TEMPLATES,
  DEMO_VOICE_FILES,
  DEMO_WA_SENDER,
  DEMO_WA_TEMPLATES,
  NO_ROUTE_ACCOUNT,
  SECOND_WA_SENDER,
} from "../../src/sandbox/seed.js";
import type { SandboxFault } from "../../src/sandbox/server.js";
import { serializeError, useNoonSandbox } from "./helpers.js";

const env = useNoonSandbox();

function client(credentials: Credentials = DEMO_ACCOUNT, maxRetries = 0): QuickcomClient {
  return new QuickcomClient({
    baseUrl: env.sandbox.url,
    credentials: { appKey: credentials.appKey, appSecret: credentials.appSecret },
    retry: { maxRetries, baseDelayMs: 0 },
    sleep: async () => {},
  });
}

function demoAccount() {
  const account = env.sandbox.state.accounts.find((row) => row.userNumber === DEMO_ACCOUNT.userNumber);
  if (!account) throw new Error("no demo account");
  return account;
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a failure");
}

describe("send-otp", () => {
  it("bills like send-message on the transactional balance", async () => {
    const before = demoAccount().transactionalBalance;
    const result = await client().sendOtp({
      dltTemplateId: DEMO_TEMPLATES.otp,
      mobileNumbers: ["9876543210", "9123456780"],
      route: 0,
      variables: ["482913", "10"],
      message: "Your OTP is 482913. Valid for 10 minutes.",
    });
    expect(result.data).toMatchObject({ creditsPerMessage: 1, totalContacts: 2, creditsDeducted: 2 });
    expect(demoAccount().transactionalBalance).toBe(before - 2);
    expect(env.sandbox.callCount("send-otp")).toBe(1);
  });

  it("answers 1018 without an OTP route", async () => {
    demoAccount().routes.otp = null;
    const error = await failure(
      client().sendOtp({
        dltTemplateId: DEMO_TEMPLATES.welcome,
        mobileNumbers: ["9876543210"],
        route: 1,
        variables: [],
        message: "Welcome to QuickCom! Your account is ready. Reply STOP to opt out.",
      }),
    );
    expect(error).toBeInstanceOf(QuickcomGatewayNotWorkingError);
    expect(demoAccount().transactionalBalance).toBe(114830);
  });
});

describe("voice", () => {
  it("lists every voice file with status, duration and credit", async () => {
    const result = await client().voiceTemplates();
    expect(result.data).toHaveLength(6);
    expect(result.data[0]).toEqual({
      voiceId: DEMO_VOICE_FILES.welcome,
      status: "approved",
      statusCode: 3,
      fileUrl: "https://sandbox.quickcom.local/voice/16/qcv1001.wav",
      title: "Welcome call",
      durationSeconds: 25,
      mimeType: "audio/x-wav",
      extension: "wav",
      creditsPerCall: 1,
    });
    const byId = Object.fromEntries(result.data.map((file) => [file.voiceId, file]));
    expect(byId[DEMO_VOICE_FILES.pending]?.status).toBe("pending");
    expect(byId[DEMO_VOICE_FILES.festival]?.creditsPerCall).toBe(4);
    expect(byId[DEMO_VOICE_FILES.tooLong]?.creditsPerCall).toBeNull();
  });

  it("charges numbers × the duration credit on the voice balance, invalid numbers included", async () => {
    const result = await client().voiceSendSms({
      voiceId: DEMO_VOICE_FILES.reminder,
      mobileNumbers: ["9876543210", "12345", "9123456780"],
    });
    expect(result.data).toMatchObject({
      creditsPerCall: 2,
      totalContacts: 3,
      creditsDeducted: 6,
      status: "Ready-to-complete",
      invalidNumbers: 1,
      campaign: "API",
    });
    expect(result.data.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(demoAccount().voiceSmsBalance).toBe(494);
  });

  it("refunds only blank rows, and a blank row re-dials the previous number", async () => {
    await client().voiceSendSms({ voiceId: DEMO_VOICE_FILES.welcome, mobileNumbers: ["9876543210", "abc"] });
    expect(demoAccount().voiceSmsBalance).toBe(499);
    expect(env.sandbox.state.voice.campaigns[0]?.dialled).toEqual(["919876543210", "919876543210"]);
  });

  const cases: Array<
    [string, () => void, Partial<{ voiceId: string; mobileNumbers: string[] }>, unknown, string]
  > = [
    [
      "1019 another account's file",
      () => {},
      { voiceId: DEMO_VOICE_FILES.otherAccount },
      QuickcomVoiceFileNotFoundError,
      "1019",
    ],
    [
      "1020 not verified",
      () => {},
      { voiceId: DEMO_VOICE_FILES.unverified },
      QuickcomVoiceFileNotVerifiedError,
      "1020",
    ],
    [
      "1020 pending",
      () => {},
      { voiceId: DEMO_VOICE_FILES.pending },
      QuickcomVoiceFileNotVerifiedError,
      "1020",
    ],
    [
      "1007 balance",
      () => {
        demoAccount().voiceSmsBalance = 1;
      },
      {},
      QuickcomInsufficientBalanceError,
      "1007",
    ],
    [
      "1018 no voice route",
      () => {
        demoAccount().routes.voice = null;
      },
      {},
      QuickcomGatewayNotWorkingError,
      "1018",
    ],
    [
      "1005 over 120 s",
      () => {},
      { voiceId: DEMO_VOICE_FILES.tooLong },
      UpstreamServerError,
      "SEND_OUTCOME_UNKNOWN",
    ],
  ];
  for (const [name, arrange, override, type, code] of cases) {
    it(`refuses: ${name}`, async () => {
      arrange();
      const before = demoAccount().voiceSmsBalance;
      const error = await failure(
        client().voiceSendSms({
          voiceId: DEMO_VOICE_FILES.welcome,
          mobileNumbers: ["9876543210", "9123456780"],
          ...override,
        }),
      );
      if (code === "SEND_OUTCOME_UNKNOWN") {
        expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
        expect(error.cause).toBeInstanceOf(type as typeof Error);
      } else {
        expect(error).toBeInstanceOf(type as typeof Error);
        expect((error as unknown as { code: string }).code).toBe(code);
      }
      expect(demoAccount().voiceSmsBalance).toBe(before);
    });
  }

  it("messages verbatim: 1019, 1020; 1021 maps to its class (a 25,001-number GET does not fit a URL)", async () => {
    const e1 = await failure(
      client().voiceSendSms({ voiceId: DEMO_VOICE_FILES.otherAccount, mobileNumbers: ["9876543210"] }),
    );
    expect(e1.message).toBe("Voice Template not found. Please check and send it again.");
    const e2 = await failure(
      client().voiceSendSms({ voiceId: DEMO_VOICE_FILES.unverified, mobileNumbers: ["9876543210"] }),
    );
    expect(e2.message).toBe("Voice file not verified yet, Please try again after some time.");
    const e3 = QuickcomError.generate({
      endpoint: "voice-send-sms",
      status: 422,
      body: {
        status: false,
        message: "Cannot process this campaign",
        data: {},
        errors: {},
        error_code: 1021,
      },
      headers: new Headers(),
    });
    expect(e3).toBeInstanceOf(QuickcomTooManyNumbersError);
    expect(e3.code).toBe("1021");
  });

  it("validation comes back in data without a code: mapped to UpstreamValidationError 1002", async () => {
    const error = await failure(
      client().voiceSendSms({ voiceId: "NOPE", mobileNumbers: ["9876543210"], callPatchNumber: "x" }),
    );
    expect(error).toBeInstanceOf(UpstreamValidationError);
    expect((error as UpstreamValidationError).code).toBe("1002");
    expect((error as UpstreamValidationError).fieldErrors).toEqual({
      voice_id: ["The selected voice id is invalid."],
      dtmf: ["The dtmf field is required when call patch number is present."],
      call_patch_number: ["The call patch number must be a number."],
    });
  });

  it("refuses outside 09:00–21:00 IST whatever the route (1008)", async () => {
    env.now = new Date("2030-01-15T17:00:00Z");
    const error = await failure(
      client().voiceSendSms({ voiceId: DEMO_VOICE_FILES.welcome, mobileNumbers: ["9876543210"] }),
    );
    expect(error).toBeInstanceOf(QuickcomPromotionalHoursError);
  });

  it("a voice OTP goes to the single mobile_number with its otp: one call of obd type 4", async () => {
    const result = await client().voiceSendSms({
      voiceId: DEMO_VOICE_FILES.welcome,
      mobileNumbers: ["919876543210"],
      otp: "482913",
    });
    expect(result.data).toMatchObject({ creditsPerCall: 1, totalContacts: 1, creditsDeducted: 1 });
    expect(demoAccount().voiceSmsBalance).toBe(499);
    const campaign = env.sandbox.state.voice.campaigns[0];
    expect(campaign?.obdType).toBe(4);
    expect(campaign?.dialled).toEqual(["919876543210"]);
  });

  it("a scheduled send stays Pending with the full charge", async () => {
    const result = await client().voiceSendSms({
      voiceId: DEMO_VOICE_FILES.welcome,
      mobileNumbers: ["9876543210", "abc"],
      scheduleAt: new Date("2030-01-15T09:30:00Z"),
    });
    expect(result.data).toMatchObject({
      status: "Pending",
      creditsDeducted: 2,
      sendDateTime: "2030-01-15 15:00",
    });
  });
});

const textMessage: WhatsAppSendRequest = {
  to: "919876543210",
  from: `+${DEMO_WA_SENDER}`,
  templateName: DEMO_WA_TEMPLATES.orderUpdate,
  bodyParameters: ["Asha", "QC10442"],
};

describe("whatsapp", () => {
  it("sends a text template, debits the category charge and reports it", async () => {
    const result = await client().sendWhatsApp(textMessage);
    expect(result.data).toMatchObject({
      charge: 0.125,
      creditsDeducted: 0.125,
      category: "UTILITY",
      campaign: "API",
    });
    expect(result.data.payload).toEqual({
      messaging_product: "whatsapp",
      to: "919876543210",
      type: "template",
      template: {
        name: "order_update",
        language: { code: "en" },
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "Asha" },
              { type: "text", text: "QC10442" },
            ],
          },
        ],
      },
    });
    expect(demoAccount().whatsappCredit).toBe("250.3750");
    const report = await client().whatsappReport(result.data.uuid ?? "");
    expect(report.data).toMatchObject({ uuid: result.data.uuid, totalContacts: 1, creditsDeducted: 0.125 });
    expect(report.data.recipients[0]).toMatchObject({
      mobile: "919876543210",
      status: "accepted",
      category: "UTILITY",
    });
  });

  it("sends a media template with MEDIA_TEMPLATE and the document's file name", async () => {
    const result = await client().sendWhatsApp({
      ...textMessage,
      templateName: DEMO_WA_TEMPLATES.invoice,
      media: { type: "document", url: "https://cdn.example.in/inv.pdf", filename: "INV-7.pdf" },
      bodyParameters: ["INV-7"],
    });
    const payload = result.data.payload as { template: { components: unknown[] } };
    expect(payload.template.components[0]).toEqual({
      type: "header",
      parameters: [
        { type: "document", document: { link: "https://cdn.example.in/inv.pdf", filename: "INV-7.pdf" } },
      ],
    });
  });

  it("sends NAMED values by position", async () => {
    const result = await client().sendWhatsApp({
      ...textMessage,
      templateName: DEMO_WA_TEMPLATES.loginCode,
      bodyParameters: [{ name: "code", text: "4821" }],
    });
    expect(demoAccount().whatsappCredit).toBe("250.3750");
    expect(JSON.stringify(result.data.payload)).toContain('"parameter_name":"code","text":"4821"');
  });

  const refusals: Array<[string, Partial<WhatsAppSendRequest>, unknown, string, string]> = [
    [
      "short number",
      { to: "9198765" },
      QuickcomWhatsAppConfigurationError,
      "1034",
      "Mobile number length invalid, Mobile number lenght must be between 9 to 12.",
    ],
    [
      "not 91",
      { to: "449876543210" },
      QuickcomWhatsAppConfigurationError,
      "1034",
      "Only India country code (91) allowed in mobile number, Please do not include (+)",
    ],
    [
      "unknown template",
      { templateName: "acme_welcome" },
      QuickcomWhatsAppTemplateNotFoundError,
      "1031",
      "WhatsApp Template (content:template:templateId) not found. Please check and send it again.",
    ],
    [
      "media template as text",
      { templateName: DEMO_WA_TEMPLATES.festiveOffer },
      QuickcomWhatsAppPayloadError,
      "1038",
      "Invalid Payload, Please check the payload type.",
    ],
    [
      "bad media",
      { templateName: DEMO_WA_TEMPLATES.festiveOffer, media: { type: "image", url: "not a url" } },
      UpstreamValidationError,
      "1002",
      "Validation failed",
    ],
    [
      "no service charge",
      { templateName: DEMO_WA_TEMPLATES.feedback },
      QuickcomWhatsAppChargeMissingError,
      "1033",
      "Whats app charges not define in your profile, Please contact to admin.",
    ],
    [
      "another sender",
      { from: SECOND_WA_SENDER },
      QuickcomWhatsAppConfigurationError,
      "1034",
      "Whatsapp configurations not found. Please go to configuration and add your account information.",
    ],
  ];
  for (const [name, override, type, code, message] of refusals) {
    it(`refuses without charging: ${name}`, async () => {
      const error = await failure(client().sendWhatsApp({ ...textMessage, ...override }));
      expect(error).toBeInstanceOf(type as typeof Error);
      expect((error as unknown as { code: string }).code).toBe(code);
      expect(error.message).toBe(message);
      expect(demoAccount().whatsappCredit).toBe("250.5000");
    });
  }

  it("1034 carries which refusal it is", async () => {
    const error = (await failure(
      client().sendWhatsApp({ ...textMessage, to: "+919876543210" }),
    )) as QuickcomWhatsAppConfigurationError;
    expect(error.reason).toBe("only_india_country_code_allowed");
    const media = (await failure(
      client().sendWhatsApp({
        ...textMessage,
        templateName: DEMO_WA_TEMPLATES.festiveOffer,
        media: { type: "image", url: "x" },
      }),
    )) as UpstreamValidationError;
    expect(media.fieldErrors).toEqual({
      "message.content.template.media.url": ["The media URL must be a valid URL."],
    });
  });

  it("insufficient credit (1007)", async () => {
    demoAccount().whatsappCredit = "0.1000";
    const error = await failure(client().sendWhatsApp(textMessage));
    expect(error).toBeInstanceOf(QuickcomInsufficientBalanceError);
  });

  it("a payload error after the debit is an unknown outcome, with the credit gone", async () => {
    const error = await failure(
      client().sendWhatsApp({
        ...textMessage,
        templateName: DEMO_WA_TEMPLATES.loginCode,
        bodyParameters: [
          { name: "code", text: "1" },
          { name: "extra", text: "2" },
        ],
      }),
    );
    expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
    expect(demoAccount().whatsappCredit).toBe("250.3750");
  });

  it("reads templates (any status, LIKE filter) and files", async () => {
    const all = await client().whatsappTemplates();
    expect(all.data.map((row) => row.name)).toContain(DEMO_WA_TEMPLATES.draftPromo);
    expect(all.data.find((row) => row.name === DEMO_WA_TEMPLATES.draftPromo)?.status).toBe("PENDING");
    const filtered = await client().whatsappTemplates("ORDER");
    expect(filtered.data.map((row) => row.name)).toEqual(["order_update"]);
    expect(filtered.data[0]?.buttons[0]).toMatchObject({ type: "URL", text: "Track order" });
    const files = await client().whatsappFiles("image");
    expect(files.data).toEqual([
      {
        url: "https://sandbox.quickcom.local/wa/16/diwali-banner.jpg",
        fileType: "image",
        mimeType: "image/jpeg",
        sizeBytes: 182044,
        caption: "Diwali banner",
      },
    ]);
  });

  it("report errors: 1013 for token 0 (before the credentials), 1014 for an unknown one", async () => {
    const empty = await failure(
      client({ appKey: "x", appSecret: "y", userNumber: 0, name: "" } as Credentials).whatsappReport("0"),
    );
    expect(empty).toBeInstanceOf(QuickcomCampaignTokenMissingError);
    const unknown = await failure(client().whatsappReport("no-such-uuid"));
    expect(unknown).toBeInstanceOf(QuickcomNotFoundError);
  });
});

describe("faults", () => {
  const sends: Array<
    [string, (c: QuickcomClient) => Promise<unknown>, "voice-send-sms" | "send-wa-message" | "send-otp"]
  > = [
    [
      "voice",
      (c) => c.voiceSendSms({ voiceId: DEMO_VOICE_FILES.welcome, mobileNumbers: ["9876543210"] }),
      "voice-send-sms",
    ],
    ["whatsapp", (c) => c.sendWhatsApp(textMessage), "send-wa-message"],
    [
      "otp",
      (c) =>
        c.sendOtp({
          dltTemplateId: DEMO_TEMPLATES.welcome,
          mobileNumbers: ["9876543210"],
          route: 1,
          variables: [],
          message: "x",
        }),
      "send-otp",
    ],
  ];
  for (const [name, call, endpoint] of sends) {
    it(`${name}: a 5xx after processing is an unknown outcome and is never retried`, async () => {
      env.sandbox.injectFault({ endpoint, fault: { type: "status", status: 502 }, phase: "after" });
      const error = await failure(call(client(DEMO_ACCOUNT, 3)));
      expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
      expect((error as QuickcomSendOutcomeUnknownError).endpoint).toBe(endpoint);
      expect(env.sandbox.callCount(endpoint)).toBe(1);
      expect(env.sandbox.sends()).toBe(1);
      expect(serializeError(error)).not.toContain(DEMO_ACCOUNT.appSecret);
    });
  }

  it("reads are retried through faults", async () => {
    const faults: SandboxFault[] = [{ type: "status", status: 503 }, { type: "error1005" }];
    for (const fault of faults) env.sandbox.injectFault({ endpoint: "voice-templates", fault, times: 1 });
    const result = await client(DEMO_ACCOUNT, 2).voiceTemplates();
    expect(result.data).toHaveLength(6);
    expect(env.sandbox.callCount("voice-templates")).toBe(3);
  });

  it("a rate-limited WhatsApp read surfaces 429 after its retries", async () => {
    env.sandbox.injectFault({ endpoint: "get-wa-files", fault: { type: "rateLimit", retryAfterSeconds: 1 } });
    const error = await failure(client(DEMO_ACCOUNT, 1).whatsappFiles());
    expect(error).toBeInstanceOf(QuickcomRateLimitedError);
    expect(env.sandbox.callCount("get-wa-files")).toBe(2);
  });

  it("the no-route account still answers 1018 on OTP", async () => {
    const error = await failure(
      client(NO_ROUTE_ACCOUNT).sendOtp({
        dltTemplateId: "1507162019748300002",
        mobileNumbers: ["9876543210"],
        route: 1,
        variables: [],
        message: "x",
      }),
    );
    expect(error).toBeInstanceOf(QuickcomGatewayNotWorkingError);
  });
});
