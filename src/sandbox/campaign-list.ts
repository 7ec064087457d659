/**
 * `GET /campaign-list`, reproducing the controller's PHP arithmetic: `per_page_record` capped at 50 by a loose
 * comparison, missing or 0 → division by zero → 1005, `last_page` a float, page values echoed as sent. Counters
 * include the DLRs due by now.
 */
import { authenticate, type HandlerContext } from "./context.js";
import { settleDeliveries } from "./delivery.js";
import { type ApiAnswer, exceptionOccurred, MESSAGES, success } from "./envelope.js";
import {
  bytesToText,
  type PhpOperand,
  PhpRuntimeError,
  phpArithmetic,
  phpIntOfNumber,
  phpIsNumeric,
  phpLessOrEqualInt,
} from "./php.js";
import { PhpFloat } from "./php-json.js";
import type { SandboxCampaign } from "./state.js";

/** One `send_sms` row as the campaign-list query selects it (column order of the backend's select). */
export function campaignRow(c: SandboxCampaign): Record<string, unknown> {
  return {
    id: c.id,
    campaign_name: c.campaign,
    sender_id: c.senderId,
    sms_type: c.smsType,
    message: c.message,
    message_type: c.messageType,
    msg_length: c.messageCount,
    msg_consumed_credit: c.messageCreditSize,
    is_flash: c.isFlash,
    campaign_send_date_time: c.campaignSendDateTime,
    total_contacts: c.totalContacts,
    total_block_number: c.totalBlockNumber,
    total_invalid_number: c.totalInvalidNumber,
    total_credit_use: c.totalCreditDeduct,
    currently_delivered: c.totalDelivered,
    currently_failed: c.totalFailed,
    campaign_current_stage: c.status,
  };
}

function echoed(value: PhpOperand): unknown {
  return typeof value === "string" ? bytesToText(value) : value;
}

/** `GET /campaign-list`. */
export function campaignList(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  settleDeliveries(ctx.state, ctx.times.now().getTime());
  try {
    const rawPerPage = ctx.params.get("per_page_record") ?? null;
    const perPage: PhpOperand = phpLessOrEqualInt(rawPerPage, 50) ? rawPerPage : 50;
    const pageNumber: PhpOperand = ctx.params.has("page_number")
      ? (ctx.params.get("page_number") ?? null)
      : 1;
    const rows = ctx.state.campaigns
      .filter((c) => c.userNumber === auth.account.userNumber)
      .sort((a, b) => b.id - a.id);
    const total = rows.length;
    const offset = Math.max(
      0,
      phpIntOfNumber(phpArithmetic(phpArithmetic(pageNumber, "-", 1), "*", perPage)),
    );
    const limitValue = perPage === null ? null : typeof perPage === "number" ? perPage : limitOf(perPage);
    const limit = limitValue !== null && limitValue >= 0 ? phpIntOfNumber(limitValue) : null;
    const page = rows.slice(offset, limit === null ? undefined : offset + limit);
    const lastPage = Math.ceil(phpArithmetic(total, "/", perPage));
    return success(ctx.times, MESSAGES.informationRetrieved, {
      data: page.map(campaignRow),
      total,
      current_page: echoed(pageNumber),
      per_page_record: echoed(perPage),
      last_page: new PhpFloat(lastPage),
    });
  } catch (error) {
    if (error instanceof PhpRuntimeError) return exceptionOccurred(ctx.times, error.message);
    throw error;
  }
}

function limitOf(perPage: string): number | null {
  return phpIsNumeric(perPage) ? Number(perPage) : 0;
}
