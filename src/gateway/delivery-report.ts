/**
 * A campaign's delivery as the schema shows it: counts derived from the recipient rows (the upstream's
 * counters lag them), and the recipients' statuses grouped into PENDING, DELIVERED and FAILED.
 */
import { normalizeMobileNumber } from "../quickcom/domain/numbers.js";
import type { CampaignRecord, CampaignReport, DeliveryState, RecipientReport } from "../quickcom/types.js";

/** What a recipient's message came to, as the public API groups it. */
export type DeliveryStatus = "PENDING" | "DELIVERED" | "FAILED";

/** One recipient row with its place in the campaign (the key of its cursor). */
export interface RecipientView extends RecipientReport {
  position: number;
}

/** A campaign's delivery report. */
export interface DeliveryReportView {
  totalContacts: number;
  delivered: number;
  failed: number;
  blocked: number;
  invalid: number;
  pending: number;
  creditsUsed: number;
  stage: string;
  completed: boolean;
  recipients: RecipientView[];
}

/** Stages after which the backend changes nothing more. */
const FINAL_STAGES = new Set(["completed", "stop"]);

/** The public status of a row's state: invalid and blocked numbers count as FAILED (`rawStatus` tells them apart). */
export function deliveryStatusOf(state: DeliveryState): DeliveryStatus {
  if (state === "delivered") return "DELIVERED";
  if (state === "pending") return "PENDING";
  return "FAILED";
}

/** A stored number (`91` + 10 digits) as the 10-digit national number; an invalid one as stored. */
export function displayMobile(mobile: string): string {
  return normalizeMobileNumber(mobile) ?? mobile;
}

function isFinalStage(stage: string): boolean {
  return FINAL_STAGES.has(stage.trim().toLowerCase());
}

/**
 * The report of a `send-report` answer. With rows, every count comes from them and the campaign is complete
 * once no row is pending or the stage is final (a stopped campaign's pending rows never settle); without rows (a scheduled or old campaign) the counters are all there is.
 */
export function reportFromSendReport(report: CampaignReport): DeliveryReportView {
  const rows = report.recipients;
  if (rows.length === 0) return reportFromCounters(report);
  const count = (state: DeliveryState) => rows.filter((r) => r.state === state).length;
  const totalContacts = Math.max(report.totalContacts, rows.length);
  const delivered = count("delivered");
  const blocked = count("blocked");
  const invalid = count("invalid");
  const failed = count("failed");
  const pending = Math.max(0, totalContacts - delivered - failed - blocked - invalid);
  return {
    totalContacts,
    delivered,
    failed,
    blocked,
    invalid,
    pending,
    creditsUsed: report.totalCreditUsed,
    stage: report.stage,
    completed: pending === 0 || isFinalStage(report.stage),
    recipients: rows.map((row, position) => ({ ...row, position })),
  };
}

/**
 * The report of a campaign known only by its counters (a campaign-list row, or a report without rows): no
 * recipients; pending is what the counters do not account for, 0 once the stage is final.
 */
export function reportFromCounters(
  campaign: CampaignRecord & { totalBlockNumbers?: number },
): DeliveryReportView {
  const blocked = campaign.totalBlockNumbers ?? 0;
  const invalid = campaign.totalInvalidNumbers ?? 0;
  const failed = campaign.failed;
  const completed = isFinalStage(campaign.stage);
  return {
    totalContacts: campaign.totalContacts,
    delivered: campaign.delivered,
    failed,
    blocked,
    invalid,
    pending: completed
      ? 0
      : Math.max(0, campaign.totalContacts - campaign.delivered - failed - blocked - invalid),
    creditsUsed: campaign.totalCreditUsed ?? 0,
    stage: campaign.stage,
    completed,
    recipients: [],
  };
}

/** What a progress listener compares: a report changed when one of these did. */
export function progressFingerprint(report: DeliveryReportView): string {
  const { totalContacts, delivered, failed, blocked, invalid, pending, stage, completed } = report;
  return JSON.stringify([totalContacts, delivered, failed, blocked, invalid, pending, stage, completed]);
}
