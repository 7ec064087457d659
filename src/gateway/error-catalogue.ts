/**
 * Every failure the gateway reports, declared once: its stable code, the GraphQL type that carries it as a typed
 * result (null when it is only an `extensions.code`), whether the same request may succeed later, what an agent
 * is told to do next, and what it means. The schema registers its error types from here, MCP tells agents the
 * next step from here, and `docs/ERROR-CODES.md` is printed from here (`npm run codegen`).
 */

/** One code, and the GraphQL type that carries it. */
export interface ErrorRow {
  /** Stable `Error.code` / `extensions.code`: a gateway code or QuickCom's `error_code` as a string. */
  code: string;
  /** The GraphQL object type implementing `Error` (explicit, never a class name), or null. */
  type: string | null;
  /** Whether the same request may succeed later without changes (after a wait, or with the same key). */
  retryable: boolean;
  /** What an assistant should do next. */
  nextStep: string;
  /** What it means, for the docs and the type's description. */
  meaning: string;
}

const row = (
  code: string,
  type: string | null,
  retryable: boolean,
  meaning: string,
  nextStep: string,
): ErrorRow => ({ code, type, retryable, meaning, nextStep });

/** The catalogue, grouped: request and access, input, sending, upstream, QuickCom's own codes. */
export const ERROR_CATALOGUE: readonly ErrorRow[] = [
  row(
    "UNAUTHENTICATED",
    null,
    false,
    "No or bad gateway token, or no usable QuickCom credentials for the request.",
    "No usable QuickCom credentials: the operator must configure QUICKCOM_APP_KEY/QUICKCOM_APP_SECRET or send x-quickcom-app-key/x-quickcom-app-secret headers.",
  ),
  row(
    "FORBIDDEN",
    "ForbiddenError",
    false,
    "The gateway token lacks the scope this needs.",
    "The gateway token of this connection lacks the needed scope; ask the operator. Do not retry.",
  ),
  row(
    "BAD_REQUEST",
    null,
    false,
    "The HTTP request is not a GraphQL request the gateway can run (e.g. an empty batch).",
    "Send one GraphQL operation as JSON.",
  ),
  row(
    "NOT_ACCEPTABLE",
    null,
    false,
    "The Accept header allows no type the gateway answers with.",
    "Accept application/json.",
  ),
  row(
    "UNSUPPORTED_MEDIA_TYPE",
    null,
    false,
    "The POST body is not JSON (forms and text/plain are refused: they bypass CORS).",
    "Send the request as application/json.",
  ),
  row(
    "PAYLOAD_TOO_LARGE",
    null,
    false,
    "The request body is over the size limit.",
    "Send a smaller request.",
  ),
  row(
    "GRAPHQL_VALIDATION_FAILED",
    null,
    false,
    "The operation does not fit the schema.",
    "Fix the operation against schema.graphql.",
  ),
  row(
    "PAGE_SIZE_TOO_LARGE",
    null,
    false,
    "A page asks for more items than a connection allows.",
    "Ask for at most 40 items per page (the `limit` argument).",
  ),
  row(
    "QUERY_TOO_DEEP",
    null,
    false,
    "The operation nests deeper than allowed.",
    "Ask for fewer nested levels.",
  ),
  row("TOO_MANY_ALIASES", null, false, "The operation uses more aliases than allowed.", "Use fewer aliases."),
  row(
    "QUERY_TOO_COMPLEX",
    null,
    false,
    "The operation costs more than allowed.",
    "Ask for fewer items or fields.",
  ),
  row(
    "ONE_SEND_PER_OPERATION",
    null,
    false,
    "An operation may send at most once.",
    "Send each message in its own operation.",
  ),
  row(
    "NOT_FOUND",
    null,
    false,
    "No such route, or the identifier is not one of this credential's.",
    "Check the identifier with the matching list_ tool.",
  ),
  row(
    "SUBSCRIPTION_LIMIT",
    null,
    true,
    "The credential already holds as many live progress subscriptions as SUBSCRIPTION_MAX_PER_CREDENTIAL allows.",
    "End another progress subscription of these credentials (or unsubscribe from a report resource), or read the report once with get_delivery_report instead.",
  ),
  row(
    "BAD_USER_INPUT",
    "InvalidInputError",
    false,
    "The input is malformed; nothing was sent.",
    "Fix the fields named above and call the tool again.",
  ),
  row(
    "TEMPLATE_VARIABLES",
    "TemplateVariablesError",
    false,
    "The variables do not fit the template.",
    "Call get_template to see the template body and variableCount, then pass exactly one value per {#var#} slot.",
  ),
  row(
    "OTP_TEMPLATE",
    "OtpTemplateError",
    false,
    "The template cannot carry an OTP: its text does not say it is for a one-time code, or it does not have exactly one {#var#} (for the code); nothing was sent.",
    "Call list_templates and pick the approved template whose text is for a one-time code (OTP, verification code) with variableCount 1.",
  ),
  row(
    "INVALID_NUMBERS",
    "InvalidNumbersError",
    false,
    "Some recipients are not valid Indian mobile numbers; nothing was sent.",
    "Remove or correct the listed numbers (10 digits starting 6-9, optionally prefixed +91, 91 or 0) and preview again.",
  ),
  row(
    "CONFIRMATION_REQUIRED",
    "ConfirmationRequiredError",
    false,
    "The send needs the user's confirmation (a confirmationToken).",
    "Call preview_message with exactly the same input, show the preview to the user, and once they agree call send_message again with the preview's confirmationToken.",
  ),
  row(
    "CAP_EXCEEDED",
    "CapExceededError",
    false,
    "An operator cap would be exceeded; nothing was sent.",
    "This is an operator limit and nothing was sent. Tell the user; do not split the send to get around the cap.",
  ),
  row(
    "WHATSAPP_TEMPLATE_NOT_APPROVED",
    "WhatsAppTemplateError",
    false,
    "The WhatsApp template is not APPROVED by Meta (QuickCom would take the credit and Meta refuse the message); nothing was sent.",
    "Pick an APPROVED template with list_whatsapp_templates (unsendableReason null), or wait for Meta's review.",
  ),
  row(
    "WHATSAPP_CHARGE_UNKNOWN",
    null,
    false,
    "An operator credit cap is set but WHATSAPP_CHARGES does not state the charge of the template's category, so the cap cannot be checked; nothing was sent.",
    "This is an operator setting: ask the operator to set WHATSAPP_CHARGES for this category. Do not retry.",
  ),
  row(
    "VOICE_FILE_TOO_LONG",
    "VoiceFileError",
    false,
    "The voice file is longer than 120 s, for which QuickCom has no credit (it would fail with 1005 and leave the outcome unknown); nothing was sent.",
    "Pick a voice file of at most 120 s with list_voice_templates (creditsPerCall not null), or upload a shorter one.",
  ),
  row(
    "OTP_THROTTLED",
    "OtpThrottledError",
    true,
    "This number was sent as many OTPs as the resend throttle (OTP_THROTTLE, default 1 per 30 s and 5 per hour per number) allows for now; nothing was sent. retryAfterSeconds says when the next may go.",
    "Do not retry in a loop: tell the user a code was sent recently and wait at least retryAfterSeconds before sending another OTP to this number.",
  ),
  row(
    "IDEMPOTENCY_KEY_REUSED",
    "IdempotencyConflictError",
    false,
    "The idempotency key was already used for a different send.",
    "Use a new idempotencyKey for a different message; reuse a key only to retry the same send.",
  ),
  row(
    "IDEMPOTENCY_KEY_USED",
    "IdempotencyKeyUsedError",
    false,
    "The audit trail shows this idempotency key already sent (or may have sent) a message whose result the gateway no longer holds (it restarted since); nothing was sent again.",
    "Do NOT send again blindly: this key already sent (see the campaigns above; check them with list_campaigns). Send again only if the user asks, with a new idempotencyKey.",
  ),
  row(
    "SEND_IN_PROGRESS",
    "SendInProgressError",
    true,
    "A send with this idempotency key is still running.",
    "Wait a few seconds, then call send_message again with the same idempotencyKey to get its result.",
  ),
  row(
    "STATE_UNAVAILABLE",
    "StateUnavailableError",
    true,
    "The shared state store (Redis, with REDIS_URL) does not answer, so idempotency, confirmation, the daily cap and the audit trail cannot be guaranteed; nothing was sent. Reads keep working.",
    "The gateway's state store is down and nothing was sent; try again in a minute with the same idempotencyKey.",
  ),
  row(
    "SEND_OUTCOME_UNKNOWN",
    "SendOutcomeUnknownError",
    false,
    "The send may have reached QuickCom; it was not retried. Check campaigns before sending again.",
    "Do NOT send again blindly: call list_campaigns to check whether the campaign exists. If you retry, reuse the same idempotencyKey.",
  ),
  row(
    "PARTIAL_SEND",
    "PartialSendError",
    true,
    "Some chunks were sent, others failed (retry resends only those) or are unknown.",
    "Call send_message again with the same input and idempotencyKey to resend only the chunks that failed; unknown chunks are never resent.",
  ),
  row(
    "RATE_LIMITED",
    "RateLimitedError",
    true,
    "QuickCom throttled the request; nothing was sent. Try again after retryAfterSeconds.",
    "QuickCom is throttling this account; wait retryAfterSeconds (or a minute) before trying again.",
  ),
  row(
    "UPSTREAM_UNAVAILABLE",
    "UpstreamUnavailableError",
    true,
    "QuickCom is unreachable, timing out or failing, or the circuit breaker is open; nothing was sent.",
    "QuickCom is unreachable right now and nothing was sent; try again in a minute.",
  ),
  row(
    "UPSTREAM_TIMEOUT",
    "UpstreamUnavailableError",
    true,
    "QuickCom did not answer in time.",
    "QuickCom did not answer in time; try again in a minute.",
  ),
  row(
    "UPSTREAM_BAD_RESPONSE",
    "UpstreamUnavailableError",
    true,
    "QuickCom answered with something unreadable.",
    "QuickCom answered with something unreadable; try again in a minute.",
  ),
  row(
    "UPSTREAM_ERROR",
    "UpstreamRejectedError",
    false,
    "QuickCom refused the request with a code the gateway does not know.",
    "Check the message above, fix the input and try again.",
  ),
  row(
    "INTERNAL_SERVER_ERROR",
    null,
    true,
    "An unexpected gateway error (details only in the gateway's log).",
    "An unexpected gateway error; try again later and tell the operator if it persists.",
  ),
  row(
    "1001",
    "IpNotAllowedError",
    false,
    "The gateway's IP address is not whitelisted for the QuickCom account.",
    "The QuickCom account only accepts whitelisted IP addresses; the operator must whitelist the gateway.",
  ),
  row(
    "1002",
    "UpstreamRejectedError",
    false,
    "QuickCom rejected the request's fields.",
    "Fix the fields named above and try again.",
  ),
  row(
    "1006",
    "ScheduleError",
    false,
    "scheduleAt is malformed or not in the future.",
    "Give scheduleAt as an RFC 3339 date-time with an offset, e.g. 2026-11-25T10:30:00+05:30.",
  ),
  row(
    "1007",
    "InsufficientBalanceError",
    false,
    "The route's balance cannot pay for the send.",
    "The balance is too low: call get_account to see it, and ask the user to recharge or send to fewer numbers.",
  ),
  row(
    "1008",
    "ScheduleError",
    false,
    "scheduleAt is malformed or not in the future.",
    "Pick a scheduleAt in the future (promotional SMS and every voice call only 09:00-21:00 IST), or omit it to send now.",
  ),
  row(
    "1008",
    "PromotionalHoursError",
    false,
    "Promotional SMS, and every voice call (transactional ones too), may only go out 09:00-21:00 IST.",
    "Pick a scheduleAt in the future (promotional SMS and every voice call only 09:00-21:00 IST), or omit it to send now.",
  ),
  row(
    "1011",
    "TemplateNotFoundError",
    false,
    "The DLT template is not among the account's approved templates.",
    "Call list_templates and use the dltTemplateId of one of the account's approved templates.",
  ),
  row(
    "1013",
    "UpstreamRejectedError",
    false,
    "A delivery report was asked for without a campaign uuid.",
    "Pass the campaign uuid that send_message returned.",
  ),
  row(
    "1015",
    "UpstreamRejectedError",
    false,
    "A delivery report was asked for a mobile number shorter than 10 or longer than 12 digits.",
    "Pass the recipient's 10-digit mobile number.",
  ),
  row(
    "1016",
    "AccountInactiveError",
    false,
    "The QuickCom account is deactivated.",
    "The QuickCom account is deactivated; the user must contact QuickCom.",
  ),
  row(
    "1017",
    "AuthenticationError",
    false,
    "The QuickCom key or secret is wrong.",
    "The QuickCom app key or secret is wrong; the operator must fix the credentials.",
  ),
  row(
    "1018",
    "GatewayNotWorkingError",
    false,
    "QuickCom has no SMS route configured for the account.",
    "QuickCom has no SMS route for this account; the user must contact QuickCom.",
  ),
  row(
    "1019",
    "VoiceFileError",
    false,
    "The voice file is not one of the account's voice files; nothing was sent and nothing charged.",
    "List the account's voice files with list_voice_templates and use the voiceId of a usable one.",
  ),
  row(
    "1020",
    "VoiceFileError",
    false,
    "The voice file is not approved and verified on QuickCom's voice gateway yet (pending, in process or rejected); nothing was sent and nothing charged.",
    "Pick a voice file whose usable is true with list_voice_templates, or wait for QuickCom to verify this one.",
  ),
  row(
    "1022",
    "UpstreamRejectedError",
    false,
    "QuickCom's voice provider refused the call type (plain, DTMF, call patch or OTP) AFTER QuickCom took the charge.",
    "Do not retry: the credits were taken. Tell the user; QuickCom must enable this call type on the account's voice route.",
  ),
  row(
    "1031",
    "WhatsAppTemplateError",
    false,
    "No WhatsApp template of this name belongs to the account; nothing was sent.",
    "List the account's WhatsApp templates with list_whatsapp_templates and use one of their names.",
  ),
  row(
    "1033",
    "UpstreamRejectedError",
    false,
    "QuickCom has no WhatsApp charge set for the template's category on this account; nothing was charged.",
    "QuickCom's admin must set the account's WhatsApp charge for this category; tell the user. Do not retry.",
  ),
  row(
    "1034",
    "UpstreamRejectedError",
    false,
    "QuickCom refused the WhatsApp recipient (not 91 + number) or found no WhatsApp configuration for the sender number; nothing was charged.",
    "Check senderNumber is the account's WhatsApp number (the fieldErrors say which field), then try again.",
  ),
  row(
    "1038",
    "UpstreamRejectedError",
    false,
    "QuickCom refused the WhatsApp payload type for the template (a MEDIA template sent without media); nothing was charged.",
    "Give mediaUrl for a template whose requiresMedia is true, then try again.",
  ),
];

const byCode = new Map(ERROR_CATALOGUE.map((r) => [r.code, r]));

/** The row of a code, if the catalogue declares it. */
export function errorRow(code: string): ErrorRow | undefined {
  return byCode.get(code);
}

/** Description of a GraphQL error type: the meaning of its first row. */
export function errorTypeDescription(type: string): string {
  const found = ERROR_CATALOGUE.find((r) => r.type === type);
  if (!found) throw new Error(`The error catalogue declares no type ${type}`);
  return found.meaning;
}

/** The catalogue as the Markdown of `docs/ERROR-CODES.md`. */
export function errorCodesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, "\\|");
  return [
    "# Error codes",
    "",
    "Generated by `npm run codegen` from `src/gateway/error-catalogue.ts`; do not edit. Every failure carries one",
    "of these stable codes: as `Error.code` of a typed result (the GraphQL type named here) or as",
    "`extensions.code` of a GraphQL error; MCP tools return the same code with the next step below.",
    "",
    "| code | GraphQL type | retryable | meaning | next step (told to assistants) |",
    "| --- | --- | --- | --- | --- |",
    ...ERROR_CATALOGUE.map(
      (r) =>
        `| \`${r.code}\` | ${r.type ? `\`${r.type}\`` : "—"} | ${r.retryable ? "yes" : "no"} | ${cell(r.meaning)} | ${cell(r.nextStep)} |`,
    ),
    "",
  ].join("\n");
}
