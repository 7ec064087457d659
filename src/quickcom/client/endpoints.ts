/** The upstream REST endpoints the client calls, named by their path under `/api/v1` (without path parameters). */
import { READS, type ReadEndpoint } from "./responses.js";

/** Endpoints that spend money. */
export type SendEndpoint = "send-message" | "send-otp" | "voice-send-sms" | "send-wa-message";

/** Every endpoint: the reads of {@link READS}, the paged campaign list and the sends. */
export type Endpoint = ReadEndpoint | "campaign-list" | SendEndpoint;

const DOCUMENTED: readonly Endpoint[] = [
  "account-status",
  "check-balance",
  "approved-senderids",
  "templates",
  "send-message",
  "campaign-list",
];

const SENDS: readonly SendEndpoint[] = ["send-message", "send-otp", "voice-send-sms", "send-wa-message"];

/** Every endpoint: the documented ones in documentation order, then the other reads, then the other sends. */
export const ENDPOINTS: readonly Endpoint[] = [
  ...DOCUMENTED,
  ...(Object.keys(READS) as ReadEndpoint[]).filter((e) => !DOCUMENTED.includes(e)),
  ...SENDS.filter((e) => !DOCUMENTED.includes(e)),
];

/** Endpoints that spend money: never retried, a lost answer is an unknown outcome. */
export const SEND_ENDPOINTS: ReadonlySet<Endpoint> = new Set<Endpoint>(SENDS);

/**
 * The path parameters an endpoint takes after its name (`send-report/{uuid}`), in URL order; a name ending in `?`
 * is optional (`get-wa-templates/{name?}`).
 */
export function pathParamsOf(endpoint: Endpoint): readonly string[] {
  return endpoint in READS ? READS[endpoint as ReadEndpoint].pathParams : [];
}
