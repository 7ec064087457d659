/** The upstream REST endpoints the client calls, named by their path under `/api/v1` (without path parameters). */
import { READS, type ReadEndpoint } from "./responses.js";

/** Every endpoint: the reads of {@link READS}, the paged campaign list and the send. */
export type Endpoint = ReadEndpoint | "campaign-list" | "send-message";

const DOCUMENTED: readonly Endpoint[] = [
  "account-status",
  "check-balance",
  "approved-senderids",
  "templates",
  "send-message",
  "campaign-list",
];

/** Every endpoint: the documented ones in documentation order, then the reads the reference omits. */
export const ENDPOINTS: readonly Endpoint[] = [
  ...DOCUMENTED,
  ...(Object.keys(READS) as ReadEndpoint[]).filter((e) => !DOCUMENTED.includes(e)),
];

/** Names of the path parameters an endpoint takes after its name (`send-report/{uuid}`). */
export function pathParamsOf(endpoint: Endpoint): readonly string[] {
  return endpoint in READS ? READS[endpoint as ReadEndpoint].pathParams : [];
}
