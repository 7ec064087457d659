/**
 * The report endpoints the API reference omits, in the backend's check order: `send-report/{uuid}`,
 * `send-number-report/{mobile}/{uuid}` (their path checks come before authentication) and
 * `sms-overall-report` (sums over the account's campaigns, cached 30 minutes per app key and IST day).
 */
import { campaignRow } from "./campaign-list.js";
import { authenticate, type HandlerContext } from "./context.js";
import { settleDeliveries } from "./delivery.js";
import {
  type ApiAnswer,
  campaignNotFound,
  campaignTokenEmpty,
  invalidMobileNumber,
  MESSAGES,
  success,
} from "./envelope.js";
import type { SandboxEndpoint } from "./faults.js";
import { istYmd, unixSeconds } from "./ist.js";
import { phpEmpty } from "./php.js";
import type { SandboxCampaign, SandboxQueueRow, SandboxState } from "./state.js";

const OVERALL_CACHE_SECONDS = 30 * 60;

/** MySQL `=` on a `utf8mb4_unicode_ci` column: ASCII case and trailing spaces ignored. */
function sqlEquals(column: string, value: string): boolean {
  return column.replace(/ +$/, "").toLowerCase() === value.replace(/ +$/, "").toLowerCase();
}

function ownCampaign(state: SandboxState, uuid: string, userNumber: number): SandboxCampaign | undefined {
  return state.campaigns.find((c) => c.userNumber === userNumber && sqlEquals(c.uuid, uuid));
}

function queueRows(state: SandboxState, campaign: SandboxCampaign): readonly SandboxQueueRow[] {
  return state.sendSmsQueues.get(campaign.id)?.rows ?? [];
}

/** One row as the report queries select it (`send_sms_queues`, else `send_sms_histories`). */
function reportRow(row: SandboxQueueRow): Record<string, unknown> {
  return {
    mobile: row.mobile,
    used_credit: row.useCredit,
    submit_date: row.submitDate,
    done_date: row.doneDate,
    status: row.stat,
    response_code: row.err,
  };
}

/** `GET /send-report/{response_token?}`: the campaign as campaign-list selects it, plus `send_numbers`. */
export function sendReport(ctx: HandlerContext): ApiAnswer {
  const token = ctx.pathParams[0] ?? null;
  if (token === null || phpEmpty(token)) return campaignTokenEmpty(ctx.times);
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  settleDeliveries(ctx.state, ctx.times.now().getTime());
  const campaign = ownCampaign(ctx.state, token, auth.account.userNumber);
  if (!campaign) return campaignNotFound(ctx.times);
  return success(ctx.times, MESSAGES.informationRetrieved, {
    ...campaignRow(campaign),
    send_numbers: queueRows(ctx.state, campaign).map(reportRow),
  });
}

/**
 * `GET /send-number-report/{mobile_number?}/{response_token?}`: the rows of one number (a number that is not
 * 12 characters long is looked up with `91` in front) with their `message`; no row is an empty list.
 */
export function sendNumberReport(ctx: HandlerContext): ApiAnswer {
  const mobile = ctx.pathParams[0] ?? null;
  const token = ctx.pathParams[1] ?? null;
  if (mobile === null || phpEmpty(mobile) || mobile.length > 12 || mobile.length < 10) {
    return invalidMobileNumber(ctx.times);
  }
  if (token === null || phpEmpty(token)) return campaignTokenEmpty(ctx.times);
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  settleDeliveries(ctx.state, ctx.times.now().getTime());
  const campaign = ownCampaign(ctx.state, token, auth.account.userNumber);
  if (!campaign) return campaignNotFound(ctx.times);
  const wanted = mobile.length === 12 ? mobile : `91${mobile}`;
  const rows = queueRows(ctx.state, campaign)
    .filter((row) => sqlEquals(row.mobile, wanted))
    .map((row) => ({ ...reportRow(row), message: row.message }));
  return success(ctx.times, MESSAGES.informationRetrieved, rows);
}

/** MySQL `SUM()` of an int column: a DECIMAL, which PDO hands over as a string; `NULL` over no rows. */
function sum(campaigns: readonly SandboxCampaign[], column: (c: SandboxCampaign) => number): string | null {
  return campaigns.length === 0 ? null : String(campaigns.reduce((total, c) => total + column(c), 0));
}

function overallTotals(state: SandboxState, userNumber: number): Record<string, string | null> {
  const campaigns = state.campaigns.filter((c) => c.userNumber === userNumber);
  return {
    total_contacts: sum(campaigns, (c) => c.totalContacts),
    total_credit_used: sum(campaigns, (c) => c.totalCreditDeduct),
    total_delivered: sum(campaigns, (c) => c.totalDelivered),
    total_failed: sum(campaigns, (c) => c.totalFailed),
    total_block_number: sum(campaigns, (c) => c.totalBlockNumber),
    total_invalid_number: sum(campaigns, (c) => c.totalInvalidNumber),
    total_process: sum(
      campaigns,
      (c) => c.totalContacts - (c.totalDelivered + c.totalFailed + c.totalBlockNumber + c.totalInvalidNumber),
    ),
  };
}

/** `ANY /sms-overall-report`: `Cache::remember('text_sms_'.$app_key.date('Ymd'), 30 minutes, sums)`. */
export function smsOverallReport(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const now = ctx.times.now();
  const key = `text_sms_${auth.account.appKey}${istYmd(now)}`;
  const cached = ctx.state.cache.get(key);
  let totals: unknown;
  if (cached && unixSeconds(now) < cached.expiresAt) {
    totals = cached.value;
  } else {
    settleDeliveries(ctx.state, now.getTime());
    totals = overallTotals(ctx.state, auth.account.userNumber);
    ctx.state.cache.set(key, { value: totals, expiresAt: unixSeconds(now) + OVERALL_CACHE_SECONDS });
  }
  return success(ctx.times, MESSAGES.informationRetrieved, totals);
}

/** The report endpoints' handlers by endpoint; the server routes to every entry (a new report is one more). */
export const REPORT_HANDLERS = {
  "send-report": sendReport,
  "send-number-report": sendNumberReport,
  "sms-overall-report": smsOverallReport,
} satisfies Partial<Record<SandboxEndpoint, (ctx: HandlerContext) => ApiAnswer>>;
