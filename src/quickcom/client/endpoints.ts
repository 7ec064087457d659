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
  | "sms-overall-report";

/** Every endpoint: the documented ones in documentation order, then the report endpoints the reference omits. */
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
];
