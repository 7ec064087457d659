import type { Endpoint } from "./endpoints.js";
import { parseRetryAfterMs } from "./rate-limit.js";

/** What every QuickCom error carries besides its message. */
export interface QuickcomErrorInit {
  /** Upstream `error_code` as a string (`"1017"`) or a client code (`"UPSTREAM_TIMEOUT"`). */
  code: string;
  /** HTTP status of the answer; `null` when there was no answer. */
  status: number | null;
  endpoint: Endpoint;
  /** Whether repeating the same read may succeed (transient fault). Never acted upon for sends. */
  retryable: boolean;
  /** A sanitised underlying error: no URL, no secret. */
  cause?: unknown;
}

/** Arguments of {@link QuickcomError.generate}: one upstream answer that is not a success. */
export interface GenerateErrorArgs {
  endpoint: Endpoint;
  status: number;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  body: unknown;
  headers: Pick<Headers, "get">;
  /** Strings (the app secret) that must not survive into any message; replaced by `[redacted]`. */
  redact?: readonly string[];
}

const MAX_MESSAGE_LENGTH = 500;

/**
 * Base of the single QuickCom error hierarchy. Messages are safe to show to humans: the upstream's own
 * message where it has one, never a URL, never a secret.
 */
export class QuickcomError extends Error {
  readonly code: string;
  readonly status: number | null;
  readonly endpoint: Endpoint;
  readonly retryable: boolean;

  /** Builds an error; prefer {@link QuickcomError.generate} for upstream answers. */
  constructor(message: string, init: QuickcomErrorInit) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = new.target.name;
    this.code = init.code;
    this.status = init.status;
    this.endpoint = init.endpoint;
    this.retryable = init.retryable;
  }

  /**
   * Turns one non-successful upstream answer into the matching error class: the envelope's `error_code`
   * first, then 429 (plain `Too Many Attempts.` body) and bare 5xx, else a malformed response.
   */
  static generate(args: GenerateErrorArgs): QuickcomError {
    const { endpoint, status, body, headers } = args;
    const clean = (text: string): string => sanitizeText(text, args.redact ?? []);
    if (status === 429) {
      const retryAfterMs = parseRetryAfterMs(headers);
      return new QuickcomRateLimitedError(
        "QuickCom rate limit reached (Too Many Attempts); try again later.",
        {
          code: "RATE_LIMITED",
          status,
          endpoint,
          retryable: true,
          retryAfterMs,
        },
      );
    }
    const envelope = readErrorEnvelope(body);
    if (envelope?.errorCode) {
      return fromUpstreamCode(envelope.errorCode, envelope, { endpoint, status }, clean);
    }
    if (envelope && status === 400 && isFieldErrorMap(envelope.data)) {
      return new UpstreamValidationError(clean(envelope.message ?? DEFAULT_MESSAGES["1002"] ?? ""), {
        code: "1002",
        status,
        endpoint,
        retryable: false,
        fieldErrors: readFieldErrors(envelope.data, clean),
      });
    }
    if (status >= 500) {
      const message = envelope?.message ? clean(envelope.message) : `QuickCom failed with HTTP ${status}.`;
      return new UpstreamServerError(message, {
        code: "UPSTREAM_UNAVAILABLE",
        status,
        endpoint,
        retryable: true,
      });
    }
    if (envelope && status >= 400) {
      return new QuickcomError(clean(envelope.message ?? `QuickCom refused the request (HTTP ${status}).`), {
        code: "UPSTREAM_ERROR",
        status,
        endpoint,
        retryable: false,
      });
    }
    return new MalformedResponseError(`QuickCom sent an unexpected response (HTTP ${status}).`, {
      code: "UPSTREAM_BAD_RESPONSE",
      status,
      endpoint,
      retryable: status < 400,
    });
  }
}

/** 1017: key/secret missing or wrong (HTTP 401). */
export class QuickcomAuthenticationError extends QuickcomError {}
/** 1001: IP security is on and the caller's IP is not whitelisted. */
export class QuickcomIpNotAllowedError extends QuickcomError {}
/** 1016: the account is deactivated. */
export class QuickcomAccountInactiveError extends QuickcomError {}

/** 1002: send-message field validation failed; `fieldErrors` holds the upstream's per-field messages. */
export class UpstreamValidationError extends QuickcomError {
  readonly fieldErrors: Record<string, string[]>;
  /** Builds the error with the upstream's per-field messages. */
  constructor(message: string, init: QuickcomErrorInit & { fieldErrors: Record<string, string[]> }) {
    super(message, init);
    this.fieldErrors = init.fieldErrors;
  }
}

/** 1006 (schedule format) and 1008 when it is about a schedule date in the past. */
export class QuickcomScheduleError extends QuickcomError {}
/** 1008 about the promotional window (09:00–21:00 IST). */
export class QuickcomPromotionalHoursError extends QuickcomError {}
/** 1011: the DLT template is not associated with the account. */
export class QuickcomTemplateNotFoundError extends QuickcomError {}
/** 1007: balance below contacts × credits. */
export class QuickcomInsufficientBalanceError extends QuickcomError {}
/** 1018: no SMS route configured for the account. */
export class QuickcomGatewayNotWorkingError extends QuickcomError {}
/** 1013 (HTTP 422): a report endpoint got no campaign uuid (empty, or `"0"`, which PHP reads as empty). */
export class QuickcomCampaignTokenMissingError extends QuickcomError {}

/** Which 404 answer of the report endpoints a {@link QuickcomNotFoundError} is (the upstream's `errors` key). */
export type NotFoundReason = "campaign_not_found" | "invalid_mobile_number";

/**
 * HTTP 404 from the report endpoints: 1014 (`campaign_not_found`: no campaign with that uuid belongs to the
 * credentials, whether it does not exist or is another account's) or 1015 (`invalid_mobile_number`: the number
 * is not 10 to 12 characters long).
 */
export class QuickcomNotFoundError extends QuickcomError {
  readonly reason: NotFoundReason;
  /** Builds the error with the kind of 404 it is. */
  constructor(message: string, init: QuickcomErrorInit & { reason: NotFoundReason }) {
    super(message, init);
    this.reason = init.reason;
  }
}

/**
 * A path parameter the client cannot put in a URL (`"INVALID_PATH_PARAMETER"`): empty, `.` or `..` (which URL
 * parsers resolve as path steps whatever their encoding) or holding a lone surrogate. No call was made.
 */
export class QuickcomInvalidPathParameterError extends QuickcomError {
  /** Name of the offending parameter (`"uuid"`, `"mobile"`). */
  readonly parameter: string;
  /** Builds the error naming the parameter. */
  constructor(message: string, init: QuickcomErrorInit & { parameter: string }) {
    super(message, init);
    this.parameter = init.parameter;
  }
}

/** 1019: the voice file (`voice_id`) is not one of the account's. */
export class QuickcomVoiceFileNotFoundError extends QuickcomError {}
/** 1020: the voice file has no id on the account's voice gateway yet (not verified); nothing was charged. */
export class QuickcomVoiceFileNotVerifiedError extends QuickcomError {}
/** 1021: more numbers in one voice send than the backend's limit (25,000). */
export class QuickcomTooManyNumbersError extends QuickcomError {}
/**
 * 1022: the voice provider refused the campaign's call type. The backend answers it AFTER charging and stops the
 * campaign without a refund: the credit is gone. Never retry blindly.
 */
export class QuickcomVoiceProviderError extends QuickcomError {}
/** 1031: no WhatsApp template of that name belongs to the account. */
export class QuickcomWhatsAppTemplateNotFoundError extends QuickcomError {}
/** 1033: no WhatsApp charge is configured for the template's category on this account. */
export class QuickcomWhatsAppChargeMissingError extends QuickcomError {}
/** 1038: a MEDIA template sent without the `MEDIA_TEMPLATE` payload type. */
export class QuickcomWhatsAppPayloadError extends QuickcomError {}

/** Which answer a {@link QuickcomWhatsAppConfigurationError} is (the upstream's `errors` key). */
export type WhatsAppConfigurationReason =
  | "mobile_number_length_invalid"
  | "only_india_country_code_allowed"
  | "whats_app_configurations_not_found";

/**
 * 1034, which the backend answers for three different refusals: the recipient is not 9 to 13 characters, it does
 * not start with `91`, or the sender number is not one of the account's WhatsApp configurations.
 */
export class QuickcomWhatsAppConfigurationError extends QuickcomError {
  readonly reason: WhatsAppConfigurationReason;
  /** Builds the error with the kind of 1034 it is. */
  constructor(message: string, init: QuickcomErrorInit & { reason: WhatsAppConfigurationReason }) {
    super(message, init);
    this.reason = init.reason;
  }
}

/** 1005 envelope (`"1005"`), or a bare 5xx without an envelope (`"UPSTREAM_UNAVAILABLE"`). */
export class UpstreamServerError extends QuickcomError {}

/** HTTP 429 (`"RATE_LIMITED"`); `retryAfterMs` from `Retry-After` when the upstream sent it. */
export class QuickcomRateLimitedError extends QuickcomError {
  readonly retryAfterMs: number | null;
  /** Builds the error with the delay the upstream asked for. */
  constructor(message: string, init: QuickcomErrorInit & { retryAfterMs: number | null }) {
    super(message, init);
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** No answer within the timeout (`"UPSTREAM_TIMEOUT"`). */
export class UpstreamTimeoutError extends QuickcomError {}
/** Connection failed or reset, or the circuit breaker is open (`"UPSTREAM_UNAVAILABLE"`). */
export class QuickcomUpstreamUnavailableError extends QuickcomError {}
/** Body not JSON or not the documented envelope (`"UPSTREAM_BAD_RESPONSE"`). */
export class MalformedResponseError extends QuickcomError {}

/**
 * A send whose outcome is unknown (`"SEND_OUTCOME_UNKNOWN"`): the request may have reached QuickCom and
 * spent credit. Never retried; `cause` is the underlying error and `idempotencyKey` the caller's key.
 */
export class QuickcomSendOutcomeUnknownError extends QuickcomError {
  readonly idempotencyKey: string | null;
  /** Builds the error with the caller's idempotency key. */
  constructor(message: string, init: QuickcomErrorInit & { idempotencyKey: string | null }) {
    super(message, init);
    this.idempotencyKey = init.idempotencyKey;
  }
}

interface ErrorEnvelope {
  message: string | null;
  errorCode: string | null;
  errors: unknown;
  data: unknown;
}

/** voice-send-sms answers validation failures with the field messages in `data` and no `error_code`. */
function isFieldErrorMap(value: unknown): boolean {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const entries = Object.values(value);
  return entries.length > 0 && entries.every((item) => Array.isArray(item));
}

function readErrorEnvelope(body: unknown): ErrorEnvelope | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const record = body as Record<string, unknown>;
  if (!("status" in record) && !("error_code" in record)) return null;
  const rawCode = record.error_code;
  const errorCode =
    typeof rawCode === "number" || (typeof rawCode === "string" && rawCode.trim() !== "")
      ? String(rawCode).trim()
      : null;
  const message = typeof record.message === "string" && record.message.trim() !== "" ? record.message : null;
  return { message, errorCode, errors: record.errors, data: record.data };
}

const DEFAULT_MESSAGES: Record<string, string> = {
  "1001": "IP address not white listed.",
  "1002": "Validation failed",
  "1005": "Something went wrong, please try again.",
  "1006": "Schedule date-time is incorrect.",
  "1007": "You don't have sufficient balance to perform this operation. Please contact to admin.",
  "1008": "Schedule date-time not allowed.",
  "1011": "DLT Template not found. Please check and send it again.",
  "1013": "Campaign response token found empty, Please check and try again.",
  "1014": "Record not found",
  "1015": "Invalid mobile number, Please add 10 OR 12 digit mobile number without + symbol.",
  "1016": "Your account is temporarily deactivated, Please contact to support.",
  "1017": "User Account not found, please check your API_KEY and SECRET_KEY.",
  "1018": "SMS gateway not working. please contact to admin now.",
  "1019": "Voice Template not found. Please check and send it again.",
  "1020": "Voice file not verified yet, Please try again after some time.",
  "1021": "Cannot process this campaign due to maximum sent limit.",
  "1022": "voice OBD type not matched. Please contact to admin.",
  "1031": "WhatsApp Template (content:template:templateId) not found. Please check and send it again.",
  "1033": "Whats app charges not define in your profile, Please contact to admin.",
  "1034": "Whatsapp configurations not found. Please go to configuration and add your account information.",
  "1038": "Invalid Payload, Please check the payload type.",
};

const CONFIGURATION_REASONS: readonly WhatsAppConfigurationReason[] = [
  "mobile_number_length_invalid",
  "only_india_country_code_allowed",
  "whats_app_configurations_not_found",
];

function configurationReason(errors: unknown): WhatsAppConfigurationReason {
  const keys = typeof errors === "object" && errors !== null ? Object.keys(errors) : [];
  return (
    CONFIGURATION_REASONS.find((reason) => keys.includes(reason)) ?? "whats_app_configurations_not_found"
  );
}

function fromUpstreamCode(
  code: string,
  envelope: ErrorEnvelope,
  where: { endpoint: Endpoint; status: number },
  clean: (text: string) => string,
): QuickcomError {
  const message = clean(envelope.message ?? DEFAULT_MESSAGES[code] ?? `QuickCom error ${code}.`);
  const init: QuickcomErrorInit = { code, status: where.status, endpoint: where.endpoint, retryable: false };
  switch (code) {
    case "1017":
      return new QuickcomAuthenticationError(message, init);
    case "1001":
      return new QuickcomIpNotAllowedError(message, init);
    case "1016":
      return new QuickcomAccountInactiveError(message, init);
    case "1002":
      return new UpstreamValidationError(message, {
        ...init,
        fieldErrors: readFieldErrors(envelope.errors, clean),
      });
    case "1006":
      return new QuickcomScheduleError(message, init);
    case "1008":
      return /promotional/i.test(message)
        ? new QuickcomPromotionalHoursError(message, init)
        : new QuickcomScheduleError(message, init);
    case "1011":
      return new QuickcomTemplateNotFoundError(message, init);
    case "1007":
      return new QuickcomInsufficientBalanceError(message, init);
    case "1018":
      return new QuickcomGatewayNotWorkingError(message, init);
    case "1013":
      return new QuickcomCampaignTokenMissingError(message, init);
    case "1014":
      return new QuickcomNotFoundError(message, { ...init, reason: "campaign_not_found" });
    case "1015":
      return new QuickcomNotFoundError(message, { ...init, reason: "invalid_mobile_number" });
    case "1019":
      return new QuickcomVoiceFileNotFoundError(message, init);
    case "1020":
      return new QuickcomVoiceFileNotVerifiedError(message, init);
    case "1021":
      return new QuickcomTooManyNumbersError(message, init);
    case "1022":
      return new QuickcomVoiceProviderError(message, init);
    case "1031":
      return new QuickcomWhatsAppTemplateNotFoundError(message, init);
    case "1033":
      return new QuickcomWhatsAppChargeMissingError(message, init);
    case "1034":
      return new QuickcomWhatsAppConfigurationError(message, {
        ...init,
        reason: configurationReason(envelope.errors),
      });
    case "1038":
      return new QuickcomWhatsAppPayloadError(message, init);
    case "1005":
      return new UpstreamServerError(message, { ...init, retryable: true });
    default:
      return new QuickcomError(message, { ...init, retryable: where.status >= 500 });
  }
}

function readFieldErrors(errors: unknown, clean: (text: string) => string): Record<string, string[]> {
  const fieldErrors: Record<string, string[]> = {};
  if (typeof errors !== "object" || errors === null || Array.isArray(errors)) return fieldErrors;
  for (const [field, value] of Object.entries(errors)) {
    const messages = (Array.isArray(value) ? value : [value]).filter(
      (item): item is string => typeof item === "string",
    );
    if (messages.length > 0) fieldErrors[field] = messages.map(clean);
  }
  return fieldErrors;
}

/** Removes URLs and the given secrets from a text meant for humans, and bounds its length. */
export function sanitizeText(text: string, secrets: readonly string[]): string {
  let result = text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, "[url]");
  for (const secret of secrets) {
    if (secret) result = result.split(secret).join("[redacted]");
  }
  return result.length > MAX_MESSAGE_LENGTH ? `${result.slice(0, MAX_MESSAGE_LENGTH)}…` : result;
}

/**
 * A copy of an underlying error (and its causes) that keeps only `name`, `message` and `code`, with URLs
 * and secrets removed — safe to attach as `cause`.
 */
export function sanitizeCause(error: unknown, secrets: readonly string[], depth = 3): Error | undefined {
  if (depth <= 0 || error === undefined || error === null) return undefined;
  const source = error instanceof Error ? error : new Error(String(error));
  const nested = sanitizeCause((source as { cause?: unknown }).cause, secrets, depth - 1);
  const copy = new Error(sanitizeText(source.message, secrets), nested ? { cause: nested } : undefined);
  copy.name = source.name;
  const code = (source as { code?: unknown }).code;
  if (typeof code === "string" || typeof code === "number") {
    (copy as Error & { code?: string | number }).code = code;
  }
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
