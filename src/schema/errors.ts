/**
 * The `Error` interface and one object type per typed failure of `sendMessage`.
 */

import { errorTypeDescription } from "../gateway/error-catalogue.js";
import {
  AccountInactiveError,
  AuthenticationError,
  CapExceededError,
  ConfirmationRequiredError,
  ForbiddenError,
  type GatewayError,
  GatewayNotWorkingError,
  IdempotencyConflictError,
  IdempotencyKeyUsedError,
  InsufficientBalanceError,
  InvalidInputError,
  InvalidNumbersError,
  IpNotAllowedError,
  PartialSendError,
  PromotionalHoursError,
  RateLimitedError,
  ScheduleError,
  SendInProgressError,
  SendOutcomeUnknownError,
  StateUnavailableError,
  TemplateNotFoundError,
  TemplateVariablesError,
  UpstreamRejectedError,
  UpstreamUnavailableError,
  WhatsAppTemplateError,
} from "../gateway/errors.js";
import type { ChunkReport } from "../gateway/send-types.js";
import { builder } from "./builder.js";

/** `interface Error { message code }`, implemented by every typed failure. */
export const ErrorInterface = builder.interfaceRef<{ message: string; code: string }>("Error").implement({
  description: "A failure the caller can act on. `code` is stable: an upstream error_code or a gateway code.",
  fields: (t) => ({
    message: t.exposeString("message"),
    code: t.exposeString("code"),
  }),
});

const FieldErrorRef = builder.objectRef<{ field: string; message: string }>("FieldError").implement({
  description: "One invalid input field; `field` is a dotted path such as `mobileNumbers.3`.",
  fields: (t) => ({ field: t.exposeString("field"), message: t.exposeString("message") }),
});

const VariableProblemRef = builder
  .objectRef<{ code: string; index: number | null; message: string }>("VariableProblem")
  .implement({
    description: "One problem with a template variable; `index` is 0-based, null for a count mismatch.",
    fields: (t) => ({
      code: t.exposeString("code"),
      index: t.exposeInt("index", { nullable: true }),
      message: t.exposeString("message"),
    }),
  });

/** One chunk of a (bulk) send. */
export const SendChunkRef = builder.objectRef<ChunkReport>("SendChunk").implement({
  description: "One upstream request of a send. Bulk sends are split so each URL stays under the limit.",
  fields: (t) => ({
    index: t.exposeInt("index", { description: "0-based chunk number." }),
    recipients: t.exposeInt("recipients", { description: "Recipients in this chunk." }),
    status: t.exposeString("status", { description: "SENT, FAILED (certainly not sent) or UNKNOWN." }),
    uuid: t.exposeString("uuid", { nullable: true, description: "QuickCom campaign UUID of the chunk." }),
    creditsDeducted: t.exposeInt("creditsDeducted", {
      description: "Credits QuickCom deducted for the chunk.",
    }),
    code: t.exposeString("code", { nullable: true, description: "Error code of a failed chunk." }),
    message: t.exposeString("message", { nullable: true, description: "Error message of a failed chunk." }),
  }),
});

/**
 * Registers an error class whose only fields are `message` and `code`, under an explicit GraphQL name (a class
 * name is a JavaScript identifier that a bundler may rename).
 */
function plainError(
  name: string,
  // biome-ignore lint/suspicious/noExplicitAny: Pothos takes any constructor as an object type
  cls: new (...args: any[]) => GatewayError,
) {
  builder.objectType(cls, {
    name,
    description: errorTypeDescription(name),
    interfaces: [ErrorInterface],
    isTypeOf: (value) => value instanceof cls,
    fields: () => ({}),
  });
  return cls;
}

builder.objectType(InvalidInputError, {
  name: "InvalidInputError",
  description: errorTypeDescription("InvalidInputError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidInputError,
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(TemplateVariablesError, {
  name: "TemplateVariablesError",
  description: errorTypeDescription("TemplateVariablesError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TemplateVariablesError,
  fields: (t) => ({
    expected: t.exposeInt("expected", { description: "Number of `{#var#}` slots in the template." }),
    problems: t.field({ type: [VariableProblemRef], resolve: (e) => e.problems }),
  }),
});

builder.objectType(InvalidNumbersError, {
  name: "InvalidNumbersError",
  description: errorTypeDescription("InvalidNumbersError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidNumbersError,
  fields: (t) => ({ invalidNumbers: t.exposeStringList("invalidNumbers") }),
});

builder.objectType(InsufficientBalanceError, {
  name: "InsufficientBalanceError",
  description: errorTypeDescription("InsufficientBalanceError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InsufficientBalanceError,
  fields: (t) => ({
    requiredCredits: t.exposeInt("requiredCredits", { nullable: true }),
    availableCredits: t.exposeInt("availableCredits", { nullable: true }),
  }),
});

builder.objectType(UpstreamRejectedError, {
  name: "UpstreamRejectedError",
  description: errorTypeDescription("UpstreamRejectedError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof UpstreamRejectedError,
  fields: (t) => ({ fieldErrors: t.field({ type: [FieldErrorRef], resolve: (e) => e.fieldErrors }) }),
});

builder.objectType(RateLimitedError, {
  name: "RateLimitedError",
  description: errorTypeDescription("RateLimitedError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof RateLimitedError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt("retryAfterSeconds", { nullable: true }) }),
});

builder.objectType(SendOutcomeUnknownError, {
  name: "SendOutcomeUnknownError",
  description: errorTypeDescription("SendOutcomeUnknownError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof SendOutcomeUnknownError,
  fields: (t) => ({ idempotencyKey: t.exposeString("idempotencyKey", { nullable: true }) }),
});

builder.objectType(PartialSendError, {
  name: "PartialSendError",
  description: errorTypeDescription("PartialSendError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof PartialSendError,
  fields: (t) => ({
    idempotencyKey: t.exposeString("idempotencyKey"),
    chunks: t.field({ type: [SendChunkRef], resolve: (e) => e.chunks }),
  }),
});

builder.objectType(CapExceededError, {
  name: "CapExceededError",
  description: errorTypeDescription("CapExceededError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof CapExceededError,
  fields: (t) => ({
    cap: t.exposeString("cap"),
    limit: t.exposeInt("limit"),
    requested: t.exposeInt("requested"),
  }),
});

builder.objectType(IdempotencyKeyUsedError, {
  name: "IdempotencyKeyUsedError",
  description: errorTypeDescription("IdempotencyKeyUsedError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof IdempotencyKeyUsedError,
  fields: (t) => ({
    idempotencyKey: t.exposeString("idempotencyKey"),
    previousOutcome: t.exposeString("previousOutcome", {
      description: "SENT, PARTIAL, UNKNOWN, REPLAYED, or STARTED (still under way elsewhere).",
    }),
    usedAt: t.exposeString("usedAt", { description: "When the key was used (RFC 3339)." }),
    campaignUuids: t.exposeStringList("campaignUuids", { description: "Campaigns QuickCom created for it." }),
  }),
});

builder.objectType(WhatsAppTemplateError, {
  name: "WhatsAppTemplateError",
  description: errorTypeDescription("WhatsAppTemplateError"),
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof WhatsAppTemplateError,
  fields: (t) => ({
    templateName: t.exposeString("templateName", {
      description: "The template asked for (empty when QuickCom refused it).",
    }),
  }),
});

/** Every error class `sendMessage` returns as a typed result. */
export const SEND_ERRORS = [
  InvalidInputError,
  TemplateVariablesError,
  InvalidNumbersError,
  InsufficientBalanceError,
  UpstreamRejectedError,
  RateLimitedError,
  SendOutcomeUnknownError,
  PartialSendError,
  CapExceededError,
  IdempotencyKeyUsedError,
  WhatsAppTemplateError,
  plainError("TemplateNotFoundError", TemplateNotFoundError),
  plainError("ScheduleError", ScheduleError),
  plainError("PromotionalHoursError", PromotionalHoursError),
  plainError("AuthenticationError", AuthenticationError),
  plainError("AccountInactiveError", AccountInactiveError),
  plainError("IpNotAllowedError", IpNotAllowedError),
  plainError("GatewayNotWorkingError", GatewayNotWorkingError),
  plainError("UpstreamUnavailableError", UpstreamUnavailableError),
  plainError("IdempotencyConflictError", IdempotencyConflictError),
  plainError("SendInProgressError", SendInProgressError),
  plainError("StateUnavailableError", StateUnavailableError),
  plainError("ForbiddenError", ForbiddenError),
  plainError("ConfirmationRequiredError", ConfirmationRequiredError),
];
