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

/** Whether calling the endpoint has side effects (spends credit); such calls are never retried. */
export function isSideEffecting(endpoint: Endpoint): boolean {
  return endpoint === "send-message";
}
