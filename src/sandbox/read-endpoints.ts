/** The read-only endpoints: account-status, check-balance, approved-senderids, templates. */
import { authenticate, type HandlerContext } from "./context.js";
import { type ApiAnswer, MESSAGES, success } from "./envelope.js";

/** `GET /account-status`. */
export function accountStatus(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  return success(ctx.times, MESSAGES.accountActive, { is_account_activated: true });
}

/** `GET /check-balance`: the `users` row as `matchToken` selects it. */
export function checkBalance(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const a = auth.account;
  return success(ctx.times, MESSAGES.informationRetrieved, {
    user_number: a.userNumber,
    name: a.name,
    email: a.email,
    mobile: a.mobile,
    status: String(a.status),
    transaction_balance: a.transactionalBalance,
    promotional_balance: a.promotionalBalance,
    two_waysms_balance: a.twoWaySmsBalance,
    voice_sms_balance: a.voiceSmsBalance,
    whatsapp_credit: a.whatsappCredit,
    country: a.country,
    is_enabled_api_ip_security: a.ipSecurityEnabled ? 1 : 0,
    ut: a.userType,
  });
}

/** `GET /approved-senderids`: status-1 rows only. */
export function approvedSenderIds(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const rows = ctx.state.senderIds
    .filter((row) => row.userNumber === auth.account.userNumber && row.status === 1)
    .map((row) => ({ sender_id: row.senderId }));
  return success(ctx.times, MESSAGES.informationRetrieved, rows);
}

/** `GET /templates`: status-1 rows only. */
export function templates(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const rows = ctx.state.templates
    .filter((row) => row.userNumber === auth.account.userNumber && row.status === 1)
    .map((row) => ({
      template_name: row.templateName,
      entity_id: row.entityId,
      dlt_header_id: row.headerId,
      is_for_unicode: row.isUnicode,
      dlt_message_template: row.body,
      dlt_template_id: row.dltTemplateId,
      status: row.status,
    }));
  return success(ctx.times, MESSAGES.informationRetrieved, rows);
}
