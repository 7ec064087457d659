/** The upstream REST endpoints the client calls, named by their path under `/api/v1`. */
export type Endpoint =
  | "account-status"
  | "check-balance"
  | "approved-senderids"
  | "templates"
  | "send-message"
  | "campaign-list";

/** Every endpoint, in documentation order. */
export const ENDPOINTS: readonly Endpoint[] = [
  "account-status",
  "check-balance",
  "approved-senderids",
  "templates",
  "send-message",
  "campaign-list",
];
