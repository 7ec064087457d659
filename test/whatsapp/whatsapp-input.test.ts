/**
 * The WhatsApp send input, a pure module: every field refused with its own message before any call, templates
 * that Meta would refuse after the debit refused up front, values checked against the template's placeholders
 * and media, and every request it builds accepted by the sandbox (the backend's checks in its order).
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  GatewayError,
  InvalidInputError,
  TemplateVariablesError,
  WhatsAppTemplateError,
} from "../../src/gateway/errors.js";

import {
  type SendWhatsAppInput,
  validateWhatsAppInput,
  whatsappFingerprint,
  whatsappSendRequest,
} from "../../src/gateway/whatsapp-input.js";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import { whatsAppSendParams } from "../../src/quickcom/client/request-params.js";
import type { WhatsAppTemplate } from "../../src/quickcom/types.js";
import { DEMO_WA_SENDER, DEMO_WA_TEMPLATES as T } from "../../src/sandbox/channel-seed.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { useNoonSandbox } from "../client/helpers.js";

const sandbox = useNoonSandbox();
let templates: WhatsAppTemplate[];
const client = () => new QuickcomClient({ baseUrl: sandbox.sandbox.url, credentials: DEMO_ACCOUNT });

beforeAll(async () => {
  templates = (await client().whatsappTemplates()).data;
});

const base: SendWhatsAppInput = {
  templateName: T.feedback,
  mobileNumber: "9876543210",
  senderNumber: `+${DEMO_WA_SENDER}`,
};

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("validateWhatsAppInput", () => {
  const cases: Array<[string, Partial<SendWhatsAppInput> & Record<string, unknown>, string, string]> = [
    ["an empty template name", { templateName: "" }, "templateName", "template name"],
    [
      "a template name with punctuation",
      { templateName: "order update!" },
      "templateName",
      "letters, digits",
    ],
    ["a number outside India", { mobileNumber: "+14155550100" }, "mobileNumber", "country code 91"],
    ["a short number", { mobileNumber: "98765" }, "mobileNumber", "Indian mobile number"],
    ["two numbers", { mobileNumber: "9876543210,9876543211" }, "mobileNumber", "exactly one recipient"],
    ["a sender that is not a number", { senderNumber: "QCDEMO" }, "senderNumber", "sender number"],
    ["a sender too short", { senderNumber: "12345" }, "senderNumber", "10 to 15 digits"],
    ["a language that is not a code", { language: "english" }, "language", "language code"],
    ["an empty body value", { bodyValues: [" "] }, "bodyValues.0", "must not be empty"],
    ["a body value with a new line", { bodyValues: ["a\nb"] }, "bodyValues.0", "new lines"],
    ["a body value with 5 spaces in a row", { bodyValues: ["a     b"] }, "bodyValues.0", "4 spaces"],
    ["21 body values", { bodyValues: Array(21).fill("x") }, "bodyValues", "at most 20"],
    ["a body value over 1024 characters", { bodyValues: ["x".repeat(1025)] }, "bodyValues.0", "1024"],
    ["a header value over 60 characters", { headerValues: ["x".repeat(61)] }, "headerValues.0", "60"],
    ["an ftp media URL", { mediaUrl: "ftp://files.example.com/a.jpg" }, "mediaUrl", "http"],
    ["a relative media URL", { mediaUrl: "/wa/16/diwali-banner.jpg" }, "mediaUrl", "absolute"],
    [
      "a media URL with a password",
      { mediaUrl: "https://u:p@cdn.example.com/a.jpg" },
      "mediaUrl",
      "password",
    ],
    [
      "a media URL with a space",
      { mediaUrl: "https://cdn.example.com/a b.jpg" },
      "mediaUrl",
      "without spaces",
    ],
    [
      "a media file name with a path",
      { mediaUrl: "https://cdn.example.com/a.pdf", mediaFilename: "../a.pdf" },
      "mediaFilename",
      "path separators",
    ],
    ["a media file name without a URL", { mediaFilename: "a.pdf" }, "mediaFilename", "needs mediaUrl"],
    ["an unknown field", { mobileNumbers: ["9876543210"] }, "input", "unknown field(s): mobileNumbers"],
  ];

  it.each(cases)("refuses %s", (_name, override, field, message) => {
    const error = refusal(() => validateWhatsAppInput({ ...base, ...override } as SendWhatsAppInput));
    expect(error).toBeInstanceOf(InvalidInputError);
    const fieldError = (error as InvalidInputError).fieldErrors.find((e) => e.field === field);
    expect(fieldError?.message, JSON.stringify((error as InvalidInputError).fieldErrors)).toContain(message);
  });

  it("normalizes the numbers the way the backend wants them", () => {
    const valid = validateWhatsAppInput({
      ...base,
      mobileNumber: "+91 98765-43210",
      senderNumber: " +91 98765 00001 ",
    });
    expect(valid).toMatchObject({ mobileNumber: "919876543210", senderNumber: "919876500001" });
    expect(validateWhatsAppInput({ ...base, mobileNumber: "09876543210" }).mobileNumber).toBe("919876543210");
  });

  it("never echoes a value in its messages", () => {
    const secret = "Rahul-PAN-ABCDE1234F";
    const error = refusal(() => validateWhatsAppInput({ ...base, bodyValues: [`${secret}\n`] }));
    expect(error.message).not.toContain(secret);
  });
});

describe("whatsappSendRequest", () => {
  const build = (override: Partial<SendWhatsAppInput>) =>
    whatsappSendRequest(validateWhatsAppInput({ ...base, ...override }), templates);

  const refusals: Array<[string, Partial<SendWhatsAppInput>, string, string]> = [
    ["an unknown template", { templateName: "no_such_template" }, "1031", "not found"],
    [
      "a template Meta has not approved",
      { templateName: T.draftPromo, bodyValues: ["Asha"] },
      "WHATSAPP_TEMPLATE_NOT_APPROVED",
      "PENDING",
    ],
    ["a location template", { templateName: T.storeLocation }, "BAD_USER_INPUT", "location header"],
    [
      "a template whose URL button needs a value",
      { templateName: T.orderUpdate, bodyValues: ["A", "B"] },
      "BAD_USER_INPUT",
      "URL button",
    ],
    [
      "a template whose copy-code button needs a value",
      { templateName: T.loginCode, bodyValues: ["123456"] },
      "BAD_USER_INPUT",
      "COPY_CODE button",
    ],
    [
      "a media template without media",
      { templateName: T.festiveOffer, bodyValues: ["A", "B"] },
      "BAD_USER_INPUT",
      "image header",
    ],
    [
      "a file name for an image",
      {
        templateName: T.festiveOffer,
        bodyValues: ["A", "B"],
        mediaUrl: "https://cdn.example.com/a.jpg",
        mediaFilename: "a.jpg",
      },
      "BAD_USER_INPUT",
      "only a document",
    ],
    [
      "header values for a media header",
      {
        templateName: T.festiveOffer,
        bodyValues: ["A", "B"],
        headerValues: ["x"],
        mediaUrl: "https://cdn.example.com/a.jpg",
      },
      "BAD_USER_INPUT",
      "header of template festive_offer is media",
    ],
    [
      "media for a text template",
      { mediaUrl: "https://cdn.example.com/a.jpg" },
      "BAD_USER_INPUT",
      "no media header",
    ],
    [
      "too few body values",
      { templateName: T.appointment, headerValues: ["Asha"], bodyValues: ["Mon"] },
      "TEMPLATE_VARIABLES",
      "{{date}}, {{time}}",
    ],
    [
      "a missing header value",
      { templateName: T.appointment, bodyValues: ["Mon", "10:00"] },
      "TEMPLATE_VARIABLES",
      "header",
    ],
    ["values for a template without variables", { bodyValues: ["5"] }, "TEMPLATE_VARIABLES", "no variables"],
  ];

  it.each(refusals)("refuses %s", (_name, override, code, message) => {
    const error = refusal(() => build(override));
    expect(error.code).toBe(code);
    expect(error.message).toContain(message);
    if (code === "TEMPLATE_VARIABLES") expect(error).toBeInstanceOf(TemplateVariablesError);
    if (code.startsWith("1") || code.startsWith("WHATSAPP"))
      expect(error).toBeInstanceOf(WhatsAppTemplateError);
  });

  it("finds the template as the backend does (case-insensitive) and sends its registered name", () => {
    const { request, template } = build({ templateName: "FEEDBACK_REQUEST" });
    expect(template.name).toBe(T.feedback);
    expect(request).toMatchObject({ templateName: T.feedback, to: "919876543210", from: DEMO_WA_SENDER });
  });

  it("binds the idempotency fingerprint to the whole input but its key, without an upstream read", () => {
    const of = (override: Partial<SendWhatsAppInput>) =>
      whatsappFingerprint(validateWhatsAppInput({ ...base, bodyValues: ["A", "B"], ...override }));
    const a = of({ idempotencyKey: "k-1" });
    expect(of({ idempotencyKey: "k-2", templateName: T.feedback.toUpperCase() })).toBe(a);
    expect(of({ mobileNumber: "+919876543210" })).toBe(a);
    const b = of({ bodyValues: ["A", "C"] });
    expect(a).not.toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  const accepted: Array<[string, Partial<SendWhatsAppInput>, string, unknown[]]> = [
    [
      "a NAMED template with header and body values",
      {
        templateName: T.appointment,
        headerValues: ["Asha"],
        bodyValues: ["Monday", "10:30"],
        language: "en_US",
      },
      "250.3750",
      [
        { type: "header", parameters: [{ type: "text", parameter_name: "name", text: "Asha" }] },
        {
          type: "body",
          parameters: [
            { type: "text", parameter_name: "date", text: "Monday" },
            { type: "text", parameter_name: "time", text: "10:30" },
          ],
        },
      ],
    ],
    [
      "an image template",
      {
        templateName: T.festiveOffer,
        bodyValues: ["Asha", "20%"],
        mediaUrl: "https://cdn.example.com/diwali.jpg?v=2",
      },
      "249.6250",
      [
        {
          type: "header",
          parameters: [{ type: "image", image: { link: "https://cdn.example.com/diwali.jpg?v=2" } }],
        },
        {
          type: "body",
          parameters: [
            { type: "text", text: "Asha" },
            { type: "text", text: "20%" },
          ],
        },
      ],
    ],
    [
      "a document template with its file name",
      {
        templateName: T.invoice,
        bodyValues: ["INV-7"],
        mediaUrl: "https://cdn.example.com/inv-7.pdf",
        mediaFilename: "Invoice INV-7.pdf",
      },
      "250.3750",
      [
        {
          type: "header",
          parameters: [
            {
              type: "document",
              document: { link: "https://cdn.example.com/inv-7.pdf", filename: "Invoice INV-7.pdf" },
            },
          ],
        },
        { type: "body", parameters: [{ type: "text", text: "INV-7" }] },
      ],
    ],
  ];

  it.each(accepted)(
    "builds %s the sandbox accepts and bills",
    async (_name, override, credit, components) => {
      const { request } = build(override);
      const sent = await client().sendWhatsApp(request);
      expect(sent.data.status).toBe("Ready-to-complete");
      expect(sent.data.payload).toMatchObject({ to: "919876543210", template: { components } });
      expect(
        sandbox.sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey)?.whatsappCredit,
      ).toBe(credit);
    },
  );

  it("leaves the charge to the backend: a category without a charge is its 1033, with nothing taken", async () => {
    const { request } = build({});
    await expect(client().sendWhatsApp(request)).rejects.toMatchObject({ code: "1033" });
    expect(sandbox.sandbox.state.accounts.find((a) => a.appKey === DEMO_ACCOUNT.appKey)?.whatsappCredit).toBe(
      "250.5000",
    );
  });
});

describe("the sandbox's NAMED parameter validation", () => {
  it("words the field as Laravel does (snake-cased attribute, underscores as spaces)", async () => {
    const url = new URL(`${sandbox.sandbox.url}/send-wa-message`);
    const params = whatsAppSendParams({
      to: "919876543210",
      from: DEMO_WA_SENDER,
      templateName: T.appointment,
      headerParameters: [{ name: "name", text: "" }],
      bodyParameters: [
        { name: "date", text: "Mon" },
        { name: "time", text: "10:30" },
      ],
    });
    for (const [name, value] of [
      ["app_key", DEMO_ACCOUNT.appKey],
      ["app_secret", DEMO_ACCOUNT.appSecret],
      ...params,
    ]) {
      url.searchParams.append(name as string, value as string);
    }
    const answer = await fetch(url);
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({
      error_code: 1002,
      message: "Validation failed",
      errors: {
        "message.content.template.headerParameterValue.0.text": [
          "The message.content.template.header parameter value.0.text field is required.",
        ],
      },
    });
  });
});
