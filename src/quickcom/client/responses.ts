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
 */

const numeric = z.union([
  z.number().finite(),
  z
    .string()
    .trim()
    .regex(/^-?\d+(\.\d+)?$/)
    .transform(Number),
]);
const count = z.union([numeric, z.null()]).transform((value) => value ?? 0);
const flag = z.union([
  z.boolean(),
  z.literal(0).transform(() => false),
  z.literal(1).transform(() => true),
  z.enum(["0", "1", "true", "false"]).transform((value) => value === "1" || value === "true"),
]);
const text = z.union([z.string(), z.number().transform(String)]);
const optionalText = z
  .union([text, z.null()])
  .optional()
  .transform((value) => (value === undefined || value === null || value === "" ? null : value));

/** The documented envelope of every JSON answer; `data` is checked per endpoint. */
export const envelopeSchema = z.object({
  status: flag,
  message: z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => value ?? ""),
  data: z.unknown(),
  errors: z.unknown().optional(),
  error_code: z.union([z.number(), z.string(), z.null()]).optional(),
});

/** A parsed envelope. */
export type Envelope = z.infer<typeof envelopeSchema>;

/** `account-status` data. */
export const accountStatusSchema = z
  .object({ is_account_activated: flag })
  .transform((row): AccountStatus => ({ active: row.is_account_activated }));

/** `check-balance` data. */
export const accountBalanceSchema = z
  .object({
    user_number: numeric,
    name: text,
    email: optionalText,
    mobile: optionalText,
    status: z.union([numeric, z.string(), z.boolean()]),
    transaction_balance: count,
    promotional_balance: count,
    two_waysms_balance: count,
    voice_sms_balance: count,
    whatsapp_credit: count,
    is_enabled_api_ip_security: z.union([flag, z.null()]).optional(),
  })
  .transform(
    (row): AccountBalance => ({
      userNumber: row.user_number,
      name: row.name,
      email: row.email,
      mobile: row.mobile,
      active: row.status === true || Number(row.status) === 1,
      transactional: row.transaction_balance,
      promotional: row.promotional_balance,
      twoWaySms: row.two_waysms_balance,
      voice: row.voice_sms_balance,
      whatsappCredit: row.whatsapp_credit,
      ipSecurityEnabled: row.is_enabled_api_ip_security === true,
    }),
  );

/** `approved-senderids` data. */
export const senderIdsSchema = z.array(
  z.object({ sender_id: text }).transform((row): SenderIdRecord => ({ senderId: row.sender_id })),
);

/** `templates` data. */
export const templatesSchema = z.array(
  z
    .object({
      template_name: text,
      entity_id: optionalText,
      dlt_header_id: optionalText,
      is_for_unicode: z.union([flag, z.null()]).optional(),
      dlt_message_template: z.string(),
      dlt_template_id: text,
    })
    .transform(
      (row): TemplateRecord => ({
        dltTemplateId: row.dlt_template_id,
        name: row.template_name,
        entityId: row.entity_id ?? "",
        headerId: row.dlt_header_id ?? "",
        unicode: row.is_for_unicode === true,
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
    total_invalid_number: z.union([numeric, z.null()]).optional(),
    total_credit_use: z.union([numeric, z.null()]).optional(),
    is_flash: z.union([flag, z.null()]).optional(),
  })
  .transform((row): CampaignRecord => {
    const record: CampaignRecord = {
      id: row.id,
      name: row.campaign_name,
      senderId: row.sender_id,
      smsType: row.sms_type,
      message: row.message,
      messageType: row.message_type,
      totalContacts: row.total_contacts,
      delivered: row.currently_delivered,
      failed: row.currently_failed,
      stage: row.campaign_current_stage,
    };
    if (row.campaign_send_date_time !== null) record.sendDateTime = row.campaign_send_date_time;
    if (row.total_invalid_number !== undefined) record.totalInvalidNumbers = row.total_invalid_number;
    if (row.total_credit_use !== undefined) record.totalCreditUsed = row.total_credit_use;
    if (row.is_flash !== undefined) record.isFlash = row.is_flash;
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
      total: page.total,
      page: Math.trunc(page.current_page),
      perPage: Math.trunc(page.per_page_record),
      lastPage: Math.ceil(page.last_page),
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
    is_flash: z.union([flag, z.null()]).optional(),
    campaign_send_date_time: text,
    message_count: numeric,
    message_credit_size: numeric,
    total_contacts: numeric,
    total_credit_deduct: numeric,
    status: text,
    total_invalid_number: z.union([numeric, z.null()]).optional(),
  })
  .transform(
    (row): SendMessageResponse => ({
      uuid: row.uuid,
      campaign: row.campaign,
      senderId: row.sender_id,
      routeType: row.route_type,
      smsType: row.sms_type,
      message: row.message,
      isFlash: row.is_flash === true,
      sendDateTime: row.campaign_send_date_time,
      messageCount: row.message_count,
      creditsPerMessage: row.message_credit_size,
      totalContacts: row.total_contacts,
      creditsDeducted: row.total_credit_deduct,
      status: row.status,
      invalidNumbers: row.total_invalid_number ?? 0,
    }),
  );
