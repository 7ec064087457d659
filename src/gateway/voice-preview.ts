/**
 * The preview of a voice call, pure: the account's voice file it plays, the call type, the duration credit
 * (`voiceLenghtCredit`: ≤30 s 1, ≤60 s 2, ≤90 s 3, ≤120 s 4 per number) times the numbers against
 * `voice_sms_balance`, when it is placed, and every issue; and {@link refuseUnsendableVoice}, which turns the
 * issues QuickCom would refuse or bill wrongly into typed errors before any money moves.
 */
import { voiceCreditsPerCall } from "../quickcom/client/responses.js";
import type { NumberClassification } from "../quickcom/domain/numbers.js";
import {
  checkSchedule,
  formatIstMinute,
  isWithinPromotionalWindow,
  truncateToMinute,
} from "../quickcom/domain/schedule.js";
import type { VoiceFileStatus, VoiceTemplate } from "../quickcom/types.js";
import {
  InsufficientBalanceError,
  InvalidNumbersError,
  PromotionalHoursError,
  ScheduleError,
} from "./errors.js";
import { VoiceFileError } from "./voice-errors.js";
import { type ValidVoiceInput, type VoiceCallType, voiceCallType } from "./voice-input.js";

/** Longest voice file QuickCom has a duration credit for. */
export const MAX_VOICE_FILE_SECONDS = 120;

/** What a preview found; the codes marked blocking make {@link refuseUnsendableVoice} throw. */
export type VoiceIssueCode =
  /** Blocking: some numbers are not Indian mobiles (QuickCom would charge them and dial nobody). */
  | "INVALID_NUMBERS"
  /** Not blocking: repeated numbers are called once. */
  | "DUPLICATE_NUMBERS"
  /** Blocking: the voiceId is not one of the account's files (1019). */
  | "VOICE_FILE_NOT_FOUND"
  /** Blocking: the file is not approved (1020). */
  | "VOICE_FILE_NOT_APPROVED"
  /** Blocking: the file is over 120 s (QuickCom fails with 1005). */
  | "VOICE_FILE_TOO_LONG"
  /** Blocking: scheduleAt, to the minute, is not after now (1008). */
  | "SCHEDULE_IN_PAST"
  /** Blocking: the call would be placed outside 09:00–21:00 IST (1008), whatever its type. */
  | "CALLING_HOURS"
  /** Blocking: the voice balance cannot pay for the calls (1007). */
  | "INSUFFICIENT_BALANCE"
  /** Blocking: the voice balance could not be read. */
  | "BALANCE_UNKNOWN";

/** One issue of a preview. */
export interface VoiceIssue {
  code: VoiceIssueCode;
  message: string;
}

/** What a voice call would do; calls nobody. */
export interface VoicePreview {
  voiceId: string;
  /** The file's title; null when the file is not the account's or has none. */
  title: string | null;
  /** Null when the file is not the account's. */
  durationSeconds: number | null;
  /** Null when the file is not the account's. */
  fileStatus: VoiceFileStatus | null;
  callType: VoiceCallType;
  dtmf: string | null;
  callPatchNumber: string | null;
  /** Credits per number for the file's duration; null when unknown or over 120 s. */
  creditsPerCall: number | null;
  /** Unique 10-digit numbers that will be called. */
  validNumbers: string[];
  invalidNumbers: string[];
  duplicateNumbers: string[];
  /** How many numbers are called (`validNumbers.length`). */
  recipients: number;
  /** `recipients × creditsPerCall`; null when `creditsPerCall` is. */
  estimatedCredits: number | null;
  /** `voice_sms_balance`, or null when it could not be read. */
  availableCredits: number | null;
  /** Whether the balance is known and pays for `estimatedCredits`. */
  sufficientBalance: boolean;
  /** The minute the call is scheduled for (as sent), or null to call now. */
  scheduledAt: Date | null;
  issues: VoiceIssue[];
}

/** Arguments of {@link buildVoicePreview}. */
export interface VoicePreviewArgs {
  input: ValidVoiceInput;
  /** `classifyMobileNumbers(input.mobileNumbers)`, which callers need before the upstream reads. */
  numbers: NumberClassification;
  /** The account's voice files (`voice-templates`). */
  templates: readonly VoiceTemplate[];
  /** `voice_sms_balance`, or null when unknown. */
  balance: number | null;
  now: Date;
}

/** What each `file_status` (1 pending, 2 process, 3 approved, 4 rejected) means for a send. */
const STATUS_WHY: Readonly<Record<VoiceFileStatus, string>> = {
  pending: "QuickCom has not verified this voice file yet",
  process: "QuickCom is still reviewing this voice file",
  rejected: "QuickCom rejected this voice file",
  approved: "",
  unknown: "QuickCom reports a review status the gateway does not know",
};

/**
 * Why a voice file cannot be called with whatever the input, or null when it can: not approved (its
 * `file_status` and what that means; QuickCom would answer 1020), or longer than 120 s (QuickCom has no credit
 * for it and fails with 1005). An approved file may still be unverified on QuickCom's voice gateway, which only
 * the send shows (1020).
 */
export function voiceFileUnusableReason(file: VoiceTemplate): string | null {
  return voiceFileRefusal(file)?.reason ?? null;
}

function voiceFileRefusal(file: VoiceTemplate): { code: VoiceIssueCode; reason: string } | null {
  if (file.status !== "approved") {
    const raw = file.status === "unknown" ? ` (${file.statusCode ?? "none"})` : "";
    return {
      code: "VOICE_FILE_NOT_APPROVED",
      reason: `file_status is ${file.status}${raw}: ${STATUS_WHY[file.status]}; a send would fail with 1020`,
    };
  }
  if (voiceCreditsPerCall(file.durationSeconds) === null) {
    return {
      code: "VOICE_FILE_TOO_LONG",
      reason: `the file is ${file.durationSeconds} s long and QuickCom bills voice files of at most ${MAX_VOICE_FILE_SECONDS} s; a send would fail with 1005 (outcome unknown)`,
    };
  }
  return null;
}

function fileIssues(input: ValidVoiceInput, file: VoiceTemplate | undefined): VoiceIssue[] {
  if (!file) {
    return [
      {
        code: "VOICE_FILE_NOT_FOUND",
        message: `Voice file ${input.voiceId} is not one of this account's voice files (list_voice_templates shows them); QuickCom would answer 1019.`,
      },
    ];
  }
  const refusal = voiceFileRefusal(file);
  if (!refusal) return [];
  return [{ code: refusal.code, message: `Voice file ${file.voiceId} cannot be used: ${refusal.reason}.` }];
}

function scheduleIssues(input: ValidVoiceInput, now: Date): VoiceIssue[] {
  // Route 1 never yields PROMOTIONAL_HOURS: the window is checked below for every call type.
  const issues: VoiceIssue[] = checkSchedule({ route: 1, scheduleAt: input.scheduleAt, now }).flatMap(
    (issue) => (issue.code === "SCHEDULE_IN_PAST" ? [{ code: issue.code, message: issue.message }] : []),
  );
  const sendAt = input.scheduleAt ? truncateToMinute(input.scheduleAt) : now;
  if (!isWithinPromotionalWindow(sendAt)) {
    issues.push({
      code: "CALLING_HOURS",
      message: `Voice calls (every type, transactional ones too) can only be placed between 09:00 and 21:00 IST, and ${formatIstMinute(sendAt)} IST is outside that window.`,
    });
  }
  return issues;
}

/** Prices a validated voice call. Reports every problem in `issues`; throws nothing. */
export function buildVoicePreview({
  input,
  numbers,
  templates,
  balance,
  now,
}: VoicePreviewArgs): VoicePreview {
  const file = templates.find((t) => t.voiceId === input.voiceId);
  const issues: VoiceIssue[] = [];
  if (numbers.invalid.length > 0) {
    issues.push({
      code: "INVALID_NUMBERS",
      message: `${numbers.invalid.length} recipient(s) are not valid Indian mobile numbers; QuickCom would charge each of them, so a send is refused.`,
    });
  }
  if (numbers.duplicates.length > 0) {
    issues.push({
      code: "DUPLICATE_NUMBERS",
      message: `${numbers.duplicates.length} duplicate recipient(s) will be called once (QuickCom would charge each copy).`,
    });
  }
  issues.push(...fileIssues(input, file));
  issues.push(...scheduleIssues(input, now));

  const creditsPerCall = file ? voiceCreditsPerCall(file.durationSeconds) : null;
  const recipients = numbers.valid.length;
  const estimatedCredits = creditsPerCall === null ? null : recipients * creditsPerCall;
  const sufficientBalance = estimatedCredits !== null && balance !== null && estimatedCredits <= balance;
  if (balance === null) {
    issues.push({
      code: "BALANCE_UNKNOWN",
      message: "The voice balance could not be read, so the cost cannot be checked against it.",
    });
  } else if (estimatedCredits !== null && !sufficientBalance) {
    issues.push({
      code: "INSUFFICIENT_BALANCE",
      message: `The calls need ${estimatedCredits} voice credits but the voice balance is ${balance}.`,
    });
  }

  return {
    voiceId: input.voiceId,
    title: file?.title ?? null,
    durationSeconds: file?.durationSeconds ?? null,
    fileStatus: file?.status ?? null,
    callType: voiceCallType(input),
    dtmf: input.dtmf,
    callPatchNumber: input.callPatchNumber,
    creditsPerCall,
    validNumbers: numbers.valid,
    invalidNumbers: numbers.invalid,
    duplicateNumbers: numbers.duplicates,
    recipients,
    estimatedCredits,
    availableCredits: balance,
    sufficientBalance,
    scheduledAt: input.scheduleAt ? truncateToMinute(input.scheduleAt) : null,
    issues,
  };
}

/**
 * Refuses what QuickCom would refuse or bill wrongly, before any money moves, in this order: invalid numbers
 * ({@link InvalidNumbersError}), the voice file ({@link VoiceFileError}: 1019 not the account's, 1020 not
 * approved, VOICE_FILE_TOO_LONG), a schedule not in the future ({@link ScheduleError} 1008), outside
 * 09:00–21:00 IST ({@link PromotionalHoursError} 1008, every call type) and the voice balance
 * ({@link InsufficientBalanceError} 1007, also when it could not be read). Returns when nothing blocks.
 */
export function refuseUnsendableVoice(preview: VoicePreview): void {
  const issue = (code: VoiceIssueCode) => preview.issues.find((i) => i.code === code);
  if (issue("INVALID_NUMBERS")) throw new InvalidNumbersError(preview.invalidNumbers);
  const fileErrors: Array<[VoiceIssueCode, VoiceFileError["code"]]> = [
    ["VOICE_FILE_NOT_FOUND", "1019"],
    ["VOICE_FILE_NOT_APPROVED", "1020"],
    ["VOICE_FILE_TOO_LONG", "VOICE_FILE_TOO_LONG"],
  ];
  for (const [code, errorCode] of fileErrors) {
    const found = issue(code);
    if (found) {
      throw new VoiceFileError(
        errorCode,
        preview.voiceId,
        `${found.message} Nothing was sent.`,
        preview.fileStatus,
        preview.durationSeconds,
      );
    }
  }
  const past = issue("SCHEDULE_IN_PAST");
  if (past) throw new ScheduleError("1008", past.message);
  const hours = issue("CALLING_HOURS");
  if (hours) throw new PromotionalHoursError(hours.message);
  if (!preview.sufficientBalance) {
    const why =
      preview.availableCredits === null
        ? "the voice balance could not be read"
        : `the voice balance is ${preview.availableCredits}`;
    throw new InsufficientBalanceError(
      `These calls need ${preview.estimatedCredits ?? "?"} voice credits but ${why}; nothing was sent.`,
      preview.estimatedCredits,
      preview.availableCredits,
    );
  }
}
