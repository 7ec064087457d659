/**
 * The delivery reads of one request, batched per campaign: every field that needs a campaign's report or one
 * of its numbers within a tick shares one upstream call per campaign. A campaign whose whole report is asked
 * for (or already read) answers its number lookups from that report; otherwise a number lookup is one
 * `send-number-report` call.
 */
import DataLoader from "dataloader";
import type { QuickcomClient } from "../quickcom/client/client.js";
import { QuickcomNotFoundError } from "../quickcom/client/errors.js";
import type { CampaignReport, RecipientReport } from "../quickcom/types.js";
import { NotFoundError } from "./errors.js";

type Read = { kind: "report"; uuid: string } | { kind: "number"; uuid: string; mobile: string };

/** The error of a uuid that is not the credential's (QuickCom's 1014). */
export function campaignNotFound(): NotFoundError {
  return new NotFoundError("No campaign with this uuid belongs to this QuickCom account.");
}

/** `send-report` of `uuid`, or null when the uuid is not this credential's (1014). */
export async function readCampaignReport(
  client: QuickcomClient,
  uuid: string,
): Promise<CampaignReport | null> {
  try {
    return (await client.sendReport(uuid)).data;
  } catch (error) {
    if (error instanceof QuickcomNotFoundError && error.reason === "campaign_not_found") return null;
    throw error;
  }
}

/** Per-request, per-credential campaign report reads (see the module comment). */
export class CampaignReads {
  readonly #reports = new Map<string, Promise<CampaignReport | null>>();
  readonly #loader: DataLoader<string, CampaignReport | null | RecipientReport[]>;

  /** @param client the client bound to the request's credentials */
  constructor(private readonly client: QuickcomClient) {
    this.#loader = new DataLoader((keys) => this.#batch(keys.map((k) => JSON.parse(k) as Read)));
  }

  /** The whole report of `uuid`, or null when it is not this credential's. */
  report(uuid: string): Promise<CampaignReport | null> {
    return this.#loader.load(JSON.stringify({ kind: "report", uuid })) as Promise<CampaignReport | null>;
  }

  /**
   * The rows of `mobile` (`91` + 10 digits, as the upstream stores it) in campaign `uuid`; throws
   * {@link NotFoundError} when the uuid is not this credential's.
   */
  numberRows(uuid: string, mobile: string): Promise<RecipientReport[]> {
    return this.#loader.load(JSON.stringify({ kind: "number", uuid, mobile })) as Promise<RecipientReport[]>;
  }

  #fullReport(uuid: string): Promise<CampaignReport | null> {
    let report = this.#reports.get(uuid);
    if (!report) {
      report = readCampaignReport(this.client, uuid);
      this.#reports.set(uuid, report);
    }
    return report;
  }

  async #batch(reads: Read[]): Promise<(CampaignReport | null | RecipientReport[] | Error)[]> {
    const wholeReport = new Set(reads.filter((r) => r.kind === "report").map((r) => r.uuid));
    for (const uuid of this.#reports.keys()) wholeReport.add(uuid);
    return Promise.all(
      reads.map(async (read) => {
        try {
          if (read.kind === "report") return await this.#fullReport(read.uuid);
          if (wholeReport.has(read.uuid)) {
            const report = await this.#fullReport(read.uuid);
            if (!report) return campaignNotFound();
            return report.recipients.filter((row) => row.mobile === read.mobile);
          }
          return (await this.client.sendNumberReport(read.mobile, read.uuid)).data;
        } catch (error) {
          if (error instanceof QuickcomNotFoundError && error.reason === "campaign_not_found") {
            return campaignNotFound();
          }
          return error as Error;
        }
      }),
    );
  }
}
