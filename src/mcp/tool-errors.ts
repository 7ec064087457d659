/**
 * Turns operation errors (GraphQL `extensions.code` or a typed `Error` union member) into `isError` tool
 * results whose text tells the agent what went wrong and what to do next.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { OperationError } from "./execute-operation.js";

const NEXT_STEPS: Record<string, string> = {
  BAD_USER_INPUT: "Fix the fields named above and call the tool again.",
  PAGE_SIZE_TOO_LARGE: "Ask for at most 100 items per page (the `limit` argument).",
  UNAUTHENTICATED:
    "No usable QuickCom credentials: the operator must configure QUICKCOM_APP_KEY/QUICKCOM_APP_SECRET or send x-quickcom-app-key/x-quickcom-app-secret headers.",
  FORBIDDEN: "The gateway token of this connection lacks the needed scope; ask the operator. Do not retry.",
  CONFIRMATION_REQUIRED:
    "Call preview_message with exactly the same input, show the preview to the user, and once they agree call send_message again with the preview's confirmationToken.",
  CAP_EXCEEDED:
    "This is an operator limit and nothing was sent. Tell the user; do not split the send to get around the cap.",
  TEMPLATE_VARIABLES:
    "Call get_template to see the template body and variableCount, then pass exactly one value per {#var#} slot.",
  INVALID_NUMBERS:
    "Remove or correct the listed numbers (10 digits starting 6-9, optionally prefixed +91, 91 or 0) and preview again.",
  IDEMPOTENCY_KEY_REUSED:
    "Use a new idempotencyKey for a different message; reuse a key only to retry the same send.",
  IDEMPOTENCY_KEY_USED:
    "Do NOT send again blindly: this key already sent (see the campaigns above; check them with list_campaigns). Send again only if the user asks, with a new idempotencyKey.",
  SEND_IN_PROGRESS:
    "Wait a few seconds, then call send_message again with the same idempotencyKey to get its result.",
  SEND_OUTCOME_UNKNOWN:
    "Do NOT send again blindly: call list_campaigns to check whether the campaign exists. If you retry, reuse the same idempotencyKey.",
  PARTIAL_SEND:
    "Call send_message again with the same input and idempotencyKey to resend only the chunks that failed; unknown chunks are never resent.",
  RATE_LIMITED:
    "QuickCom is throttling this account; wait retryAfterSeconds (or a minute) before trying again.",
  UPSTREAM_UNAVAILABLE: "QuickCom is unreachable right now and nothing was sent; try again in a minute.",
  UPSTREAM_TIMEOUT: "QuickCom did not answer in time; try again in a minute.",
  UPSTREAM_BAD_RESPONSE: "QuickCom answered with something unreadable; try again in a minute.",
  NOT_FOUND: "Check the identifier with the matching list_ tool.",
  INTERNAL_SERVER_ERROR: "An unexpected gateway error; try again later and tell the operator if it persists.",
  "1001":
    "The QuickCom account only accepts whitelisted IP addresses; the operator must whitelist the gateway.",
  "1006": "Give scheduleAt as an RFC 3339 date-time with an offset, e.g. 2026-11-25T10:30:00+05:30.",
  "1007":
    "The balance is too low: call get_account to see it, and ask the user to recharge or send to fewer numbers.",
  "1008": "Pick a scheduleAt in the future (promotional SMS only 09:00-21:00 IST), or omit it to send now.",
  "1011": "Call list_templates and use the dltTemplateId of one of the account's approved templates.",
  "1016": "The QuickCom account is deactivated; the user must contact QuickCom.",
  "1017": "The QuickCom app key or secret is wrong; the operator must fix the credentials.",
  "1018": "QuickCom has no SMS route for this account; the user must contact QuickCom.",
};

/** What an agent should do after an error with this code. */
export function nextStepFor(code: string): string {
  return NEXT_STEPS[code] ?? "Check the message above, fix the input and try again.";
}

/** One error as a short paragraph: code, message, details, next step. */
export function describeOperationError(error: OperationError): string {
  const { type, ...rest } = error.details;
  const details = Object.keys(rest).length > 0 ? `\nDetails: ${JSON.stringify(rest)}` : "";
  const kind = typeof type === "string" ? ` (${type})` : "";
  return `Error ${error.code}${kind}: ${error.message}${details}\nWhat to do: ${nextStepFor(error.code)}`;
}

/**
 * An `isError` tool result listing every error: as text for the model, and structured in `_meta.errors`
 * (`code`, `message`, the GraphQL `type` of a typed failure and its other fields) for programs.
 */
export function toolErrorResult(errors: readonly OperationError[]): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: errors.map(describeOperationError).join("\n\n") }],
    _meta: { errors: errors.map((e) => ({ code: e.code, message: e.message, ...e.details })) },
  };
}

/** A typed union failure (`__typename`, `code`, `message` and its own fields) as an {@link OperationError}. */
export function fromTypedError(failure: {
  __typename: string;
  code: string;
  message: string;
}): OperationError {
  const { __typename, code, message, ...details } = failure;
  return { code, message, details: { type: __typename, ...details } };
}
