/**
 * Voice calls: `SendVoiceCallInput`, `Query.voicePreview` (checks and prices a call; calls nobody) and
 * `Mutation.sendVoiceCall`, which answers `SendVoiceCallResult`: the send errors, `VoiceFileError`, or the sent
 * campaign with its voice credits.
 */
import { contract } from "../gateway/input-contract.js";
import type { Confirmable } from "../gateway/send-pipeline.js";
import { VOICE_INPUT_FIELDS } from "../gateway/voice-input.js";
import type { VoicePreview as VoicePreviewRecord } from "../gateway/voice-preview.js";
import { ACCOUNT, Account } from "./account.js";
import { builder } from "./builder.js";
import { SEND_ERRORS } from "./errors.js";
import { SentCampaign } from "./message.js";
import { VOICE_ERRORS } from "./voice.js";

const SendVoiceCallInput = builder.inputType("SendVoiceCallInput", {
  description:
    "A voice call: one of the account's approved voice files played to Indian mobile numbers. The call type " +
    "follows from the fields, as QuickCom derives it: otp → VOICE_OTP (one number), dtmf and callPatchNumber → " +
    "CALL_PATCH, dtmf → DTMF, neither → PLAIN.",
  fields: (t) => ({
    voiceId: t.string({
      required: true,
      description: "voiceId of one of the account's APPROVED voice files (see `voiceTemplates`).",
      extensions: contract(VOICE_INPUT_FIELDS.voiceId),
    }),
    mobileNumbers: t.stringList({
      required: true,
      description:
        "Recipients: Indian mobile numbers (10 digits starting 6-9, optionally +91, 91 or 0); at most 25,000. " +
        "Invalid numbers are refused (QuickCom would charge them and call nobody); duplicates are called once.",
      extensions: contract(VOICE_INPUT_FIELDS.mobileNumbers),
    }),
    scheduleAt: t.field({
      type: "DateTime",
      required: false,
      description:
        "When to call (RFC 3339 with an offset), to the minute; leave out to call now. Every voice call, of any " +
        "type, must fall between 09:00 and 21:00 IST.",
    }),
    dtmf: t.string({
      required: false,
      description:
        "The key (one digit 0-9) the callee presses: makes a DTMF call, or with callPatchNumber a call patch.",
      extensions: contract(VOICE_INPUT_FIELDS.dtmf),
    }),
    callPatchNumber: t.string({
      required: false,
      description: "The number the call is patched to when the callee presses dtmf (needs dtmf).",
      extensions: contract(VOICE_INPUT_FIELDS.callPatchNumber),
    }),
    otp: t.string({
      required: false,
      description:
        "A voice OTP (4-8 digits) the call reads out, to exactly one number; kept out of logs and the audit trail.",
      extensions: contract(VOICE_INPUT_FIELDS.otp),
    }),
    idempotencyKey: t.string({
      required: false,
      description:
        "Your key for this call (printable ASCII, no spaces). Retrying with the same key and input returns the " +
        "first result instead of calling twice. Strongly recommended.",
      extensions: contract(VOICE_INPUT_FIELDS.idempotencyKey),
    }),
    confirmationToken: t.string({
      required: false,
      description:
        "The confirmationToken of a voicePreview (MCP `preview_voice_call`) of exactly this input, after the user " +
        "agreed to it. Required for MCP sends.",
    }),
  }),
});

const VoiceIssue = builder.objectRef<VoicePreviewRecord["issues"][number]>("VoiceIssue").implement({
  description: "Something a voice call would run into; every code but DUPLICATE_NUMBERS refuses a send.",
  fields: (t) => ({
    code: t.exposeString("code", {
      description:
        "INVALID_NUMBERS, DUPLICATE_NUMBERS, VOICE_FILE_NOT_FOUND, VOICE_FILE_NOT_APPROVED, VOICE_FILE_TOO_LONG, " +
        "SCHEDULE_IN_PAST, CALLING_HOURS, INSUFFICIENT_BALANCE or BALANCE_UNKNOWN.",
    }),
    message: t.exposeString("message", { description: "What is wrong and what to do." }),
  }),
});

const VoicePreview = builder.objectRef<Confirmable<VoicePreviewRecord>>("VoicePreview").implement({
  description: "What a voice call would do. Nobody is called.",
  fields: (t) => ({
    voiceId: t.exposeString("voiceId", { description: "The voice file played." }),
    title: t.exposeString("title", { nullable: true, description: "The file's title." }),
    durationSeconds: t.exposeInt("durationSeconds", {
      nullable: true,
      description: "The file's length; null when it is not one of the account's files.",
    }),
    callType: t.exposeString("callType", { description: "PLAIN, DTMF, CALL_PATCH or VOICE_OTP." }),
    dtmf: t.exposeString("dtmf", { nullable: true, description: "The key the callee presses." }),
    callPatchNumber: t.exposeString("callPatchNumber", {
      nullable: true,
      description: "Where the call is patched to, 10 digits.",
    }),
    creditsPerCall: t.exposeInt("creditsPerCall", {
      nullable: true,
      description: "voice_sms_balance credits per number (≤30 s 1, ≤60 s 2, ≤90 s 3, ≤120 s 4).",
    }),
    validNumbers: t.exposeStringList("validNumbers", {
      description: "Numbers that will be called, 10 digits.",
    }),
    invalidNumbers: t.exposeStringList("invalidNumbers", {
      description: "Numbers refused (not Indian mobiles): a send with any is refused.",
    }),
    duplicateNumbers: t.exposeStringList("duplicateNumbers", { description: "Repeats, called once." }),
    recipients: t.exposeInt("recipients", { description: "How many numbers are called." }),
    estimatedCredits: t.exposeInt("estimatedCredits", {
      nullable: true,
      description: "recipients × creditsPerCall; null when the file's credit is unknown.",
    }),
    availableCredits: t.exposeInt("availableCredits", {
      nullable: true,
      description: "voice_sms_balance now; null if unknown.",
    }),
    sufficientBalance: t.exposeBoolean("sufficientBalance", {
      description: "Whether the voice balance is known and covers estimatedCredits.",
    }),
    scheduledAt: t.expose("scheduledAt", {
      type: "DateTime",
      nullable: true,
      description: "The minute the call is placed; null to call now.",
    }),
    issues: t.field({
      type: [VoiceIssue],
      description: "What a send would run into.",
      resolve: (p) => p.issues,
    }),
    confirmationToken: t.exposeString("confirmationToken", {
      description: "Pass to sendVoiceCall to confirm exactly this call; short-lived.",
    }),
    confirmationExpiresAt: t.expose("confirmationExpiresAt", {
      type: "DateTime",
      description: "When the confirmation token expires (RFC 3339).",
    }),
  }),
});

builder.queryField("voicePreview", (t) =>
  t.field({
    type: VoicePreview,
    description:
      "Checks and prices a voice call against the voice file, the calling hours and voice_sms_balance. Calls nobody.",
    args: { input: t.arg({ type: SendVoiceCallInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.voice.preview(ctx, input),
  }),
);

builder.mutationField("sendVoiceCall", (t) =>
  t.field({
    type: SentCampaign,
    description:
      "Places a voice call campaign (spends voice_sms_balance). Never retried automatically; use " +
      "idempotencyKey to retry safely.",
    args: { input: t.arg({ type: SendVoiceCallInput, required: true }) },
    errors: {
      types: [...SEND_ERRORS, ...VOICE_ERRORS],
      union: { name: "SendVoiceCallResult" },
      result: {
        name: "SendVoiceCallSuccess",
        fields: (r) => ({
          account: r.field({
            type: Account,
            description: "The account after the call: its balance is read afresh and shows the deduction.",
            resolve: () => ACCOUNT,
          }),
        }),
      },
      dataField: { name: "campaign" },
    },
    resolve: (_root, { input }, ctx) => ctx.voice.send(ctx, input),
  }),
);
