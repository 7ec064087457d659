/**
 * `GET /voice-templates` and `GET /voice-send-sms`, in the backend's check order: auth → validation (400, messages
 * in `data`) → schedule (1006, 1008) → 09:00–21:00 IST for every call (1008) → more than 25,000 numbers (1021) →
 * file ownership (1019) → duration credit (over 120 s: 1005) → `voice_sms_balance` (1007) → voice route (1018) →
 * gateway voice id (1020) → debit → campaign (only blank rows refunded; invalid numbers are charged).
 */

import {
  numberLimitExceeded,
  voiceFileNotVerified,
  voiceTemplateNotFound,
  voiceValidationFailed,
} from "./channel-answers.js";
import { SANDBOX_APP_URL, type SandboxVoiceCampaign } from "./channel-state.js";
import { authenticate, type HandlerContext } from "./context.js";
import { storedMobile } from "./delivery.js";
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
} from "./envelope.js";
import { istDateTimeString, istStrtotime, unixSeconds } from "./ist.js";
import { bytesToText, phpEmpty, phpIsNumeric } from "./php.js";
import type { RequestParams } from "./request.js";
import { inputNumbers, isCalendarDate, isPromotionalHour, SCHEDULE_FORMAT } from "./send-message.js";
import { uuidV1 } from "./uuid.js";

/** `MAXIMUM_NUMBERS_SENT`. */
const MAX_NUMBERS = 25_000;
/** `VOICE_INSTANT_NUM_OF_MSG_SEND`: bigger sends are queued as `Pending`. */
const INSTANT_LIMIT = 5_000;

/** `GET /voice-templates`: every `voice_uploads` row of the account, whatever its status. */
export function voiceTemplates(ctx: HandlerContext): ApiAnswer {
  const auth = authenticate(ctx);
  if ("answer" in auth) return auth.answer;
  const rows = ctx.state.voice.files
    .filter((file) => file.userNumber === auth.account.userNumber)
    .map((file) => ({
      voice_id: file.voiceId,
      file_status: file.fileStatus,
      file_location: `${SANDBOX_APP_URL}/${file.fileLocation}`,
      title: file.title,
      file_time_duration: file.durationSeconds,
      file_mime_type: file.mimeType,
      file_extension: file.extension,
    }));
  return success(ctx.times, MESSAGES.informationRetrieved, rows);
}

/** `voiceLenghtCredit()`; above 120 s the backend reads an undefined variable (1005). */
function durationCredit(seconds: number): number | null {
  if (seconds <= 30) return 1;
  if (seconds <= 60) return 2;
  if (seconds <= 90) return 3;
  if (seconds <= 120) return 4;
  return null;
}

/** Laravel's validator with voiceSendSms's rules, fields and messages in rule order. */
function validate(ctx: HandlerContext): Record<string, string[]> {
  const { params } = ctx;
  const errors: Record<string, string[]> = {};
  const get = (name: string): string | null => params.get(name) ?? null;
  const voiceId = get("voice_id");
  if (voiceId === null) errors.voice_id = ["The voice id field is required."];
  else if (!ctx.state.voice.files.some((file) => file.voiceId === voiceId)) {
    errors.voice_id = ["The selected voice id is invalid."];
  }
  const dtmf = get("dtmf");
  const patch = get("call_patch_number");
  if (dtmf === null && patch !== null) {
    errors.dtmf = ["The dtmf field is required when call patch number is present."];
  } else if (dtmf !== null && !phpIsNumeric(dtmf)) errors.dtmf = ["The dtmf must be a number."];
  if (patch !== null && !phpIsNumeric(patch)) {
    errors.call_patch_number = ["The call patch number must be a number."];
  }
  const numbers = get("mobile_numbers");
  const single = get("mobile_number");
  const otp = get("otp");
  if (numbers === null && single === null) {
    errors.mobile_numbers = ["The mobile numbers field is required when mobile number is not present."];
    errors.mobile_number = ["The mobile number field is required when mobile numbers is not present."];
  } else if (single === null && otp !== null) {
    errors.mobile_number = ["The mobile number field is required when otp is present."];
  } else if (params.has("mobile_number")) {
    const value = single ?? "";
    const messages: string[] = [];
    if (/[^0-9]/.test(value) || value.length < 10 || value.length > 12) {
      messages.push("The mobile number must be between 10 and 12 digits.");
    }
    if (!phpIsNumeric(value)) messages.push("The mobile number must be a number.");
    if (messages.length > 0) errors.mobile_number = messages;
  }
  if (single !== null && otp === null)
    errors.otp = ["The otp field is required when mobile number is present."];
  else if (params.has("otp") && !phpIsNumeric(otp ?? "")) errors.otp = ["The otp must be a number."];
  return errors;
}

/** `checkObdType()`. */
function obdType(params: RequestParams): number {
  if (!phpEmpty(params.get("otp") ?? null)) return 4;
  const dtmf = !phpEmpty(params.get("dtmf") ?? null);
  const patch = !phpEmpty(params.get("call_patch_number") ?? null);
  if (dtmf && patch) return 3;
  return dtmf ? 2 : 1;
}

/** What a voice send produced: the answer, and whether a campaign was created. */
export interface VoiceSendOutcome {
  answer: ApiAnswer;
  created: boolean;
}

/** `GET /voice-send-sms` (and `voice-send-otp`, the same handler). */
export function voiceSendSms(ctx: HandlerContext): VoiceSendOutcome {
  const refused = (answer: ApiAnswer): VoiceSendOutcome => ({ answer, created: false });
  const auth = authenticate(ctx);
  if ("answer" in auth) return refused(auth.answer);
  const account = auth.account;
  const { params, times } = ctx;

  const errors = validate(ctx);
  if (Object.keys(errors).length > 0) return refused(voiceValidationFailed(times, errors));

  const now = times.now();
  const nowSeconds = unixSeconds(now);
  const schedule = params.get("schedule_date") ?? null;
  const sendDateTime = phpEmpty(schedule) ? istDateTimeString(now) : (schedule as string);
  const sendTimestamp = istStrtotime(sendDateTime);
  if (!phpEmpty(schedule)) {
    if (!SCHEDULE_FORMAT.test(schedule as string)) return refused(invalidScheduleDate(times));
    if (sendTimestamp === false || sendTimestamp < nowSeconds) return refused(scheduleInPast(times));
  }
  if (!isPromotionalHour(sendDateTime)) return refused(promotionalHours(times));

  const numbers = inputNumbers(params);
  if (numbers.length > MAX_NUMBERS) return refused(numberLimitExceeded(times));

  const voiceId = params.get("voice_id") as string;
  const file = ctx.state.voice.files.find(
    (row) =>
      row.voiceId === voiceId && ([0, 3].includes(account.userType) || row.userNumber === account.userNumber),
  );
  if (!file) return refused(voiceTemplateNotFound(times));
  const credit = durationCredit(file.durationSeconds);
  if (credit === null) return refused(exceptionOccurred(times, "Undefined variable $credit"));
  const totalCredit = numbers.length * credit;
  if (account.voiceSmsBalance < totalCredit) return refused(insufficientBalance(times));
  if (account.routes.voice === null) return refused(gatewayNotWorking(times));
  if (file.gatewayVoiceId === null) return refused(voiceFileNotVerified(times));
  account.voiceSmsBalance -= totalCredit;

  if (!phpEmpty(schedule) && !isCalendarDate(schedule as string)) {
    return refused(exceptionOccurred(times, 'Attempt to read property "id" on bool'));
  }
  const campaign: SandboxVoiceCampaign = {
    id: ctx.state.voice.nextCampaignId++,
    uuid: uuidV1(now, ctx.random),
    userNumber: account.userNumber,
    voiceUploadId: file.id,
    obdType: obdType(params),
    dtmf: params.get("dtmf") ?? null,
    callPatchNumber: params.get("call_patch_number") ?? null,
    campaignSendDateTime: bytesToText(sendDateTime),
    messageCreditSize: credit,
    totalContacts: numbers.length,
    totalInvalidNumber: 0,
    totalCreditDeduct: totalCredit,
    status: "In-process",
    dialled: [],
  };
  ctx.state.voice.campaigns.push(campaign);

  if (numbers.length <= INSTANT_LIMIT && nowSeconds >= (sendTimestamp || 0)) {
    let blanks = 0;
    let previous: string | null | undefined;
    for (const number of numbers) {
      const current = phpEmpty(number) ? previous : storedMobile(number);
      if (phpEmpty(number)) blanks++;
      else previous = current;
      if (current === undefined) continue;
      if (current === null) campaign.totalInvalidNumber++;
      else campaign.dialled.push(current);
    }
    campaign.totalContacts -= blanks;
    campaign.totalCreditDeduct -= blanks * credit;
    account.voiceSmsBalance += blanks * credit;
    campaign.status = "Ready-to-complete";
  } else {
    campaign.status = "Pending";
  }

  const data: Record<string, unknown> = {
    campaign: "API",
    dtmf: campaign.dtmf === null ? null : bytesToText(campaign.dtmf),
    call_patch_number: campaign.callPatchNumber === null ? null : bytesToText(campaign.callPatchNumber),
    voice_upload_id: file.id,
    voice_file_path: file.fileLocation,
    campaign_send_date_time: campaign.campaignSendDateTime,
    message_credit_size: credit,
    total_contacts: campaign.totalContacts,
    total_credit_deduct: campaign.totalCreditDeduct,
    status: campaign.status,
    uuid: campaign.uuid,
  };
  if (campaign.status === "Ready-to-complete") data.total_invalid_number = campaign.totalInvalidNumber;
  return { answer: success(times, MESSAGES.campaignProcessed, data), created: true };
}
