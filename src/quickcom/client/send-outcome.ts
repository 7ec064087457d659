import type { Endpoint } from "./endpoints.js";
import {
  MalformedResponseError,
  QuickcomError,
  QuickcomSendOutcomeUnknownError,
  QuickcomUpstreamUnavailableError,
  UpstreamServerError,
  UpstreamTimeoutError,
} from "./errors.js";

/** Socket error codes raised before any byte of the request left this process. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EAI_NONAME",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
  "CERT_HAS_EXPIRED",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "SELF_SIGNED_CERT_IN_CHAIN",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "ERR_TLS_CERT_ALTNAME_INVALID",
  "ERR_INVALID_URL",
]);

/** Whether a fetch failure happened while connecting, i.e. the request certainly never reached the upstream. */
export function failedBeforeSending(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (typeof current !== "object" || current === null || seen.has(current)) continue;
    seen.add(current);
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && NOT_SENT_CODES.has(code)) return true;
    queue.push((current as { cause?: unknown }).cause);
    const nested = (current as { errors?: unknown }).errors;
    if (Array.isArray(nested)) queue.push(...nested);
  }
  return false;
}

const knownNotSent = new WeakSet<QuickcomError>();

/** Records that this connection error happened before the request was sent. */
export function markNotSent(error: QuickcomError): QuickcomError {
  knownNotSent.add(error);
  return error;
}

/**
 * Maps an error of a send to what the caller may conclude. Faults that may have happened after the upstream
 * received the request (timeout, reset, bare 5xx, malformed or unreadable answer, cancellation in flight)
 * become {@link QuickcomSendOutcomeUnknownError}. So does the 1005 envelope: the backend's catch-all answers 1005 for
 * any exception, including ones thrown after the campaign was created and the credit deducted. Connection
 * refused, the other enveloped upstream errors (validation, balance, template, …) and 429 are known failures
 * (nothing sent) and pass through unchanged.
 */
export function toSendError(
  error: unknown,
  idempotencyKey: string | null,
  endpoint: Endpoint = "send-message",
): unknown {
  if (error instanceof QuickcomError) {
    const unknownOutcome =
      error instanceof UpstreamTimeoutError ||
      error instanceof MalformedResponseError ||
      error instanceof UpstreamServerError ||
      (error instanceof QuickcomUpstreamUnavailableError && !knownNotSent.has(error));
    if (!unknownOutcome) return error;
    return new QuickcomSendOutcomeUnknownError(
      `The send may have reached QuickCom but its outcome is unknown: ${error.message} ` +
        "It was not retried; check the campaign list before sending again.",
      {
        code: "SEND_OUTCOME_UNKNOWN",
        status: error.status,
        endpoint: error.endpoint,
        retryable: false,
        cause: error,
        idempotencyKey,
      },
    );
  }
  return new QuickcomSendOutcomeUnknownError(
    "The send was cancelled while in flight; it may have reached QuickCom. Check the campaign list before sending again.",
    {
      code: "SEND_OUTCOME_UNKNOWN",
      status: null,
      endpoint,
      retryable: false,
      idempotencyKey,
    },
  );
}
