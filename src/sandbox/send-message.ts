/**
 * `GET /send-message`, step by step in the backend's order: auth → validation (1002) → schedule format (1006)
 * → schedule in the past (1008) → promotional hours (1008) → template ownership (1011) → numbers → message
 * (v1..vN quirk, verbatim `message`, second URL-decode, `@` → Unicode) → balance (1007) → route (1018) →
 * deduction → campaign (refund of blank and invalid numbers for immediate sends, queue rows whose DLRs
 * `delivery.ts` plays out).
 */
import { authenticate, type HandlerContext } from "./context.js";
import { type MessageType, messageSize } from "./credits.js";
import { enqueueCampaign, storedMobile } from "./delivery.js";
import {
  type ApiAnswer,
  exceptionOccurred,
  gatewayNotWorking,
  insufficientBalance,
  invalidScheduleDate,
  MESSAGES,
  promotionalHours,
  scheduleInPast,
  success,
  templateNotFound,
  validationFailed,
} from "./envelope.js";
import { istDateTimeString, istHourMinute, istStrtotime, unixSeconds } from "./ist.js";
import {
  bytesToText,
  isValidUtf8,
  phpEmpty,
  phpIntCast,
  phpIsNumeric,
  phpLooseEqualsInt,
  phpUrldecode,
  replaceFirstVariableSlot,
  textToBytes,
} from "./php.js";
import type { RequestParams } from "./request.js";
import type { SandboxAccount, SandboxCampaign, SandboxTemplate } from "./state.js";
import { uuidV1 } from "./uuid.js";

/** What a send-message request produced: the answer, and the campaign when one was created. */
export interface SendOutcome {
  answer: ApiAnswer;
  campaign?: SandboxCampaign;
}

/** The backend's `schedule_date` pattern (PCRE `\s` as the separator). */
export const SCHEDULE_FORMAT =
  /^(\d{4})-((0[1-9])|(1[0-2]))-(0[1-9]|[12][0-9]|3[01])[ \t\n\v\f\r](([01][0-9]|[012][0-3]):([0-5][0-9]))*$/;
const PCRE_WHITESPACE = /[ \t\n\v\f\r]+/;

function inRouteList(value: string): boolean {
  if (["0", "1", "2", "3", "4"].includes(value)) return true;
  return phpIsNumeric(value) && [0, 1, 2, 3, 4].includes(Number(value));
}

/** Laravel's validator with the controller's rules, messages in rule order. */
function validate(params: RequestParams, templates: SandboxTemplate[]): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  const templateId = params.get("dlt_template_id") ?? null;
  if (templateId === null) errors.dlt_template_id = ["The dlt template id field is required."];
  else if (!templates.some((t) => t.dltTemplateId === templateId)) {
    errors.dlt_template_id = ["The selected dlt template id is invalid."];
  }
  const numbers = params.get("mobile_numbers") ?? null;
  const single = params.get("mobile_number") ?? null;
  if (numbers === null && single === null) {
    errors.mobile_numbers = ["The mobile numbers field is required when mobile number is not present."];
    errors.mobile_number = ["The mobile number field is required when mobile numbers is not present."];
  } else if (params.has("mobile_number")) {
    const value = single ?? "";
    const messages: string[] = [];
    if (/[^0-9]/.test(value) || value.length < 10 || value.length > 12) {
      messages.push("The mobile number must be between 10 and 12 digits.");
    }
    if (!phpIsNumeric(value)) messages.push("The mobile number must be a number.");
    if (messages.length > 0) errors.mobile_number = messages;
  }
  const route = params.get("route_type") ?? null;
  if (route !== null && !inRouteList(route)) errors.route_type = ["The selected route type is invalid."];
  return errors;
}

/** `checkPromotionalHours()`: 09:00 to 21:00 IST inclusive. */
export function isPromotionalHour(sendDateTime: string): boolean {
  const time = istHourMinute(istStrtotime(sendDateTime) || 0);
  return time >= "09:00" && time <= "21:00";
}

function findTemplate(
  ctx: HandlerContext,
  account: SandboxAccount,
  templateId: string,
): SandboxTemplate | undefined {
  const headerId = ctx.params.get("header_id") ?? null;
  return ctx.state.templates.find(
    (t) =>
      t.dltTemplateId === templateId &&
      ([0, 3].includes(account.userType) || t.userNumber === account.userNumber) &&
      (phpEmpty(headerId) || t.headerId === headerId),
  );
}

/** The controller's number list: `mobile_number` as is, else `mobile_numbers` split and `(int)`-cast. */
export function inputNumbers(params: RequestParams): string[] {
  const single = params.get("mobile_number") ?? null;
  if (!phpEmpty(single)) return [single as string];
  const numbers = params.get("mobile_numbers") ?? null;
  if (phpEmpty(numbers)) return [];
  const result: string[] = [];
  for (const word of (numbers as string).split(PCRE_WHITESPACE)) {
    for (const token of word.split(",")) {
      if (!phpEmpty(token)) result.push(phpIntCast(token));
    }
  }
  return result;
}

function renderMessage(params: RequestParams, template: SandboxTemplate): string {
  const message = params.get("message") ?? null;
  if (!phpEmpty(message)) return message as string;
  let text = textToBytes(template.body);
  const slots = params.size - 4;
  for (let i = 1; i <= slots; i++) {
    const value = params.get(`v${i}`) ?? null;
    if (!phpEmpty(value)) text = replaceFirstVariableSlot(text, value as string);
  }
  return text;
}

interface RouteCredit {
  balanceKey: "transactionalBalance" | "promotionalBalance" | "twoWaySmsBalance" | "voiceSmsBalance";
  routeId: number | null;
}

function routeCredit(account: SandboxAccount, routeType: number | string): RouteCredit {
  switch (routeType === 1 ? 1 : Number(routeType)) {
    case 2:
      return { balanceKey: "promotionalBalance", routeId: account.routes.promotional };
    case 3:
      return { balanceKey: "twoWaySmsBalance", routeId: account.routes.twoWay };
    case 4:
      return { balanceKey: "voiceSmsBalance", routeId: account.routes.voice };
    default:
      return { balanceKey: "transactionalBalance", routeId: account.routes.transactional };
  }
}

/** Whether the schedule's date exists (MySQL refuses `2030-02-30`, and the backend then fails with 1005). */
export function isCalendarDate(schedule: string): boolean {
  const [y, m, d] = schedule.slice(0, 10).split("-").map(Number);
  if (y === undefined || m === undefined || d === undefined) return false;
  return new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
}

/** `GET /send-message`; `otp` (send-otp, same handler) checks the account's OTP route instead of the balance's. */
export function sendMessage(ctx: HandlerContext, otp = false): SendOutcome {
  const auth = authenticate(ctx);
  if ("answer" in auth) return { answer: auth.answer };
  const account = auth.account;
  const { params, times } = ctx;

  const errors = validate(params, ctx.state.templates);
  if (Object.keys(errors).length > 0) return { answer: validationFailed(times, errors) };

  const now = times.now();
  const nowSeconds = unixSeconds(now);
  const schedule = params.get("schedule_date") ?? null;
  const sendDateTime = phpEmpty(schedule) ? istDateTimeString(now) : (schedule as string);
  const sendTimestamp = istStrtotime(sendDateTime);
  if (!phpEmpty(schedule)) {
    if (!SCHEDULE_FORMAT.test(schedule as string)) return { answer: invalidScheduleDate(times) };
    if (sendTimestamp === false || sendTimestamp < nowSeconds) return { answer: scheduleInPast(times) };
  }

  const rawRoute = params.get("route_type") ?? null;
  const routeType: number | string =
    phpLooseEqualsInt(rawRoute, 0) || phpLooseEqualsInt(rawRoute, 1) || phpEmpty(rawRoute)
      ? 1
      : (rawRoute as string);
  if (routeType !== 1 && Number(routeType) === 2 && !isPromotionalHour(sendDateTime)) {
    return { answer: promotionalHours(times) };
  }

  const template = findTemplate(ctx, account, params.get("dlt_template_id") as string);
  if (!template) return { answer: templateNotFound(times) };

  const numbers = inputNumbers(params);
  let messageType: MessageType = template.isUnicode === 1 ? 2 : 1;
  const message = phpUrldecode(renderMessage(params, template));
  if (messageType === 1 && message.includes("@")) messageType = 2;
  const size = messageSize(messageType, message);
  const totalCredit = numbers.length * size.creditSize;

  const route = routeCredit(account, routeType);
  if (account[route.balanceKey] < totalCredit) return { answer: insufficientBalance(times) };
  const routeId = otp ? account.routes.otp : route.routeId;
  if (routeId === null) return { answer: gatewayNotWorking(times) };
  account[route.balanceKey] -= totalCredit;

  if (!phpEmpty(schedule) && !isCalendarDate(schedule as string)) {
    return { answer: exceptionOccurred(times, 'Attempt to read property "id" on bool') };
  }

  const campaign: SandboxCampaign = {
    id: ctx.state.nextCampaignId++,
    userNumber: account.userNumber,
    uuid: uuidV1(now, ctx.random),
    campaign: "API",
    senderId: template.senderId,
    routeType: typeof routeType === "string" ? bytesToText(routeType) : routeType,
    smsType: "1",
    message: bytesToText(message),
    messageType: String(messageType),
    isFlash: phpLooseEqualsInt(params.get("is_flash") ?? null, 1) ? 1 : 0,
    campaignSendDateTime:
      sendTimestamp === false ? sendDateTime : istDateTimeString(new Date(sendTimestamp * 1000)),
    messageCount: size.characterCount,
    messageCreditSize: size.creditSize,
    totalContacts: numbers.length,
    totalBlockNumber: 0,
    totalInvalidNumber: 0,
    totalCreditDeduct: totalCredit,
    totalDelivered: 0,
    totalFailed: 0,
    status: "In-process",
  };
  ctx.state.campaigns.push(campaign);

  if (nowSeconds >= (sendTimestamp || 0)) {
    const blanks = numbers.filter((n) => phpEmpty(n)).length;
    const invalid = numbers.filter((n) => !phpEmpty(n) && storedMobile(n) === null).length;
    const refund = (invalid + blanks) * size.creditSize;
    campaign.totalContacts -= blanks;
    campaign.totalInvalidNumber = invalid;
    campaign.totalCreditDeduct -= refund;
    campaign.status = "Ready-to-complete";
    account[route.balanceKey] += refund;
    enqueueCampaign(ctx.state, ctx.delivery, campaign, numbers, now.getTime());
  } else {
    campaign.status = "Pending";
  }

  if (!isValidUtf8(message)) {
    return {
      answer: exceptionOccurred(times, "Malformed UTF-8 characters, possibly incorrectly encoded"),
      campaign,
    };
  }
  const answer = success(times, MESSAGES.campaignProcessed, {
    campaign: campaign.campaign,
    sender_id: campaign.senderId,
    route_type: campaign.routeType,
    sms_type: 1,
    message: campaign.message,
    is_flash: campaign.isFlash,
    campaign_send_date_time: bytesToText(sendDateTime),
    message_count: campaign.messageCount,
    message_credit_size: campaign.messageCreditSize,
    total_contacts: campaign.totalContacts,
    total_credit_deduct: campaign.totalCreditDeduct,
    status: campaign.status,
    uuid: campaign.uuid,
    total_invalid_number: campaign.totalInvalidNumber,
  });
  return { answer, campaign };
}
