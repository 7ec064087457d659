/**
 * The WhatsApp endpoints. `GET /send-wa-message` in the backend's order: auth → recipient length 9–13 (1034) →
 * `91` prefix (1034) → template by name (1031) → MEDIA template without `MEDIA_TEMPLATE` (1038) → media validation
 * (1002) → NAMED parameter validation (1002) → category charge (1033) → sender configuration (1034) →
 * `whatsapp_credit` (1007) → debit → payload (errors from here on are 1005 with the credit gone). The payload is
 * read from PHP bracketed parameters (`message[recipient][to]`), the form Laravel gives a GET's nested input.
 * `get-wa-report/{token}` checks the token before the credentials; templates and files filter with `LIKE`.
 */

import {
  waChargesNotDefined,
  waConfigurationNotFound,
  waCountryCodeNotAllowed,
  waInvalidMediaPayload,
  waMobileLengthInvalid,
  waTemplateNotFound,
} from "./channel-answers.js";
import {
  SANDBOX_APP_URL,
  type SandboxWhatsAppCampaign,
  type SandboxWhatsAppTemplate,
} from "./channel-state.js";
import { authenticate, type HandlerContext } from "./context.js";
import {
  type ApiAnswer,
  campaignNotFound,
  campaignTokenEmpty,
  exceptionOccurred,
  insufficientBalance,
  MESSAGES,
  success,
  validationFailed,
} from "./envelope.js";
import { istDateTimeString } from "./ist.js";
import { bytesToText, phpEmpty } from "./php.js";
import { uuidV1 } from "./uuid.js";

/** `$country_id = 76`, hard-coded for India. */
const INDIA = 76;
const MEDIA_TYPES = ["image", "video", "document", "audio", "location"];

/** DECIMAL(…,4) arithmetic in ten-thousandths. */
function toUnits(decimal: string | null): number {
  return decimal === null ? 0 : Math.round(Number(decimal) * 10_000);
}
function fromUnits(units: number): string {
  return (units / 10_000).toFixed(4);
}

function sqlLike(column: string, needle: string): boolean {
  const pattern = needle
    .replace(/[.*+?^${}()|[\]\\]/g, "\\$&")
    .replace(/%/g, ".*")
    .replace(/_/g, ".");
  return new RegExp(`^.*${pattern}.*$`, "is").test(column);
}

function sqlEquals(column: string, value: string): boolean {
  return column.replace(/ +$/, "").toLowerCase() === value.replace(/ +$/, "").toLowerCase();
}

/** The request's nested `message[...]` input. */
class MessageInput {
  constructor(private readonly ctx: HandlerContext) {}

  /** A scalar at `message[a][b]…`, `undefined` when absent. */
  get(...path: string[]): string | null | undefined {
    const key = `message${path.map((part) => `[${part}]`).join("")}`;
    return this.ctx.params.has(key) ? (this.ctx.params.get(key) ?? null) : undefined;
  }

  /** Whether anything lives under `message[a][b]…`. */
  has(...path: string[]): boolean {
    const key = `message${path.map((part) => `[${part}]`).join("")}`;
    for (const name of this.ctx.params.keys()) if (name === key || name.startsWith(`${key}[`)) return true;
    return false;
  }

  /** The entries of a list at `message[…]` (`[0]`, `[1]`, … as scalars or `{field: value}` records). */
  list(...path: string[]): Array<string | Record<string, string | null> | null> {
    const key = `message${path.map((part) => `[${part}]`).join("")}`;
    const items = new Map<string, string | Record<string, string | null> | null>();
    for (const [name, value] of this.ctx.params) {
      const match = name.startsWith(`${key}[`)
        ? /^\[([^\]]*)\](?:\[([^\]]*)\])?$/.exec(name.slice(key.length))
        : null;
      if (!match) continue;
      const [, index = "", field] = match;
      if (field === undefined) items.set(index, value);
      else {
        const record = items.get(index);
        const next = typeof record === "object" && record !== null ? record : {};
        next[field] = value;
        items.set(index, next);
      }
    }
    return [...items.values()];
  }
}

function undefinedKey(times: HandlerContext["times"], key: string): ApiAnswer {
  return exceptionOccurred(times, `Undefined array key "${key}"`);
}

function validateMedia(input: MessageInput): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const base = "message.content.template.media";
  if (!input.has("content", "template", "media")) {
    errors[base] = ["The media field is required inside the template."];
  }
  const type = input.get("content", "template", "media", "type") ?? null;
  if (type === null) errors[`${base}.type`] = [`The ${base}.type field is required.`];
  else if (!MEDIA_TYPES.includes(type)) errors[`${base}.type`] = [`The selected ${base}.type is invalid.`];
  const url = input.get("content", "template", "media", "url") ?? null;
  if (url === null) errors[`${base}.url`] = ["The media URL is required."];
  else if (!/^[a-z][a-z0-9+.-]*:\/\/[^\s/?#]+[^\s]*$/i.test(bytesToText(url))) {
    errors[`${base}.url`] = ["The media URL must be a valid URL."];
  }
  if ((input.get("recipient", "to") ?? null) === null) {
    errors["message.recipient.to"] = ["The message.recipient.to field is required."];
  }
  const recipientType = input.get("recipient", "recipient_type") ?? null;
  if (recipientType === null) {
    errors["message.recipient.recipient_type"] = ["The message.recipient.recipient type field is required."];
  } else if (recipientType !== "individual") {
    errors["message.recipient.recipient_type"] = [
      "The selected message.recipient.recipient type is invalid.",
    ];
  }
  if ((input.get("sender", "from") ?? null) === null) {
    errors["message.sender.from"] = ["The message.sender.from field is required."];
  }
  return errors;
}

/** Laravel's `getDisplayableAttribute()` without custom names: `str_replace('_', ' ', Str::snake($attribute))`. */
function displayableAttribute(attribute: string): string {
  return attribute
    .replace(/\s+/g, "")
    .replace(/(.)(?=[A-Z])/g, "$1_")
    .toLowerCase()
    .replace(/_/g, " ");
}

function validateNamed(input: MessageInput, list: string): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  input.list("content", "template", list).forEach((item, index) => {
    for (const field of ["type", "parameter_name", "text"]) {
      const value = typeof item === "object" && item !== null ? (item[field] ?? null) : null;
      if (value === null) {
        const name = `message.content.template.${list}.${index}.${field}`;
        errors[name] = [`The ${displayableAttribute(name)} field is required.`];
      }
    }
  });
  return errors;
}

function placeholders(text: string | null): string[] {
  return [...(text ?? "").matchAll(/\{\{(.*?)\}\}/g)].map((match) => match[1] ?? "");
}

/** `prapareWAComponent()` for text parameters; throws like PHP where the backend would (after the debit). */
function textComponent(
  type: string,
  values: ReturnType<MessageInput["list"]>,
  template: SandboxWhatsAppTemplate,
  names: string[],
): unknown[] {
  if (values.length === 0) return [];
  const parameters = values.map((value, index) => {
    if (template.parameterFormat !== "NAMED") return { type: "text", text: value };
    if (index >= names.length) throw new Error(`Undefined array key ${index}`);
    const text = typeof value === "object" && value !== null ? value.text : undefined;
    if (text === undefined) throw new Error('Undefined array key "text"');
    return { type: "text", parameter_name: names[index], text };
  });
  return [{ type, parameters }];
}

function mediaComponent(input: MessageInput, template: SandboxWhatsAppTemplate): unknown[] {
  const media = (field: string): string | null => input.get("content", "template", "media", field) ?? null;
  const type = (template.mediaType ?? "").toLowerCase();
  const url = media("url") ?? "";
  const link = /^https?:\/\//.test(url) ? url : `${SANDBOX_APP_URL}/${url}`;
  const value =
    type === "document"
      ? { link, filename: media("filename") }
      : type === "location"
        ? {
            latitude: media("latitude"),
            longitude: media("longitude"),
            name: media("location_name"),
            address: media("location_address"),
          }
        : { link };
  return [{ type: "header", parameters: [{ type, [type]: value }] }];
}

/** What a WhatsApp send produced: the answer, and whether a campaign was created. */
export interface WhatsAppSendOutcome {
  answer: ApiAnswer;
  created: boolean;
}

/** `GET /send-wa-message`. */
export function sendWaMessage(ctx: HandlerContext): WhatsAppSendOutcome {
  const refused = (answer: ApiAnswer): WhatsAppSendOutcome => ({ answer, created: false });
  const auth = authenticate(ctx);
  if ("answer" in auth) return refused(auth.answer);
  const account = auth.account;
  const { times } = ctx;
  const input = new MessageInput(ctx);
  const wa = ctx.state.whatsapp;

  const to = input.get("recipient", "to") ?? "";
  if (to.length < 9 || to.length > 13) return refused(waMobileLengthInvalid(times));
  if (to.startsWith("+") || to.slice(0, 2) !== "91") return refused(waCountryCodeNotAllowed(times));

  const templateName = input.get("content", "template", "templateId");
  if (templateName === undefined) return refused(undefinedKey(times, "templateId"));
  const template = wa.templates.find(
    (row) =>
      sqlEquals(row.templateName, bytesToText(templateName ?? "")) &&
      ([0, 3].includes(account.userType) || row.userNumber === account.userNumber),
  );
  if (!template) return refused(waTemplateNotFound(times));

  const contentType = input.get("content", "type");
  if (contentType === undefined) return refused(undefinedKey(times, "type"));
  if (template.templateType === "MEDIA" && contentType !== "MEDIA_TEMPLATE") {
    return refused(waInvalidMediaPayload(times));
  }
  if (template.templateType === "MEDIA") {
    const errors = validateMedia(input);
    if (Object.keys(errors).length > 0) return refused(validationFailed(times, errors));
  }
  const headerValues = input.list("content", "template", "headerParameterValue");
  const bodyValues = input.list("content", "template", "bodyParameterValues");
  if (template.parameterFormat === "NAMED") {
    const list =
      headerValues.length > 0 ? "headerParameterValue" : bodyValues.length > 0 ? "bodyParameterValues" : null;
    const errors = list ? validateNamed(input, list) : {};
    if (Object.keys(errors).length > 0) return refused(validationFailed(times, errors));
  }

  const charges = wa.charges.find((row) => row.userNumber === account.userNumber && row.countryId === INDIA);
  const categoryCharge = charges
    ? ((
        {
          marketing: charges.marketing,
          utility: charges.utility,
          service: charges.service,
          authentication: charges.authentication,
        } as Record<string, string | null>
      )[template.category.toLowerCase()] ?? null)
    : null;
  const charge = toUnits(categoryCharge);
  if (charge <= 0) return refused(waChargesNotDefined(times));

  const from = input.get("sender", "from");
  if (from === undefined) return refused(undefinedKey(times, "from"));
  const display = (from ?? "").trim().replace(/\s+/g, "").replace(/\+/g, "");
  const configuration = wa.configurations.find(
    (row) => row.userNumber === account.userNumber && row.displayPhoneNumber === display,
  );
  if (!configuration) return refused(waConfigurationNotFound(times));

  const credit = toUnits(account.whatsappCredit);
  if (credit < charge) return refused(insufficientBalance(times));
  account.whatsappCredit = fromUnits(credit - charge);

  const now = times.now();
  const campaign: SandboxWhatsAppCampaign = {
    id: wa.nextCampaignId++,
    uuid: uuidV1(now, ctx.random),
    userNumber: account.userNumber,
    campaign: "API",
    countryId: INDIA,
    campaignSendDateTime: istDateTimeString(now),
    messageCategory: template.category,
    chargesPerMsg: fromUnits(charge),
    totalContacts: 1,
    totalCreditDeduct: fromUnits(charge),
    status: "Ready-to-complete",
    rows: [],
  };
  wa.campaigns.push(campaign);

  let components: unknown[];
  try {
    const header =
      template.templateType === "MEDIA"
        ? mediaComponent(input, template)
        : textComponent("header", headerValues, template, placeholders(template.headerText));
    components = [...header, ...textComponent("body", bodyValues, template, placeholders(template.message))];
  } catch (error) {
    return { answer: exceptionOccurred(times, (error as Error).message), created: true };
  }
  const language = input.get("content", "language");
  const payload = {
    messaging_product: "whatsapp",
    to: bytesToText(to),
    type: "template",
    template: {
      name: template.templateName,
      language: { code: phpEmpty(language ?? null) ? template.language : bytesToText(language as string) },
      components,
    },
  };
  const uniqueKey = `${campaign.id}${String(Math.floor(ctx.random() * 1e9)).padStart(9, "0")}`;
  campaign.rows.push({
    mobile: bytesToText(to),
    uniqueKey,
    templateCategory: template.category,
    message: payload,
    stat: "accepted",
    errorInfo: null,
    submitDate: istDateTimeString(now),
    sentDateTime: null,
    deliveredDateTime: null,
    readDateTime: null,
    responseToken: `wamid.${Buffer.from(`HBgM${bytesToText(to)}${uniqueKey}`).toString("base64")}`,
  });
  return {
    answer: success(times, MESSAGES.campaignProcessed, {
      campaign: campaign.campaign,
      country_id: campaign.countryId,
      message: payload,
      campaign_send_date_time: campaign.campaignSendDateTime,
      message_category: campaign.messageCategory,
      charges_per_msg: campaign.chargesPerMsg,
      total_contacts: 1,
      total_credit_deduct: campaign.totalCreditDeduct,
      status: campaign.status,
      uuid: campaign.uuid,
      id: campaign.id,
    }),
    created: true,
  };
}

/** `ANY /get-wa-report/{response_token}`: an empty token answers 1013 before the credentials are checked. */
export function getWaReport(ctx: HandlerContext): ApiAnswer {
  const token = ctx.pathParams[0] ?? null;
  if (phpEmpty(token)) return campaignTokenEmpty(ctx.times);
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const campaign = ctx.state.whatsapp.campaigns.find(
    (row) => row.userNumber === auth.account.userNumber && sqlEquals(row.uuid, bytesToText(token as string)),
  );
  if (!campaign) return campaignNotFound(ctx.times);
  return success(ctx.times, MESSAGES.informationRetrieved, {
    id: campaign.id,
    uuid: campaign.uuid,
    campaign_name: campaign.campaign,
    campaign_send_date_time: campaign.campaignSendDateTime,
    total_contacts: campaign.totalContacts,
    total_credit_deduct: campaign.totalCreditDeduct,
    send_numbers: campaign.rows.map((row) => ({
      mobile: row.mobile,
      unique_key: row.uniqueKey,
      template_category: row.templateCategory,
      message: row.message,
      current_status: row.stat,
      error_info: row.errorInfo,
      submission_date_time: row.submitDate,
      sent_date_time: row.sentDateTime,
      delivered_date_time: row.deliveredDateTime,
      read_date_time: row.readDateTime,
    })),
  });
}

/** `ANY /get-wa-templates/{template_name?}`: every template of the account (any status), with its buttons. */
export function getWaTemplates(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const name = ctx.pathParams[0] ?? null;
  const rows = ctx.state.whatsapp.templates
    .filter(
      (row) =>
        row.userNumber === auth.account.userNumber &&
        (phpEmpty(name) || sqlLike(row.templateName, bytesToText(name as string))),
    )
    .map((row) => ({
      id: row.id,
      category: row.category,
      language: row.language,
      template_name: row.templateName,
      template_type: row.templateType,
      header_text: row.headerText,
      header_variable: row.headerVariable,
      media_type: row.mediaType,
      message: row.message,
      message_variable: row.messageVariable,
      footer_text: row.footerText,
      template_status: row.waStatus,
      tags: row.tags,
      whats_app_template_buttons: row.buttons.map((button) => ({
        wa_temp_number: button.id,
        whats_app_template_id: row.id,
        button_type: button.buttonType,
        url_type: button.urlType,
        button_text: button.buttonText,
        button_val_name: button.buttonValName,
        button_value: button.buttonValue,
        button_variables: button.buttonVariables,
        flow_id: null,
        flow_action: null,
        navigate_screen: null,
      })),
    }));
  return success(ctx.times, MESSAGES.informationRetrieved, rows);
}

/** `ANY /get-wa-files/{file_type?}`: the account's uploads, `file_path` behind `APP_URL`. */
export function getWaFiles(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const type = ctx.pathParams[0] ?? null;
  const rows = ctx.state.whatsapp.files
    .filter(
      (row) =>
        row.userNumber === auth.account.userNumber &&
        (phpEmpty(type) || sqlLike(row.fileType, bytesToText(type as string))),
    )
    .map((row) => ({
      file_path: `${SANDBOX_APP_URL}/${row.filePath.replace(/^\/+/, "")}`,
      file_type: row.fileType,
      mime_type: row.mimeType,
      file_size: row.fileSize,
      file_caption: row.fileCaption,
    }));
  return success(ctx.times, MESSAGES.informationRetrieved, rows);
}
