/** The upstream REST endpoints the client calls, named by their path under `/api/v1` (without path parameters). */
export type Endpoint =
  | "account-status"
  | "check-balance"
  | "approved-senderids"
  | "templates"
  | "send-message"
  | "campaign-list"
  | "send-report"
  | "send-number-report"
  | "sms-overall-report"
  | "send-otp"
  | "voice-templates"
  | "voice-send-sms"
  | "send-wa-message"
  | "get-wa-report"
  | "get-wa-templates"
  | "get-wa-files";

/**
 * Every endpoint: the documented ones in documentation order, then the report endpoints the reference omits,
 * then the other channels (OTP, voice, WhatsApp).
 */
export const ENDPOINTS: readonly Endpoint[] = [
  "account-status",
  "check-balance",
  "approved-senderids",
  "templates",
  "send-message",
  "campaign-list",
  "send-report",
  "send-number-report",
  "sms-overall-report",
  "send-otp",
  "voice-templates",
  "voice-send-sms",
  "send-wa-message",
  "get-wa-report",
  "get-wa-templates",
  "get-wa-files",
];

/** Endpoints that spend money: never retried, a lost answer is an unknown outcome. */
export const SEND_ENDPOINTS: ReadonlySet<Endpoint> = new Set<Endpoint>([
  "send-message",
  "send-otp",
  "voice-send-sms",
  "send-wa-message",
]);
