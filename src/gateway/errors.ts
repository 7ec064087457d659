/**
 * Errors the gateway reports to its callers, each with a stable `code`.
 * Upstream failures arrive as `QuickcomError`s and are translated once, by {@link fromUpstreamError};
 * GraphQL exposes every class here as an object type implementing `Error { message code }`.
 */
import type { z } from "zod";
import * as upstream from "../quickcom/client/errors.js";
import type { ChunkStatus } from "./idempotency.js";
import type { ChunkReport } from "./send-types.js";

/** Base of every error the gateway shows to a caller. `message` is safe to display. */
export abstract class GatewayError extends Error {
  /** Stable machine-readable code: an upstream error_code ("1007") or a gateway code ("CAP_EXCEEDED"). */
  abstract readonly code: string;
  override get name(): string {
    return this.constructor.name;
  }
}

/** One invalid input field. `field` is a dotted path into the input (`mobileNumbers.3`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The input is malformed; nothing was sent upstream. */
export class InvalidInputError extends GatewayError {
  readonly code = "BAD_USER_INPUT";
  constructor(readonly fieldErrors: FieldError[]) {
    super(`Invalid input: ${fieldErrors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
  }

  /** The error of a failed zod parse: one field error per issue (at most `limit`), naming no value. */
  static fromZod(error: z.ZodError, limit: number): InvalidInputError {
    return new InvalidInputError(
      error.issues.slice(0, limit).map((issue) => ({
        field: issue.path.map(String).join(".") || "input",
        message:
          issue.code === "unrecognized_keys" ? `unknown field(s): ${issue.keys.join(", ")}` : issue.message,
      })),
    );
  }
}

/** The DLT template does not exist for this account (or is inactive). */
export class TemplateNotFoundError extends GatewayError {
  readonly code = "1011";
  constructor(
    readonly dltTemplateId: string,
    message = `DLT template ${dltTemplateId} was not found among this account's approved templates.`,
  ) {
    super(message);
  }
}

/** One problem with the template variables. */
export interface VariableProblem {
  code: string;
  /** 0-based index of the variable, or null for a count mismatch. */
  index: number | null;
  message: string;
}

/** The variables do not fit the template: wrong count, too long, empty or with control characters. */
export class TemplateVariablesError extends GatewayError {
  readonly code = "TEMPLATE_VARIABLES";
  constructor(
    readonly expected: number,
    readonly problems: VariableProblem[],
  ) {
    super(problems.map((p) => p.message).join(" "));
  }
}

/** Some recipients are not valid Indian mobile numbers; nothing was sent. */
export class InvalidNumbersError extends GatewayError {
  readonly code = "INVALID_NUMBERS";
  constructor(readonly invalidNumbers: string[]) {
    const shown = invalidNumbers.slice(0, 5).join(", ");
    const more = invalidNumbers.length > 5 ? ` and ${invalidNumbers.length - 5} more` : "";
    super(
      `${invalidNumbers.length} recipient(s) are not valid Indian mobile numbers: ${shown}${more}. ` +
        "Use 10 digits starting 6-9, optionally prefixed +91, 91 or 0.",
    );
  }
}

/** The balance of the route cannot pay for the send. */
export class InsufficientBalanceError extends GatewayError {
  readonly code = "1007";
  constructor(
    message: string,
    readonly requiredCredits: number | null,
    readonly availableCredits: number | null,
  ) {
    super(message);
  }
}

/** `scheduleAt` is malformed ("1006") or not in the future ("1008"). */
export class ScheduleError extends GatewayError {
  constructor(
    readonly code: "1006" | "1008",
    message: string,
  ) {
    super(message);
  }
}

/** Promotional SMS may only be sent 09:00–21:00 IST. */
export class PromotionalHoursError extends GatewayError {
  readonly code = "1008";
}

/** The QuickCom key or secret is wrong. */
export class AuthenticationError extends GatewayError {
  readonly code = "1017";
}

/** The QuickCom account is deactivated. */
export class AccountInactiveError extends GatewayError {
  readonly code = "1016";
}

/** The QuickCom account has IP security on and the gateway's address is not whitelisted. */
export class IpNotAllowedError extends GatewayError {
  readonly code = "1001";
}

/** QuickCom has no SMS route configured for the account. */
export class GatewayNotWorkingError extends GatewayError {
  readonly code = "1018";
}

/** QuickCom rejected the request's fields ("1002"). */
export class UpstreamRejectedError extends GatewayError {
  constructor(
    readonly code: string,
    message: string,
    readonly fieldErrors: FieldError[],
  ) {
    super(message);
  }
}

/** QuickCom throttled the request. */
export class RateLimitedError extends GatewayError {
  readonly code = "RATE_LIMITED";
  constructor(
    message: string,
    readonly retryAfterSeconds: number | null,
  ) {
    super(message);
  }
}

/** QuickCom is down, timing out, answering garbage, or the circuit breaker is open. Nothing was sent. */
export class UpstreamUnavailableError extends GatewayError {
  constructor(
    readonly code: "UPSTREAM_UNAVAILABLE" | "UPSTREAM_TIMEOUT" | "UPSTREAM_BAD_RESPONSE" | string,
    message: string,
  ) {
    super(message);
  }
}

/** The send may or may not have reached QuickCom. It is never retried automatically. */
export class SendOutcomeUnknownError extends GatewayError {
  readonly code = "SEND_OUTCOME_UNKNOWN";
  constructor(
    message: string,
    readonly idempotencyKey: string | null,
  ) {
    super(message);
  }
}

/** An idempotency key was reused with a different input. */
export class IdempotencyConflictError extends GatewayError {
  readonly code = "IDEMPOTENCY_KEY_REUSED";
  constructor(readonly idempotencyKey: string) {
    super(
      `Idempotency key "${idempotencyKey}" was already used for a different send. Use a new key for a new message.`,
    );
  }
}

/**
 * The audit trail shows this idempotency key already sent (or may have sent) a message that this process no
 * longer remembers (the gateway restarted since, or another instance sent it); nothing is sent again.
 */
export class IdempotencyKeyUsedError extends GatewayError {
  readonly code = "IDEMPOTENCY_KEY_USED";
  constructor(
    readonly idempotencyKey: string,
    readonly previousOutcome: string,
    readonly usedAt: string,
    readonly campaignUuids: string[],
  ) {
    super(
      `Idempotency key "${idempotencyKey}" was used for a send at ${usedAt} (outcome ${previousOutcome}` +
        `${campaignUuids.length > 0 ? `, campaigns ${campaignUuids.join(", ")}` : ""}) whose result this gateway ` +
        "no longer holds; nothing was sent again. Check the campaign list; use a new key to send again.",
    );
  }
}

/** A send with this idempotency key is still in progress. */
export class SendInProgressError extends GatewayError {
  readonly code = "SEND_IN_PROGRESS";
  constructor(readonly idempotencyKey: string) {
    super(`A send with idempotency key "${idempotencyKey}" is still in progress; wait for its result.`);
  }
}

/**
 * The shared state engine (Redis) does not answer, so the send's guarantees (idempotency, single-use confirmation,
 * daily cap, audit trail) cannot be kept; nothing was sent.
 */
export class StateUnavailableError extends GatewayError {
  readonly code = "STATE_UNAVAILABLE";
  constructor(
    message = "The gateway's shared state store is unavailable, so the send's guarantees cannot be kept; nothing was sent. Try again shortly.",
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** An operator cap (recipients or credits per send, credits per day) would be exceeded. Nothing was sent. */
export class CapExceededError extends GatewayError {
  readonly code = "CAP_EXCEEDED";
  constructor(
    readonly cap: "SEND_MAX_RECIPIENTS" | "SEND_MAX_CREDITS" | "DAILY_MAX_CREDITS",
    readonly limit: number,
    readonly requested: number,
  ) {
    super(`This send needs ${requested} against the operator cap ${cap}=${limit}; nothing was sent.`);
  }
}

/** A campaign uuid that does not exist or is not this credential's (QuickCom cannot tell the two apart). */
export class NotFoundError extends GatewayError {
  readonly code = "NOT_FOUND";
}

/** The credential already holds as many live progress subscriptions as SUBSCRIPTION_MAX_PER_CREDENTIAL allows. */
export class SubscriptionLimitError extends GatewayError {
  readonly code = "SUBSCRIPTION_LIMIT";
}

/** The caller's gateway token lacks the scope the operation needs. */
export class ForbiddenError extends GatewayError {
  readonly code = "FORBIDDEN";
}

/** A money-spending MCP call needs the human's confirmation (or a confirmation token) first. */
export class ConfirmationRequiredError extends GatewayError {
  readonly code = "CONFIRMATION_REQUIRED";
}

/** Some chunks went out and others failed or are unknown. Retrying with the same key resends only FAILED ones. */
export class PartialSendError extends GatewayError {
  readonly code = "PARTIAL_SEND";
  constructor(
    readonly idempotencyKey: string,
    readonly chunks: ChunkReport[],
  ) {
    const count = (status: ChunkStatus) =>
      chunks.filter((c) => c.status === status).reduce((n, c) => n + c.recipients, 0);
    super(
      `Sent to ${count("SENT")} recipient(s); ${count("FAILED")} not sent (retry with the same idempotencyKey to ` +
        `send only those); ${count("UNKNOWN")} unknown (never resent automatically).`,
    );
  }
}

/** No QuickCom credentials are available for this request. */
export class CredentialsRequiredError extends GatewayError {
  readonly code = "UNAUTHENTICATED";
}

/** Why a WhatsApp template cannot be sent: not one of the account's (QuickCom's 1031), or not approved by Meta. */
export type WhatsAppTemplateProblem = "1031" | "WHATSAPP_TEMPLATE_NOT_APPROVED";

/** The template cannot be sent; nothing was sent and nothing charged. */
export class WhatsAppTemplateError extends GatewayError {
  constructor(
    readonly code: WhatsAppTemplateProblem,
    readonly templateName: string,
    message: string,
  ) {
    super(message);
  }
}

/** The operator set a credit cap but WHATSAPP_CHARGES does not state this category's charge; nothing was sent. */
export class WhatsAppChargeUnknownError extends GatewayError {
  readonly code = "WHATSAPP_CHARGE_UNKNOWN";
  constructor(readonly category: string) {
    super(
      `The WhatsApp charge of ${category || "this template's"} category is not configured (WHATSAPP_CHARGES), so the operator's credit caps cannot be checked; nothing was sent.`,
    );
  }
}

/** Translates an upstream error into the gateway error a caller sees. */
export function fromUpstreamError(error: upstream.QuickcomError): GatewayError {
  if (error instanceof upstream.QuickcomSendOutcomeUnknownError) {
    return new SendOutcomeUnknownError(
      "The send may have reached QuickCom but no answer came back. It was NOT retried: check the campaign list " +
        "before sending again, or retry with the same idempotencyKey.",
      error.idempotencyKey,
    );
  }
  if (error instanceof upstream.QuickcomAuthenticationError) return new AuthenticationError(error.message);
  if (error instanceof upstream.QuickcomAccountInactiveError) return new AccountInactiveError(error.message);
  if (error instanceof upstream.QuickcomIpNotAllowedError) return new IpNotAllowedError(error.message);
  if (error instanceof upstream.QuickcomGatewayNotWorkingError)
    return new GatewayNotWorkingError(error.message);
  if (error instanceof upstream.QuickcomTemplateNotFoundError)
    return new TemplateNotFoundError("", error.message);
  if (error instanceof upstream.QuickcomInsufficientBalanceError) {
    return new InsufficientBalanceError(error.message, null, null);
  }
  if (error instanceof upstream.QuickcomPromotionalHoursError)
    return new PromotionalHoursError(error.message);
  if (error instanceof upstream.QuickcomScheduleError) {
    return new ScheduleError(error.code === "1006" ? "1006" : "1008", error.message);
  }
  if (error instanceof upstream.UpstreamValidationError) {
    const fieldErrors = Object.entries(error.fieldErrors).flatMap(([field, messages]) =>
      messages.map((message) => ({ field, message })),
    );
    return new UpstreamRejectedError(error.code, error.message, fieldErrors);
  }
  if (error instanceof upstream.QuickcomNotFoundError && error.reason === "campaign_not_found") {
    return new NotFoundError("No campaign with this uuid belongs to this QuickCom account.");
  }
  if (error instanceof upstream.QuickcomNotFoundError) {
    return new UpstreamRejectedError(error.code, error.message, [
      { field: "mobileNumber", message: error.message },
    ]);
  }
  if (error instanceof upstream.QuickcomCampaignTokenMissingError) {
    return new UpstreamRejectedError(error.code, error.message, [
      { field: "campaignUuid", message: error.message },
    ]);
  }
  if (error instanceof upstream.QuickcomInvalidPathParameterError) {
    const field = error.parameter === "mobile" ? "mobileNumber" : "campaignUuid";
    return new InvalidInputError([{ field, message: error.message }]);
  }
  if (error instanceof upstream.QuickcomWhatsAppTemplateNotFoundError) {
    return new WhatsAppTemplateError("1031", "", error.message);
  }
  if (error instanceof upstream.QuickcomWhatsAppConfigurationError) {
    const field = error.reason === "whats_app_configurations_not_found" ? "senderNumber" : "mobileNumber";
    return new UpstreamRejectedError(error.code, error.message, [{ field, message: error.message }]);
  }
  if (error instanceof upstream.QuickcomWhatsAppChargeMissingError) {
    return new UpstreamRejectedError(error.code, error.message, [
      { field: "templateName", message: error.message },
    ]);
  }
  if (error instanceof upstream.QuickcomWhatsAppPayloadError) {
    return new UpstreamRejectedError(error.code, error.message, [
      { field: "mediaUrl", message: error.message },
    ]);
  }
  if (error instanceof upstream.QuickcomRateLimitedError) {
    const seconds = error.retryAfterMs === null ? null : Math.ceil(error.retryAfterMs / 1000);
    return new RateLimitedError(error.message, seconds);
  }
  return new UpstreamUnavailableError(error.code, error.message);
}
