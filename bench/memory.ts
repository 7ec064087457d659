/**
 * Memory at scale: a preview and a send to 100,000 valid, distinct recipients through GraphQL, while the
 * gateway process samples its own RSS (see `rss-sampler.ts`). The sandbox must hold enough credit.
 */
import { DEMO_TEMPLATES } from "../src/sandbox/seed.js";
import type { BenchChild } from "./child-process.js";
import { postGraphql } from "./graphql-client.js";
import type { RssReport } from "./rss-sampler.js";

/** Outcome of {@link measureBulkMemory}. */
export interface BulkMemoryResult {
  recipients: number;
  rss: RssReport;
  previewMs: number;
  sendMs: number;
  /** Valid numbers the preview reported. */
  previewValid: number;
  /** `__typename` of the send result and the recipients the upstream accepted. */
  sendResult: string;
  sentContacts: number;
  chunks: number;
}

const PREVIEW = `query ($input: SendMessageInput!) { messagePreview(input: $input) {
  message creditsPerMessage estimatedCredits sufficientBalance validNumbers invalidNumbers duplicateNumbers warnings } }`;

const SEND = `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename
  ... on SendMessageSuccess { campaign { totalContacts creditsDeducted chunks { index recipients status } } }
  ... on Error { code message }
} }`;

/** `count` valid, distinct Indian mobile numbers (10 digits starting with 9). */
export function distinctNumbers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => String(9_000_000_000 + i));
}

/** Previews and sends to `recipients` numbers through `gateway` (a gateway child) and reports its peak RSS. */
export async function measureBulkMemory(gateway: BenchChild, recipients: number): Promise<BulkMemoryResult> {
  const url = `${gateway.ready.url}/graphql`;
  const input = {
    dltTemplateId: DEMO_TEMPLATES.otp,
    variables: ["482913", "10"],
    route: "TRANSACTIONAL",
    mobileNumbers: distinctNumbers(recipients),
    idempotencyKey: `bench-${Date.now()}`,
  };
  await gateway.request({ type: "rss-start" });
  const t0 = performance.now();
  const preview = await postGraphql(url, PREVIEW, { input });
  const t1 = performance.now();
  const send = await postGraphql(url, SEND, { input });
  const t2 = performance.now();
  const { report } = await gateway.request<{ type: string; report: RssReport }>({ type: "rss-stop" });
  if (preview.errors?.length) throw new Error(`preview failed: ${preview.errors[0]?.message}`);
  if (send.errors?.length) throw new Error(`send failed: ${send.errors[0]?.message}`);
  const result = send.data?.sendMessage;
  return {
    recipients,
    rss: report,
    previewMs: t1 - t0,
    sendMs: t2 - t1,
    previewValid: preview.data?.messagePreview?.validNumbers?.length ?? 0,
    sendResult: result?.__typename ?? "none",
    sentContacts: result?.campaign?.totalContacts ?? 0,
    chunks: result?.campaign?.chunks?.length ?? 0,
  };
}
