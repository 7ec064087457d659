import { z } from "zod";
import { deliveryState } from "../domain/delivery.js";
import type {
  AccountBalance,
  AccountStatus,
  AccountUsage,
  CampaignPage,
  CampaignRecord,
  CampaignReport,
  NumberReportRow,
  RecipientReport,
  SenderIdRecord,
  SendMessageResponse,
  TemplateRecord,
  VoiceFileStatus,
  VoiceSendResponse,
  VoiceTemplate,
  WhatsAppFile,
  WhatsAppRecipientReport,
  WhatsAppReport,
  WhatsAppSendResponse,
  WhatsAppTemplate,
  WhatsAppTemplateButton,
} from "../types.js";

/**
 * The upstream's answers: a zod schema of each shape, tolerant of both the API reference and the real backend
 * (numbers sent as strings, `"0.0000"`, float `last_page`, `status: "1"`), and the mapping of a valid value
 * to its camelCase domain type. Extra fields are ignored.
 *
 * Schemas only validate; mapping is plain code run once on the validated value. A zod transform costs several
 * times more than the validation it follows once the process holds many schemas (zod's shared parse paths go
 * megamorphic), and these run on every upstream answer.
 */

/** Validates an upstream value and maps it to `T`. */
export interface ResponseParser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError };
}

/** A zod-validated upstream shape and the mapping of a valid value to a domain type. */
export class ResponseShape<Raw, T> implements ResponseParser<T> {
  /**
   * @param schema validates the upstream value
   * @param map converts a value the schema accepted
   */
  constructor(
    readonly schema: z.ZodType<Raw>,
    readonly map: (raw: Raw) => T,
  ) {}

  /** Validates and maps `value`, or returns the zod error. */
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: z.ZodError } {
    const result = this.schema.safeParse(value);
    return result.success ? { success: true, data: this.map(result.data) } : result;
  }

  /** Validates and maps `value`; throws the zod error when it is invalid. */
  parse(value: unknown): T {
    return this.map(this.schema.parse(value));
  }
}

/** A finite number, or a decimal string such as `"0.0000"` (surrounding spaces allowed). */
const numeric = z.union([z.number(), z.string().regex(/^\s*-?\d+(\.\d+)?\s*$/)]);
/** A {@link numeric} value that may be `null` (read as 0). */
const count = numeric.nullable();
/** A boolean as the backend spells it: `true`, `1`, `"1"`, `"true"` and their opposites. */
const flag = z.union([z.boolean(), z.literal([0, 1]), z.enum(["0", "1", "true", "false"])]);
/** A string, or a number standing for one (ids, header ids). */
const text = z.union([z.string(), z.number()]);
/** A {@link text} that may be missing, `null` or empty (read as `null`). */
const optionalText = text.nullish();

const toNumber = (value: number | string): number => Number(value);
const toCount = (value: number | string | null): number => (value === null ? 0 : Number(value));
const toFlag = (value: boolean | number | string): boolean =>
  value === true || value === 1 || value === "1" || value === "true";
const toNullableNumber = (value: number | string | null): number | null =>
  value === null ? null : Number(value);
const toOptionalText = (value: number | string | null | undefined): string | null =>
  value === undefined || value === null || value === "" ? null : String(value);

/** The documented envelope of every JSON answer; `data` is checked per endpoint. */
export const envelope = new ResponseShape(
  z.object({
    status: flag,
    message: z.string().nullish(),
    data: z.unknown(),
    errors: z.unknown().optional(),
    error_code: z.union([z.number(), z.string(), z.null()]).optional(),
  }),
  (raw) => ({ status: toFlag(raw.status), message: raw.message ?? "", data: raw.data }),
);

/** `account-status` data. */
export const accountStatus = new ResponseShape(
  z.object({ is_account_activated: flag }),
  (row): AccountStatus => ({ active: toFlag(row.is_account_activated) }),
);

/** `check-balance` data. */
export const accountBalance = new ResponseShape(
  z.object({
    user_number: numeric,
    name: text,
    email: optionalText,
    mobile: optionalText,
    status: z.union([z.number(), z.string(), z.boolean()]),
    transaction_balance: count,
    promotional_balance: count,
    two_waysms_balance: count,
    voice_sms_balance: count,
    whatsapp_credit: count,
    is_enabled_api_ip_security: flag.nullish(),
  }),
  (row): AccountBalance => ({
    userNumber: toNumber(row.user_number),
    name: String(row.name),
    email: toOptionalText(row.email),
    mobile: toOptionalText(row.mobile),
    active: row.status === true || Number(row.status) === 1,
    transactional: toCount(row.transaction_balance),
    promotional: toCount(row.promotional_balance),
    twoWaySms: toCount(row.two_waysms_balance),
    voice: toCount(row.voice_sms_balance),
    whatsappCredit: toCount(row.whatsapp_credit),
    ipSecurityEnabled: row.is_enabled_api_ip_security != null && toFlag(row.is_enabled_api_ip_security),
  }),
);

/** `approved-senderids` data. */
export const senderIds = new ResponseShape(z.array(z.object({ sender_id: text })), (rows) =>
  rows.map((row): SenderIdRecord => ({ senderId: String(row.sender_id) })),
);

/** `templates` data. */
export const templates = new ResponseShape(
  z.array(
    z.object({
      template_name: text,
      entity_id: optionalText,
      dlt_header_id: optionalText,
      is_for_unicode: flag.nullish(),
      dlt_message_template: z.string(),
      dlt_template_id: text,
    }),
  ),
  (rows) =>
    rows.map(
      (row): TemplateRecord => ({
        dltTemplateId: String(row.dlt_template_id),
        name: String(row.template_name),
        entityId: toOptionalText(row.entity_id) ?? "",
        headerId: toOptionalText(row.dlt_header_id) ?? "",
        unicode: row.is_for_unicode != null && toFlag(row.is_for_unicode),
        body: row.dlt_message_template,
      }),
    ),
);

const campaignRowSchema = z.object({
  id: numeric,
  campaign_name: text,
  sender_id: text,
  sms_type: text,
  message: z.string(),
  message_type: text,
  total_contacts: count,
  currently_delivered: count,
  currently_failed: count,
  campaign_current_stage: text,
  campaign_send_date_time: optionalText,
  total_invalid_number: numeric.nullish(),
  total_credit_use: numeric.nullish(),
  is_flash: flag.nullish(),
});

function campaignRecord(row: z.infer<typeof campaignRowSchema>): CampaignRecord {
  const record: CampaignRecord = {
    id: toNumber(row.id),
    name: String(row.campaign_name),
    senderId: String(row.sender_id),
    smsType: String(row.sms_type),
    message: row.message,
    messageType: String(row.message_type),
    totalContacts: toCount(row.total_contacts),
    delivered: toCount(row.currently_delivered),
    failed: toCount(row.currently_failed),
    stage: String(row.campaign_current_stage),
  };
  const sendDateTime = toOptionalText(row.campaign_send_date_time);
  if (sendDateTime !== null) record.sendDateTime = sendDateTime;
  if (row.total_invalid_number !== undefined)
    record.totalInvalidNumbers = toNullableNumber(row.total_invalid_number);
  if (row.total_credit_use !== undefined) record.totalCreditUsed = toNullableNumber(row.total_credit_use);
  if (row.is_flash !== undefined) record.isFlash = row.is_flash === null ? null : toFlag(row.is_flash);
  return record;
}

/** `campaign-list` data (the upstream's own pagination object). */
export const campaignPage = new ResponseShape(
  z.object({
    data: z.array(campaignRowSchema),
    total: numeric,
    current_page: numeric,
    per_page_record: numeric,
    last_page: numeric,
  }),
  (page): CampaignPage => ({
    campaigns: page.data.map(campaignRecord),
    total: toNumber(page.total),
    page: Math.trunc(toNumber(page.current_page)),
    perPage: Math.trunc(toNumber(page.per_page_record)),
    lastPage: Math.ceil(toNumber(page.last_page)),
  }),
);

/** `send-message` data (no campaign `id`, only `uuid`). */
export const sendMessageResponse = new ResponseShape(
  z.object({
    uuid: text,
    campaign: text,
    sender_id: text,
    route_type: numeric,
    sms_type: numeric,
    message: z.string(),
    is_flash: flag.nullish(),
    campaign_send_date_time: text,
    message_count: numeric,
    message_credit_size: numeric,
    total_contacts: numeric,
    total_credit_deduct: numeric,
    status: text,
    total_invalid_number: numeric.nullish(),
  }),
  (row): SendMessageResponse => ({
    uuid: String(row.uuid),
    campaign: String(row.campaign),
    senderId: String(row.sender_id),
    routeType: toNumber(row.route_type),
    smsType: toNumber(row.sms_type),
    message: row.message,
    isFlash: row.is_flash != null && toFlag(row.is_flash),
    sendDateTime: String(row.campaign_send_date_time),
    messageCount: toNumber(row.message_count),
    creditsPerMessage: toNumber(row.message_credit_size),
    totalContacts: toNumber(row.total_contacts),
    creditsDeducted: toNumber(row.total_credit_deduct),
    status: String(row.status),
    invalidNumbers: row.total_invalid_number == null ? 0 : toNumber(row.total_invalid_number),
  }),
);

const recipientRowSchema = z.object({
  mobile: text,
  used_credit: count.optional(),
  submit_date: optionalText,
  done_date: optionalText,
  status: optionalText,
  response_code: optionalText,
});

function recipientReport(row: z.infer<typeof recipientRowSchema>): RecipientReport {
  const status = toOptionalText(row.status);
  return {
    mobile: String(row.mobile),
    creditsUsed: toCount(row.used_credit ?? null),
    submittedAt: toOptionalText(row.submit_date),
    doneAt: toOptionalText(row.done_date),
    status,
    responseCode: toOptionalText(row.response_code),
    state: deliveryState(status),
  };
}

/** `send-report/{uuid}` data: the campaign-list row plus `send_numbers`. */
export const campaignReport = new ResponseShape(
  campaignRowSchema.extend({
    msg_length: numeric.nullish(),
    msg_consumed_credit: numeric.nullish(),
    total_block_number: count.optional(),
    send_numbers: z.array(recipientRowSchema),
  }),
  (row): CampaignReport => ({
    ...campaignRecord(row),
    messageLength: row.msg_length == null ? null : toNumber(row.msg_length),
    creditsPerMessage: row.msg_consumed_credit == null ? null : toNumber(row.msg_consumed_credit),
    totalBlockNumbers: toCount(row.total_block_number ?? null),
    totalInvalidNumbers: toCount(row.total_invalid_number ?? null),
    totalCreditUsed: toCount(row.total_credit_use ?? null),
    recipients: row.send_numbers.map(recipientReport),
  }),
);

/** `send-number-report/{mobile}/{uuid}` data: the number's rows, each with its `message`. */
export const numberReport = new ResponseShape(
  z.array(recipientRowSchema.extend({ message: z.string().nullish() })),
  (rows) => rows.map((row): NumberReportRow => ({ ...recipientReport(row), message: row.message ?? null })),
);

/** `sms-overall-report` data: MySQL sums (DECIMAL strings, `null` for an account without campaigns). */
export const accountUsage = new ResponseShape(
  z.object({
    total_contacts: count,
    total_credit_used: count,
    total_delivered: count,
    total_failed: count,
    total_block_number: count,
    total_invalid_number: count,
    total_process: count,
  }),
  (row): AccountUsage => ({
    totalContacts: toCount(row.total_contacts),
    creditsUsed: toCount(row.total_credit_used),
    delivered: toCount(row.total_delivered),
    failed: toCount(row.total_failed),
    blocked: toCount(row.total_block_number),
    invalid: toCount(row.total_invalid_number),
    inProcess: toCount(row.total_process),
  }),
);

/** The backend's `voiceLenghtCredit()`: credits per number for a file of `seconds`; `null` above 120 s. */
export function voiceCreditsPerCall(seconds: number): number | null {
  if (seconds <= 30) return 1;
  if (seconds <= 60) return 2;
  if (seconds <= 90) return 3;
  if (seconds <= 120) return 4;
  return null;
}

const VOICE_FILE_STATUSES: Readonly<Record<number, VoiceFileStatus>> = {
  1: "pending",
  2: "process",
  3: "approved",
  4: "rejected",
};

/** `voice-templates` data: every voice file of the account. */
export const voiceTemplates = new ResponseShape(
  z.array(
    z.object({
      voice_id: text,
      file_status: count.optional(),
      file_location: optionalText,
      title: optionalText,
      file_time_duration: numeric,
      file_mime_type: optionalText,
      file_extension: optionalText,
    }),
  ),
  (rows) =>
    rows.map((row): VoiceTemplate => {
      const statusCode = row.file_status == null ? null : toNumber(row.file_status);
      const durationSeconds = toNumber(row.file_time_duration);
      return {
        voiceId: String(row.voice_id),
        status: (statusCode !== null && VOICE_FILE_STATUSES[statusCode]) || "unknown",
        statusCode,
        fileUrl: toOptionalText(row.file_location),
        title: toOptionalText(row.title),
        durationSeconds,
        mimeType: toOptionalText(row.file_mime_type),
        extension: toOptionalText(row.file_extension),
        creditsPerCall: voiceCreditsPerCall(durationSeconds),
      };
    }),
);

/** `voice-send-sms` data: the `voice_sms` row without its hidden columns. */
export const voiceSendResponse = new ResponseShape(
  z.object({
    uuid: optionalText,
    campaign: text,
    campaign_send_date_time: text,
    message_credit_size: numeric,
    total_contacts: numeric,
    total_credit_deduct: numeric,
    status: text,
    total_invalid_number: numeric.nullish(),
  }),
  (row): VoiceSendResponse => ({
    uuid: toOptionalText(row.uuid),
    campaign: String(row.campaign),
    sendDateTime: String(row.campaign_send_date_time),
    creditsPerCall: toNumber(row.message_credit_size),
    totalContacts: toNumber(row.total_contacts),
    creditsDeducted: toNumber(row.total_credit_deduct),
    status: String(row.status),
    invalidNumbers: row.total_invalid_number == null ? 0 : toNumber(row.total_invalid_number),
  }),
);

/** `send-wa-message` data: the `whats_app_send_sms` row, its `message` replaced by the payload built for Meta. */
export const whatsAppSendResponse = new ResponseShape(
  z.object({
    id: numeric.nullish(),
    uuid: optionalText,
    campaign: text,
    campaign_send_date_time: text,
    message_category: optionalText,
    charges_per_msg: numeric,
    total_credit_deduct: numeric,
    status: text,
    message: z.unknown().optional(),
  }),
  (row): WhatsAppSendResponse => ({
    id: row.id == null ? null : toNumber(row.id),
    uuid: toOptionalText(row.uuid),
    campaign: String(row.campaign),
    sendDateTime: String(row.campaign_send_date_time),
    category: toOptionalText(row.message_category),
    charge: toNumber(row.charges_per_msg),
    creditsDeducted: toNumber(row.total_credit_deduct),
    status: String(row.status),
    payload: row.message ?? null,
  }),
);

/** `get-wa-report/{token}` data. */
export const whatsAppReport = new ResponseShape(
  z.object({
    id: numeric,
    uuid: text,
    campaign_name: text,
    campaign_send_date_time: optionalText,
    total_contacts: count,
    total_credit_deduct: count,
    send_numbers: z.array(
      z.object({
        mobile: text,
        unique_key: optionalText,
        template_category: optionalText,
        message: z.unknown().optional(),
        current_status: optionalText,
        error_info: z.unknown().optional(),
        submission_date_time: optionalText,
        sent_date_time: optionalText,
        delivered_date_time: optionalText,
        read_date_time: optionalText,
      }),
    ),
  }),
  (row): WhatsAppReport => ({
    id: toNumber(row.id),
    uuid: String(row.uuid),
    campaign: String(row.campaign_name),
    sendDateTime: toOptionalText(row.campaign_send_date_time),
    totalContacts: toCount(row.total_contacts),
    creditsDeducted: toCount(row.total_credit_deduct),
    recipients: row.send_numbers.map(
      (item): WhatsAppRecipientReport => ({
        mobile: String(item.mobile),
        uniqueKey: toOptionalText(item.unique_key),
        category: toOptionalText(item.template_category),
        status: toOptionalText(item.current_status),
        error: item.error_info ?? null,
        submittedAt: toOptionalText(item.submission_date_time),
        sentAt: toOptionalText(item.sent_date_time),
        deliveredAt: toOptionalText(item.delivered_date_time),
        readAt: toOptionalText(item.read_date_time),
        payload: item.message ?? null,
      }),
    ),
  }),
);

const waButtonSchema = z.object({
  button_type: optionalText,
  button_text: optionalText,
  url_type: optionalText,
  button_value: optionalText,
  button_variables: optionalText,
});

/** `get-wa-templates/{name?}` data, each template with its `whats_app_template_buttons`. */
export const whatsAppTemplates = new ResponseShape(
  z.array(
    z.object({
      id: numeric,
      template_name: text,
      category: optionalText,
      language: optionalText,
      template_type: optionalText,
      media_type: optionalText,
      header_text: optionalText,
      header_variable: optionalText,
      message: optionalText,
      message_variable: optionalText,
      footer_text: optionalText,
      template_status: optionalText,
      tags: optionalText,
      whats_app_template_buttons: z.array(waButtonSchema).nullish(),
    }),
  ),
  (rows) =>
    rows.map(
      (row): WhatsAppTemplate => ({
        id: toNumber(row.id),
        name: String(row.template_name),
        category: toOptionalText(row.category),
        language: toOptionalText(row.language),
        templateType: toOptionalText(row.template_type),
        mediaType: toOptionalText(row.media_type),
        headerText: toOptionalText(row.header_text),
        headerVariable: toOptionalText(row.header_variable),
        body: toOptionalText(row.message),
        bodyVariable: toOptionalText(row.message_variable),
        footerText: toOptionalText(row.footer_text),
        status: toOptionalText(row.template_status),
        tags: toOptionalText(row.tags),
        buttons: (row.whats_app_template_buttons ?? []).map(
          (button): WhatsAppTemplateButton => ({
            type: toOptionalText(button.button_type),
            text: toOptionalText(button.button_text),
            urlType: toOptionalText(button.url_type),
            value: toOptionalText(button.button_value),
            variables: toOptionalText(button.button_variables),
          }),
        ),
      }),
    ),
);

/** `get-wa-files/{type?}` data. */
export const whatsAppFiles = new ResponseShape(
  z.array(
    z.object({
      file_path: text,
      file_type: optionalText,
      mime_type: optionalText,
      file_size: count.optional(),
      file_caption: optionalText,
    }),
  ),
  (rows) =>
    rows.map(
      (row): WhatsAppFile => ({
        url: String(row.file_path),
        fileType: toOptionalText(row.file_type),
        mimeType: toOptionalText(row.mime_type),
        sizeBytes: row.file_size == null ? null : toNumber(row.file_size),
        caption: toOptionalText(row.file_caption),
      }),
    ),
);

/**
 * A read endpoint that takes no query parameters: the names of its path parameters (in URL order; a name ending
 * in `?` is optional) and the shape of its data.
 */
export interface ReadSpec<T> {
  pathParams: readonly string[];
  shape: ResponseParser<T>;
}

function read<T>(shape: ResponseParser<T>, ...pathParams: string[]): ReadSpec<T> {
  return { pathParams, shape };
}

/**
 * The read endpoints the client calls through {@link QuickcomClient.read}, by name. A new read endpoint is its
 * shape above and one entry here: the endpoint list, the sandbox's routing of its path parameters and the
 * per-request loaders follow from it.
 */
export const READS = {
  "account-status": read(accountStatus),
  "check-balance": read(accountBalance),
  "approved-senderids": read(senderIds),
  templates: read(templates),
  "send-report": read(campaignReport, "uuid?"),
  "send-number-report": read(numberReport, "mobile?", "uuid?"),
  "sms-overall-report": read(accountUsage),
  "voice-templates": read(voiceTemplates),
  "get-wa-report": read(whatsAppReport, "uuid"),
  "get-wa-templates": read(whatsAppTemplates, "name?"),
  "get-wa-files": read(whatsAppFiles, "type?"),
};

/** Name of a read endpoint of {@link READS}. */
export type ReadEndpoint = keyof typeof READS;

/** What a read endpoint's data maps to. */
export type ReadData<E extends ReadEndpoint> = (typeof READS)[E] extends ReadSpec<infer T> ? T : never;
