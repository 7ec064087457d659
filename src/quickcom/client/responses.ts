import { z } from "zod";
import type {
  AccountBalance,
  AccountStatus,
  CampaignPage,
  CampaignRecord,
  SenderIdRecord,
  SendMessageResponse,
  TemplateRecord,
} from "../types.js";

/**
 * Zod schemas of the upstream envelopes, tolerant of both the API reference and the real backend
 * (numbers sent as strings, `"0.0000"`, float `last_page`, `status: "1"`), each mapped to the camelCase
 * domain type. Extra fields are ignored.
 *
 * Field schemas only validate; each object converts its fields once, in its own transform. A transform per
 * field costs about ten times more per response once the process holds many schemas (zod's shared parse
 * paths go megamorphic), and these run on every upstream answer.
 */

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
const toOptionalNumber = (value: number | string | null | undefined): number | undefined =>
  value === null || value === undefined ? undefined : Number(value);
const toNullableNumber = (value: number | string | null): number | null =>
  value === null ? null : Number(value);
const toOptionalFlag = (value: boolean | number | string | null | undefined): boolean | undefined =>
  value === null || value === undefined ? undefined : toFlag(value);
const toOptionalText = (value: number | string | null | undefined): string | null =>
  value === undefined || value === null || value === "" ? null : String(value);

/** The documented envelope of every JSON answer; `data` is checked per endpoint. */
export const envelopeSchema = z
  .object({
    status: flag,
    message: z.string().nullish(),
    data: z.unknown(),
    errors: z.unknown().optional(),
    error_code: z.union([z.number(), z.string(), z.null()]).optional(),
  })
  .transform((envelope) => ({
    status: toFlag(envelope.status),
    message: envelope.message ?? "",
    data: envelope.data,
    errors: envelope.errors,
    error_code: envelope.error_code,
  }));

/** A parsed envelope. */
export type Envelope = z.infer<typeof envelopeSchema>;

/** `account-status` data. */
export const accountStatusSchema = z
  .object({ is_account_activated: flag })
  .transform((row): AccountStatus => ({ active: toFlag(row.is_account_activated) }));

/** `check-balance` data. */
export const accountBalanceSchema = z
  .object({
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
  })
  .transform(
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
      ipSecurityEnabled: toOptionalFlag(row.is_enabled_api_ip_security) === true,
    }),
  );

/** `approved-senderids` data. */
export const senderIdsSchema = z.array(
  z.object({ sender_id: text }).transform((row): SenderIdRecord => ({ senderId: String(row.sender_id) })),
);

/** `templates` data. */
export const templatesSchema = z.array(
  z
    .object({
      template_name: text,
      entity_id: optionalText,
      dlt_header_id: optionalText,
      is_for_unicode: flag.nullish(),
      dlt_message_template: z.string(),
      dlt_template_id: text,
    })
    .transform(
      (row): TemplateRecord => ({
        dltTemplateId: String(row.dlt_template_id),
        name: String(row.template_name),
        entityId: toOptionalText(row.entity_id) ?? "",
        headerId: toOptionalText(row.dlt_header_id) ?? "",
        unicode: toOptionalFlag(row.is_for_unicode) === true,
        body: row.dlt_message_template,
      }),
    ),
);

const campaignRowSchema = z
  .object({
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
  })
  .transform((row): CampaignRecord => {
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
  });

/** `campaign-list` data (the upstream's own pagination object). */
export const campaignPageSchema = z
  .object({
    data: z.array(campaignRowSchema),
    total: numeric,
    current_page: numeric,
    per_page_record: numeric,
    last_page: numeric,
  })
  .transform(
    (page): CampaignPage => ({
      campaigns: page.data,
      total: toNumber(page.total),
      page: Math.trunc(toNumber(page.current_page)),
      perPage: Math.trunc(toNumber(page.per_page_record)),
      lastPage: Math.ceil(toNumber(page.last_page)),
    }),
  );

/** `send-message` data (no campaign `id`, only `uuid`). */
export const sendMessageResponseSchema = z
  .object({
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
  })
  .transform(
    (row): SendMessageResponse => ({
      uuid: String(row.uuid),
      campaign: String(row.campaign),
      senderId: String(row.sender_id),
      routeType: toNumber(row.route_type),
      smsType: toNumber(row.sms_type),
      message: row.message,
      isFlash: toOptionalFlag(row.is_flash) === true,
      sendDateTime: String(row.campaign_send_date_time),
      messageCount: toNumber(row.message_count),
      creditsPerMessage: toNumber(row.message_credit_size),
      totalContacts: toNumber(row.total_contacts),
      creditsDeducted: toNumber(row.total_credit_deduct),
      status: String(row.status),
      invalidNumbers: toOptionalNumber(row.total_invalid_number) ?? 0,
    }),
  );
