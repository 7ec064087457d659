/**
 * Per-request DataLoaders over the QuickCom client: one upstream call per distinct resource and page,
 * however many fields, aliases, fragments or nodes ask for it within one GraphQL request.
 */
import DataLoader from "dataloader";
import type { QuickcomClient } from "../quickcom/client/client.js";
import type {
  AccountBalance,
  AccountStatus,
  CampaignPage,
  SenderIdRecord,
  TemplateRecord,
} from "../quickcom/types.js";
import type { ReadCache } from "./read-cache.js";

/** A loader of one resource without a key. */
function single<T>(load: () => Promise<T>): DataLoader<"self", T> {
  return new DataLoader<"self", T>(async () => [await load()]);
}

/** The upstream reads of one request, for one credential. */
export class UpstreamLoaders {
  /** `account-status`. */
  readonly accountStatus: DataLoader<"self", AccountStatus>;
  /** `check-balance` (profile and balances). */
  readonly balance: DataLoader<"self", AccountBalance>;
  /** `approved-senderids`, shared across requests through the read cache. */
  readonly senderIds: DataLoader<"self", SenderIdRecord[]>;
  /** `templates`, shared across requests through the read cache. */
  readonly templates: DataLoader<"self", TemplateRecord[]>;
  /** `campaign-list`, keyed `page:perPage`. */
  readonly campaignPages: DataLoader<string, CampaignPage>;

  /**
   * @param client the client bound to this request's credentials
   * @param credentialKey opaque per-credential key for the shared read cache
   * @param cache the shared read cache
   */
  constructor(
    client: QuickcomClient,
    private readonly credentialKey: string,
    private readonly cache: ReadCache,
  ) {
    this.accountStatus = single(async () => (await client.accountStatus()).data);
    this.balance = single(async () => (await client.checkBalance()).data);
    this.senderIds = single(() =>
      cache.get(credentialKey, "approved-senderids", async () => (await client.approvedSenderIds()).data),
    );
    this.templates = single(() =>
      cache.get(credentialKey, "templates", async () => (await client.templates()).data),
    );
    this.campaignPages = new DataLoader<string, CampaignPage>((keys) =>
      Promise.all(
        keys.map(async (key) => {
          const [page, perPage] = key.split(":").map(Number);
          return (await client.campaignList({ page: page ?? 1, perPage: perPage ?? 20 })).data;
        }),
      ),
    );
  }

  /** One campaign page (1-based), deduplicated within the request. */
  campaignPage(page: number, perPage: number): Promise<CampaignPage> {
    return this.campaignPages.load(`${page}:${perPage}`);
  }

  /** After a send: balances and campaigns change, so later reads in this request go upstream again. */
  afterSend(): void {
    this.balance.clearAll();
    this.campaignPages.clearAll();
    this.cache.invalidate(this.credentialKey);
  }
}
