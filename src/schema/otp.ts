/**
 * `Mutation.sendOtp`: one OTP SMS to one number over QuickCom's send-otp route, with `SendOtpInput`, the
 * `OtpSent` payload (the only place the code ever appears) and the `SendOtpResult` union of typed errors.
 */

import { errorTypeDescription } from "../gateway/error-catalogue.js";
import {
  ConfirmationRequiredError,
  PartialSendError,
  PromotionalHoursError,
  ScheduleError,
} from "../gateway/errors.js";
import { contract } from "../gateway/input-contract.js";
import type { OtpSent } from "../gateway/otp-channel.js";
import { OtpTemplateError, OtpThrottledError } from "../gateway/otp-errors.js";
import { OTP_INPUT_FIELDS } from "../gateway/otp-input.js";
import { ACCOUNT, Account } from "./account.js";
import { builder } from "./builder.js";
import { ErrorInterface, SEND_ERRORS } from "./errors.js";

const SendOtpInput = builder.inputType("SendOtpInput", {
  description: "One OTP SMS to one number, over QuickCom's OTP route.",
  fields: (t) => ({
    dltTemplateId: t.string({
      required: true,
      description:
        "DLT template ID of an approved OTP template: its text says it carries a one-time code and has exactly one " +
        "`{#var#}`, which the code fills.",
      extensions: contract(OTP_INPUT_FIELDS.dltTemplateId),
    }),
    mobileNumber: t.string({
      required: true,
      description:
        "The one recipient: an Indian mobile number, 10 digits starting 6-9, optionally prefixed +91, 91 or 0.",
      extensions: contract(OTP_INPUT_FIELDS.mobileNumber),
    }),
    code: t.string({
      required: false,
      description:
        "The code to send (4 to 8 digits). Omit it to let the gateway generate one with a cryptographic random " +
        "generator (recommended); the result returns it either way.",
      extensions: contract(OTP_INPUT_FIELDS.code),
    }),
    codeLength: t.int({
      required: false,
      description:
        "Digits of a generated code, 4 to 8 (default OTP_CODE_LENGTH, 6). Ignored when code is given.",
      extensions: contract(OTP_INPUT_FIELDS.codeLength),
    }),
    idempotencyKey: t.string({
      required: false,
      description:
        "Your key for this OTP (printable ASCII, no spaces). Retrying with the same key and input returns the first " +
        "result, with the same code, and sends nothing. Strongly recommended.",
      extensions: contract(OTP_INPUT_FIELDS.idempotencyKey),
    }),
  }),
});

const OtpSentRef = builder.objectRef<OtpSent>("OtpSent").implement({
  description:
    "An OTP that went out. `code` is in this answer only: never logged, audited or stored in clear.",
  fields: (t) => ({
    code: t.exposeString("code", {
      description: "The code sent, so the caller can check what the user types. Keep it secret.",
    }),
    codeGenerated: t.exposeBoolean("codeGenerated", {
      description: "True when the gateway generated the code (none was given).",
    }),
    mobileNumber: t.exposeString("mobileNumber", { description: "The recipient, normalised to 10 digits." }),
    uuid: t.exposeString("uuid", { description: "QuickCom campaign UUID (for the delivery report)." }),
    senderId: t.exposeString("senderId", { description: "Sender ID the SMS goes out with." }),
    status: t.exposeString("status", { description: "QuickCom's campaign status (Ready-to-complete)." }),
    creditsPerMessage: t.exposeInt("creditsPerMessage", { description: "Credits per recipient." }),
    creditsDeducted: t.exposeInt("creditsDeducted", { description: "Credits spent." }),
    idempotencyKey: t.exposeString("idempotencyKey", {
      description: "Key under which this OTP is stored; reuse it to retry safely.",
    }),
    replayed: t.exposeBoolean("replayed", {
      description: "True when this is the stored result of an earlier send (nothing was sent now).",
    }),
  }),
});

builder.objectType(OtpTemplateError, {
  name: "OtpTemplateError",
  description: errorTypeDescription("OtpTemplateError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof OtpTemplateError,
  fields: (t) => ({
    dltTemplateId: t.exposeString("dltTemplateId"),
    reason: t.exposeString("reason", { description: "NOT_OTP_TEMPLATE or VARIABLE_COUNT." }),
    variableCount: t.exposeInt("variableCount", { description: "`{#var#}` slots of the template." }),
  }),
});

builder.objectType(OtpThrottledError, {
  name: "OtpThrottledError",
  description: errorTypeDescription("OtpThrottledError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof OtpThrottledError,
  fields: (t) => ({
    retryAfterSeconds: t.exposeInt("retryAfterSeconds", {
      nullable: true,
      description:
        "Seconds until the next OTP to this number may be sent (never null; typed like RateLimitedError's).",
    }),
    retryAt: t.expose("retryAt", {
      type: "DateTime",
      description: "When the next OTP may be sent (RFC 3339).",
    }),
  }),
});

/** What sendOtp can fail with: the send path's errors that apply to one immediate message, and its own. */
const NOT_FOR_OTP = new Set<unknown>([
  PartialSendError,
  ScheduleError,
  PromotionalHoursError,
  ConfirmationRequiredError,
]);
const OTP_ERRORS = [
  ...SEND_ERRORS.filter((cls) => !NOT_FOR_OTP.has(cls)),
  OtpTemplateError,
  OtpThrottledError,
];

builder.mutationField("sendOtp", (t) =>
  t.field({
    type: OtpSentRef,
    description:
      "Sends one OTP SMS over QuickCom's OTP route; the gateway generates the code unless one is given, and returns " +
      "it. Throttled per number (OTP_THROTTLE); never retried automatically; use idempotencyKey to retry safely.",
    args: { input: t.arg({ type: SendOtpInput, required: true }) },
    errors: {
      types: OTP_ERRORS,
      union: { name: "SendOtpResult" },
      result: {
        name: "SendOtpSuccess",
        fields: (t) => ({
          account: t.field({
            type: Account,
            description: "The account after the send: its balance is read afresh and shows the deduction.",
            resolve: () => ACCOUNT,
          }),
        }),
      },
      dataField: { name: "otp" },
    },
    resolve: (_root, { input }, ctx) => ctx.otp.send(ctx, input),
  }),
);
