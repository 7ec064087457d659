/**
 * The input of a voice call (`voice-send-sms`), checked before anything touches the upstream, its call type and
 * its fingerprint. The backend debits the voice balance before it dials and charges invalid numbers, so every
 * refusal its validation would make (and a few it would not: a multi-digit DTMF key, a call-patch number that
 * is not a mobile, an OTP that is not 4–8 digits) is made here. The checks that need the account's voice files,
 * the balance or the clock's calling window are the preview's (`voice-preview.ts`).
 */
import { createHash, createHmac } from "node:crypto";
import { z } from "zod";
import { normalizeMobileNumber } from "../quickcom/domain/numbers.js";
import { truncateToMinute } from "../quickcom/domain/schedule.js";
import type { VoiceSendRequest } from "../quickcom/types.js";
import { type FieldError, InvalidInputError } from "./errors.js";

/** `SendVoiceCallInput` as callers give it. */
export interface SendVoiceCallInput {
  voiceId: string;
  mobileNumbers: readonly string[];
  scheduleAt?: Date | null;
  dtmf?: string | null;
  callPatchNumber?: string | null;
  otp?: string | null;
  idempotencyKey?: string | null;
}

/** The backend's `MAXIMUM_NUMBERS_SENT` for one voice send (1021 above it). */
export const MAX_VOICE_RECIPIENTS = 25_000;
const MAX_NUMBER_LENGTH = 32;
const MAX_VOICE_ID_LENGTH = 64;

/** What a voice call does, from the backend's `checkObdType` (obd types 1, 2, 3 and 4). */
export type VoiceCallType = "PLAIN" | "DTMF" | "CALL_PATCH" | "VOICE_OTP";

/** The backend's obd type of each call type. */
export const VOICE_OBD_TYPES: Readonly<Record<VoiceCallType, 1 | 2 | 3 | 4>> = {
  PLAIN: 1,
  DTMF: 2,
  CALL_PATCH: 3,
  VOICE_OTP: 4,
};

function mustBeString(what: string) {
  return (issue: { input?: unknown }) => {
    if (issue.input === undefined) return `is required: ${what}`;
    return typeof issue.input === "number"
      ? `must be a string: quote the ${what} (a JSON number is refused)`
      : `must be a string: the ${what}`;
  };
}

/**
 * The contract of each `SendVoiceCallInput` field, without nullability (the schema attaches them to its input
 * fields; MCP derives its tool input from them). Rules that join two fields are in {@link validateVoiceInput}.
 */
export const VOICE_INPUT_FIELDS = {
  voiceId: z
    .string({ error: mustBeString("voiceId of one of the account's voice files (list_voice_templates)") })
    .trim()
    .min(1, "must not be empty: give the voiceId of one of the account's voice files (list_voice_templates)")
    .max(MAX_VOICE_ID_LENGTH, `must be at most ${MAX_VOICE_ID_LENGTH} characters`)
    .regex(/^[\x21-\x7e]*$/, "must be a voiceId of list_voice_templates (printable characters, no spaces)"),
  mobileNumbers: z
    .array(
      z
        .string({ error: mustBeString("mobile number") })
        .max(MAX_NUMBER_LENGTH, `must be at most ${MAX_NUMBER_LENGTH} characters`),
      { error: "must be a list of mobile numbers" },
    )
    .min(1, "must name at least one recipient")
    .max(
      MAX_VOICE_RECIPIENTS,
      `must name at most ${MAX_VOICE_RECIPIENTS} recipients (QuickCom's limit per voice send, 1021)`,
    ),
  scheduleAt: z
    .date({ error: "must be a date-time (RFC 3339 with an offset, e.g. 2026-11-25T10:30:00+05:30)" })
    .refine((d) => !Number.isNaN(d.getTime()), "must be a valid date-time"),
  dtmf: z
    .string({ error: mustBeString("DTMF key") })
    .regex(
      /^[0-9]$/,
      "must be the one key (a single digit 0-9) the callee presses; QuickCom takes only numeric keys",
    ),
  callPatchNumber: z
    .string({ error: mustBeString("call-patch number") })
    .max(MAX_NUMBER_LENGTH, `must be at most ${MAX_NUMBER_LENGTH} characters`)
    .refine(
      (v) => normalizeMobileNumber(v) !== null,
      "must be an Indian mobile number (10 digits starting 6-9, optionally prefixed +91, 91 or 0) to patch the call to",
    ),
  otp: z
    .string({ error: mustBeString("OTP code") })
    .regex(/^\d{4,8}$/, "must be 4 to 8 digits (the code the call reads out)"),
  idempotencyKey: z
    .string({ error: mustBeString("idempotency key") })
    .regex(/^[\x21-\x7e]{1,128}$/, "must be 1-128 printable ASCII characters without spaces"),
};

const schema = z
  .object({
    voiceId: VOICE_INPUT_FIELDS.voiceId,
    mobileNumbers: VOICE_INPUT_FIELDS.mobileNumbers,
    scheduleAt: VOICE_INPUT_FIELDS.scheduleAt.nullish(),
    dtmf: VOICE_INPUT_FIELDS.dtmf.nullish(),
    callPatchNumber: VOICE_INPUT_FIELDS.callPatchNumber.nullish(),
    otp: VOICE_INPUT_FIELDS.otp.nullish(),
    idempotencyKey: VOICE_INPUT_FIELDS.idempotencyKey.nullish(),
  })
  .strict();

/** The validated input: `voiceId` trimmed, `callPatchNumber` as its 10-digit national number. */
export interface ValidVoiceInput {
  voiceId: string;
  /** As given (classify them with `classifyMobileNumbers`; invalid ones are refused by the preview). */
  mobileNumbers: readonly string[];
  scheduleAt: Date | null;
  dtmf: string | null;
  callPatchNumber: string | null;
  otp: string | null;
  idempotencyKey: string | null;
}

function crossFieldProblems(v: z.infer<typeof schema>, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  if (v.callPatchNumber && !v.dtmf) {
    problems.push({
      field: "callPatchNumber",
      message: "needs dtmf: the call is patched when the callee presses that key (QuickCom requires it)",
    });
  }
  if (v.otp) {
    if (v.mobileNumbers.length !== 1) {
      problems.push({
        field: "mobileNumbers",
        message: `must be exactly one number with otp: a voice OTP calls one recipient (got ${v.mobileNumbers.length})`,
      });
    }
    if (v.dtmf) {
      problems.push({
        field: "dtmf",
        message: "must be left out with otp: a voice OTP call takes no key press",
      });
    }
    if (v.callPatchNumber) {
      problems.push({
        field: "callPatchNumber",
        message: "must be left out with otp: a voice OTP call is not patched",
      });
    }
  }
  if (v.scheduleAt && truncateToMinute(v.scheduleAt).getTime() <= now.getTime()) {
    problems.push({
      field: "scheduleAt",
      message:
        "must be in the future (schedules are sent to the minute); leave it out to call now (09:00-21:00 IST)",
    });
  }
  return problems;
}

/**
 * Validates the fields of a voice call against each other and the clock (`now`: a `scheduleAt` that is not after
 * it is refused). Throws {@link InvalidInputError} naming every bad field (never a value, so never an OTP).
 */
export function validateVoiceInput(raw: unknown, now: Date = new Date()): ValidVoiceInput {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw InvalidInputError.fromZod(parsed.error, 20);
  }
  const v = parsed.data;
  const problems = crossFieldProblems(v, now);
  if (problems.length > 0) throw new InvalidInputError(problems);
  return {
    voiceId: v.voiceId,
    mobileNumbers: v.mobileNumbers,
    scheduleAt: v.scheduleAt ?? null,
    dtmf: v.dtmf ?? null,
    callPatchNumber: v.callPatchNumber ? normalizeMobileNumber(v.callPatchNumber) : null,
    otp: v.otp ?? null,
    idempotencyKey: v.idempotencyKey ?? null,
  };
}

/** The call type the backend's `checkObdType` derives: otp → VOICE_OTP, dtmf and patch → CALL_PATCH, dtmf → DTMF. */
export function voiceCallType(
  input: Pick<ValidVoiceInput, "otp" | "dtmf" | "callPatchNumber">,
): VoiceCallType {
  if (input.otp) return "VOICE_OTP";
  if (input.dtmf && input.callPatchNumber) return "CALL_PATCH";
  return input.dtmf ? "DTMF" : "PLAIN";
}

/**
 * The client's `voice-send-sms` request for a validated input and its valid numbers (the 10-digit numbers of
 * `classifyMobileNumbers(input.mobileNumbers).valid`; refuse the invalid ones first, they would be charged).
 */
export function voiceSendRequest(input: ValidVoiceInput, validNumbers: readonly string[]): VoiceSendRequest {
  return {
    voiceId: input.voiceId,
    mobileNumbers: [...validNumbers],
    ...(input.scheduleAt ? { scheduleAt: input.scheduleAt } : {}),
    ...(input.dtmf !== null ? { dtmf: input.dtmf } : {}),
    ...(input.callPatchNumber !== null ? { callPatchNumber: input.callPatchNumber } : {}),
    ...(input.otp !== null ? { otp: input.otp } : {}),
  };
}

/** Options of {@link voiceFingerprint}. */
export interface VoiceFingerprintOptions {
  /**
   * Key of an HMAC the OTP enters the fingerprint as (e.g. one derived from the confirmation signing key, as
   * `otp-service.ts` does), so a stored fingerprint does not let anyone try the 10^4..10^8 codes offline.
   * Without it the code enters the hash as it is.
   */
  otpKey?: string | Buffer;
}

/**
 * What an idempotency key and a confirmation token are bound to: SHA-256 of a canonical JSON of everything that
 * decides what is sent (voice file, call type, key, patch number, OTP, the minute it is scheduled for) and the
 * numbers called, not the idempotency key. Needs no upstream read, so a replay costs no call.
 */
export function voiceFingerprint(
  input: ValidVoiceInput,
  validNumbers: readonly string[],
  options: VoiceFingerprintOptions = {},
): string {
  const otp =
    input.otp === null
      ? null
      : options.otpKey === undefined
        ? input.otp
        : createHmac("sha256", options.otpKey).update(input.otp).digest("hex");
  const canonical = {
    voiceId: input.voiceId,
    callType: voiceCallType(input),
    dtmf: input.dtmf,
    callPatchNumber: input.callPatchNumber,
    otp,
    scheduleMinute: input.scheduleAt ? Math.floor(input.scheduleAt.getTime() / 60_000) : null,
  };
  return createHash("sha256")
    .update(JSON.stringify(["voice", canonical, validNumbers]))
    .digest("hex");
}
