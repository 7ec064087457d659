/**
 * The input of a WhatsApp send, checked before anything touches the upstream, in two steps: the fields alone
 * ({@link validateWhatsAppInput}), then against the account's template ({@link whatsappSendRequest}), which
 * yields the `send-wa-message` payload (`message.recipient`, `message.sender`, `message.content.template` with
 * media). The backend takes the credit before it builds Meta's payload, so every refusal it would make after
 * that (HTTP 500, credit gone), and every payload Meta would refuse, is refused here instead. Its own refusals
 * before the debit are reproduced in its order: recipient length and `91` country code, template, media payload
 * type, media validation (`in:image,video,document,audio,location`, `url`), NAMED parameters.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { normalizeMobileNumber } from "../quickcom/domain/numbers.js";
import {
  isMediaTemplate,
  WHATSAPP_MEDIA_TYPES,
  whatsappMediaType,
  whatsappParameterFormat,
  whatsappPlaceholders,
} from "../quickcom/domain/whatsapp-template.js";
import type {
  WhatsAppParameter,
  WhatsAppSendRequest,
  WhatsAppTemplate,
  WhatsAppTemplateButton,
} from "../quickcom/types.js";
import {
  type FieldError,
  InvalidInputError,
  TemplateVariablesError,
  type VariableProblem,
  WhatsAppTemplateError,
} from "./errors.js";
import { SEND_INPUT_FIELDS } from "./send-input.js";

/** `SendWhatsAppInput` as callers give it. */
export interface SendWhatsAppInput {
  templateName: string;
  mobileNumber: string;
  senderNumber: string;
  language?: string | null;
  bodyValues?: readonly string[] | null;
  headerValues?: readonly string[] | null;
  mediaUrl?: string | null;
  mediaFilename?: string | null;
  idempotencyKey?: string | null;
}

/** Meta's limits on template parameters. */
const MAX_VALUES = 20;
const MAX_BODY_VALUE_LENGTH = 1024;
const MAX_HEADER_VALUE_LENGTH = 60;

const UUID = /^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i;

/** The token of a WhatsApp send (the uuid sendWhatsApp returned), as `whatsappReport(token:)` takes it. */
export const whatsappTokenSchema = z
  .string()
  .max(64, "must be a WhatsApp send token")
  .regex(UUID, "must be the token sendWhatsApp returned (a uuid: 8-4-4-4-12 hex digits)");

/** The sender number as the backend compares it (`justNumber`: whitespace and `+` removed). */
export function senderDigits(senderNumber: string): string {
  return senderNumber.trim().replace(/\s+/g, "").replace(/\+/g, "");
}

function parameterValue(maxLength: number) {
  return z
    .string()
    .refine((v) => v.trim() !== "", "must not be empty (Meta refuses an empty parameter)")
    .refine((v) => v.length <= maxLength, `must be at most ${maxLength} characters`)
    .refine((v) => !/[\n\t]/.test(v), "must not contain new lines or tabs (Meta refuses them in a parameter)")
    .refine((v) => !/ {5}/.test(v), "must not contain more than 4 spaces in a row (Meta refuses them)");
}

function hasHost(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "";
  } catch {
    return false;
  }
}

/** The contract of each `SendWhatsAppInput` field (the schema attaches them; MCP derives its tool input from them). */
export const WHATSAPP_INPUT_FIELDS = {
  templateName: z
    .string()
    .max(512, "must be at most 512 characters")
    .regex(/^\s*[A-Za-z0-9_]+\s*$/, "must be a WhatsApp template name (letters, digits and _)"),
  mobileNumber: z
    .string()
    .max(32, "must be at most 32 characters")
    .refine((v) => !/[,;]/.test(v), "must be one number: a WhatsApp send goes to exactly one recipient")
    .refine(
      (v) => normalizeMobileNumber(v) !== null,
      "must be an Indian mobile number (10 digits starting 6-9, optionally prefixed +91, 91 or 0): QuickCom sends WhatsApp only to country code 91",
    ),
  senderNumber: z
    .string()
    .max(32, "must be at most 32 characters")
    .refine(
      (v) => /^\d{10,15}$/.test(senderDigits(v)),
      "must be the account's WhatsApp sender number (10 to 15 digits; + and spaces are ignored)",
    ),
  language: z
    .string()
    .max(16, "must be at most 16 characters")
    .regex(/^[a-z]{2,3}(?:_[A-Z]{2,4})?$/, "must be a WhatsApp language code such as en, en_US or hi"),
  bodyValues: z
    .array(parameterValue(MAX_BODY_VALUE_LENGTH))
    .max(MAX_VALUES, `must have at most ${MAX_VALUES} values`),
  headerValues: z
    .array(parameterValue(MAX_HEADER_VALUE_LENGTH))
    .max(MAX_VALUES, `must have at most ${MAX_VALUES} values`),
  mediaUrl: z
    .string()
    .max(2048, "must be at most 2048 characters")
    .refine((v) => !/\s/.test(v), "must be a URL without spaces")
    .refine(hasHost, "must be an absolute http:// or https:// URL Meta can fetch")
    .refine((v) => !/^[a-z]+:\/\/[^/?#]*@/i.test(v), "must not carry a user name or password"),
  mediaFilename: z
    .string()
    .max(240, "must be at most 240 characters")
    .refine((v) => v.trim() !== "", "must not be empty")
    .refine(
      (v) => !/[/\\]/.test(v) && ![...v].some((ch) => ch.charCodeAt(0) < 0x20),
      "must be a file name (no path separators or control characters)",
    ),
  idempotencyKey: SEND_INPUT_FIELDS.idempotencyKey,
};

const schema = z
  .object({
    templateName: WHATSAPP_INPUT_FIELDS.templateName,
    mobileNumber: WHATSAPP_INPUT_FIELDS.mobileNumber,
    senderNumber: WHATSAPP_INPUT_FIELDS.senderNumber,
    language: WHATSAPP_INPUT_FIELDS.language.nullish(),
    bodyValues: WHATSAPP_INPUT_FIELDS.bodyValues.nullish(),
    headerValues: WHATSAPP_INPUT_FIELDS.headerValues.nullish(),
    mediaUrl: WHATSAPP_INPUT_FIELDS.mediaUrl.nullish(),
    mediaFilename: WHATSAPP_INPUT_FIELDS.mediaFilename.nullish(),
    idempotencyKey: WHATSAPP_INPUT_FIELDS.idempotencyKey.nullish(),
  })
  .strict()
  .refine((v) => !v.mediaFilename || v.mediaUrl, {
    path: ["mediaFilename"],
    message: "needs mediaUrl: it names the document mediaUrl points to",
  });

/** The validated input, normalized: `mobileNumber` as `91` + 10 digits, `senderNumber` digits only. */
export interface ValidWhatsAppInput {
  templateName: string;
  mobileNumber: string;
  senderNumber: string;
  language: string | null;
  bodyValues: string[];
  headerValues: string[];
  mediaUrl: string | null;
  mediaFilename: string | null;
  idempotencyKey: string | null;
}

/** Validates the fields of a WhatsApp send. Throws {@link InvalidInputError} naming every bad field (never values). */
export function validateWhatsAppInput(input: SendWhatsAppInput): ValidWhatsAppInput {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw InvalidInputError.fromZod(parsed.error, 20);
  }
  const v = parsed.data;
  return {
    templateName: v.templateName.trim(),
    mobileNumber: `91${normalizeMobileNumber(v.mobileNumber)}`,
    senderNumber: senderDigits(v.senderNumber),
    language: v.language ?? null,
    bodyValues: [...(v.bodyValues ?? [])],
    headerValues: [...(v.headerValues ?? [])],
    mediaUrl: v.mediaUrl ?? null,
    mediaFilename: v.mediaFilename ?? null,
    idempotencyKey: v.idempotencyKey ?? null,
  };
}

/** The account's template of that name as the backend finds it (case-insensitive, trailing spaces ignored). */
export function findWhatsAppTemplate(
  templates: readonly WhatsAppTemplate[],
  templateName: string,
): WhatsAppTemplate | undefined {
  const key = templateName.replace(/ +$/, "").toLowerCase();
  return templates.find((t) => t.name.replace(/ +$/, "").toLowerCase() === key);
}

/** A button Meta needs a parameter for on every send: a copy-code button, or a URL with a `{{…}}` suffix. */
export function needsButtonValue(button: WhatsAppTemplateButton): boolean {
  const type = (button.type ?? "").toUpperCase();
  if (type === "COPY_CODE") return true;
  if (type !== "URL") return false;
  return (button.urlType ?? "").toLowerCase() === "dynamic" || /\{\{.*?\}\}/.test(button.value ?? "");
}

function countProblem(list: "bodyValues" | "headerValues", part: string, names: string[], given: number) {
  const expected = names.length;
  const slots =
    expected === 0 ? "no variables" : `${expected} variable(s) (${names.map((n) => `{{${n}}}`).join(", ")})`;
  const problem: VariableProblem = {
    code: given < expected ? "TOO_FEW" : "TOO_MANY",
    index: null,
    message: `The ${part} of this template has ${slots}: ${list} must give ${expected}, got ${given}.`,
  };
  return new TemplateVariablesError(expected, [problem]);
}

function parameters(values: string[], names: string[], named: boolean): WhatsAppParameter[] {
  return values.map((text, index) => (named ? { name: names[index] ?? "", text } : text));
}

/**
 * Why a template cannot be sent through the gateway whatever the input (null when it can): not APPROVED, a button
 * that needs a value per send, or a media header QuickCom or the gateway cannot fill. Meta would refuse each of
 * these after QuickCom took the credit.
 */
export function templateRefusal(
  template: WhatsAppTemplate,
): WhatsAppTemplateError | InvalidInputError | null {
  if ((template.status ?? "").toUpperCase() !== "APPROVED") {
    return new WhatsAppTemplateError(
      "WHATSAPP_TEMPLATE_NOT_APPROVED",
      template.name,
      `WhatsApp template ${template.name} is ${template.status ?? "not reviewed"}, not APPROVED: Meta would refuse it after QuickCom took the credit.`,
    );
  }
  const unusable = (message: string) => new InvalidInputError([{ field: "templateName", message }]);
  const button = template.buttons.find(needsButtonValue);
  if (button) {
    return unusable(
      `template ${template.name} has a ${button.type ?? ""} button that needs a value per send, which the gateway does not send yet (Meta would refuse the message after QuickCom took the credit)`,
    );
  }
  if (!isMediaTemplate(template)) return null;
  const type = whatsappMediaType(template);
  if (type === null) {
    return unusable(
      `template ${template.name} has a ${template.mediaType ?? "missing"} media header, which QuickCom cannot send (it takes ${WHATSAPP_MEDIA_TYPES.join(", ")})`,
    );
  }
  if (type === "location") {
    return unusable(
      `template ${template.name} has a location header, which needs coordinates the gateway does not take yet`,
    );
  }
  return null;
}

function mediaProblems(input: ValidWhatsAppInput, template: WhatsAppTemplate): FieldError[] {
  const problems: FieldError[] = [];
  if (!isMediaTemplate(template)) {
    if (input.mediaUrl)
      problems.push({
        field: "mediaUrl",
        message: `must be left out: template ${template.name} has no media header`,
      });
    return problems;
  }
  const type = whatsappMediaType(template);
  if (type === null) return problems;
  if (!input.mediaUrl) {
    problems.push({
      field: "mediaUrl",
      message: `is required: template ${template.name} has a ${type} header`,
    });
  } else if (input.mediaFilename && type !== "document") {
    problems.push({
      field: "mediaFilename",
      message: `must be left out: only a document header has a file name (this one is ${type})`,
    });
  }
  if (input.headerValues.length > 0) {
    problems.push({
      field: "headerValues",
      message: `must be left out: the header of template ${template.name} is media`,
    });
  }
  return problems;
}

/**
 * Checks a validated input against the account's templates and builds the `send-wa-message` request. Throws
 * {@link WhatsAppTemplateError} (unknown or unapproved template), {@link InvalidInputError} (media that does not
 * fit the template) or {@link TemplateVariablesError} (header or body values that do not fit its placeholders).
 */
export function whatsappSendRequest(
  input: ValidWhatsAppInput,
  templates: readonly WhatsAppTemplate[],
): { request: WhatsAppSendRequest; template: WhatsAppTemplate } {
  const template = findWhatsAppTemplate(templates, input.templateName);
  if (!template) {
    throw new WhatsAppTemplateError(
      "1031",
      input.templateName,
      `WhatsApp template ${input.templateName} was not found among this account's templates (list_whatsapp_templates shows them).`,
    );
  }
  const refusal = templateRefusal(template);
  if (refusal) throw refusal;
  const media = mediaProblems(input, template);
  if (media.length > 0) throw new InvalidInputError(media);
  const headerNames = isMediaTemplate(template) ? [] : whatsappPlaceholders(template.headerText);
  if (input.headerValues.length !== headerNames.length) {
    throw countProblem("headerValues", "header", headerNames, input.headerValues.length);
  }
  const bodyNames = whatsappPlaceholders(template.body);
  if (input.bodyValues.length !== bodyNames.length) {
    throw countProblem("bodyValues", "body", bodyNames, input.bodyValues.length);
  }
  const named = whatsappParameterFormat(template) === "NAMED";
  const type = whatsappMediaType(template);
  const request: WhatsAppSendRequest = {
    to: input.mobileNumber,
    from: input.senderNumber,
    templateName: template.name,
    ...(input.language ? { language: input.language } : {}),
    ...(type && input.mediaUrl
      ? {
          media: {
            type,
            url: input.mediaUrl,
            ...(input.mediaFilename ? { filename: input.mediaFilename } : {}),
          },
        }
      : {}),
    headerParameters: parameters(input.headerValues, headerNames, named),
    bodyParameters: parameters(input.bodyValues, bodyNames, named),
  };
  return { request, template };
}

/**
 * What an idempotency key and a confirmation token are bound to: the validated input without its key (the
 * template name case-folded as the backend matches it), hashed. Needs no upstream read, so a replay costs no call.
 */
export function whatsappFingerprint(input: ValidWhatsAppInput): string {
  const { idempotencyKey: _key, ...content } = input;
  const canonical = { ...content, templateName: content.templateName.toLowerCase() };
  return createHash("sha256")
    .update(JSON.stringify(["whatsapp", canonical]))
    .digest("hex");
}
