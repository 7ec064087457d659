/**
 * A campaign's live progress for one request's credential, through the shared pollers: what both the GraphQL
 * subscription and the MCP report resource subscribe to.
 */
import { readCampaignReport } from "./campaign-reads.js";
import type { GatewayContext } from "./context.js";
import { reportFromSendReport } from "./delivery-report.js";
import type { ProgressListener } from "./progress-pollers.js";

/**
 * Subscribes `listener` to campaign `uuid` (canonical form) as `ctx`'s credential sees it; reads go through
 * `ctx.client`, never a per-request loader, so each poll is fresh. Returns the unsubscribe function; throws
 * SUBSCRIPTION_LIMIT when the credential is at its cap.
 */
export function subscribeCampaignProgress(
  ctx: Pick<GatewayContext, "client" | "credentialKey" | "progress">,
  uuid: string,
  listener: ProgressListener,
): () => void {
  const { client } = ctx;
  const fetch = async () => {
    const report = await readCampaignReport(client, uuid);
    return report && reportFromSendReport(report);
  };
  return ctx.progress.subscribe(ctx.credentialKey, uuid, fetch, listener);
}
