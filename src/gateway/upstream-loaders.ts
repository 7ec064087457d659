/**
 * Per-request DataLoaders over the QuickCom client: one upstream call per distinct resource and page,
 * however many fields, aliases, fragments or nodes ask for it within one GraphQL request.
 */
import DataLoader from "dataloader";
import type { QuickcomClient } from "../quickcom/client/client.js";
import type { ReadData, ReadEndpoint } from "../quickcom/client/responses.js";
import type {
  AccountBalance,
  AccountStatus,
  CampaignPage,
  SenderIdRecord,
  TemplateRecord,
} from "../quickcom/types.js";
import { CampaignReads } from "./campaign-reads.js";
import type { ReadCache } from "./read-cache.js";

/** A loader of one resource without a key. */
function single<T>(load: () => Promise<T>): DataLoader<"self", T> {
  return new DataLoader<"self", T>(async () => [await load()]);
}

/**
 * The upstream reads of one request, for one credential. Each loader is made when first used: most requests
 * read one or two resources.
 */
export class UpstreamLoaders {
  #accountStatus?: DataLoader<"self", AccountStatus>;
  #balance?: DataLoader<"self", AccountBalance>;
  #senderIds?: DataLoader<"self", SenderIdRecord[]>;
  #templates?: DataLoader<"self", TemplateRecord[]>;
  #campaignPages?: DataLoader<string, CampaignPage>;
  #campaignReads?: CampaignReads;
  readonly #reads = new Map<string, Promise<unknown>>();

  /**
   * @param client the client bound to this request's credentials
   * @param credentialKey opaque per-credential key for the shared read cache
   * @param cache the shared read cache
   */
  constructor(
    private readonly client: QuickcomClient,
    private readonly credentialKey: string,
    private readonly cache: ReadCache,
  ) {}

  /** `account-status`. */
  get accountStatus(): DataLoader<"self", AccountStatus> {
    this.#accountStatus ??= single(async () => (await this.client.accountStatus()).data);
    return this.#accountStatus;
  }

  /** `check-balance` (profile and balances). */
  get balance(): DataLoader<"self", AccountBalance> {
    this.#balance ??= single(async () => (await this.client.checkBalance()).data);
    return this.#balance;
  }

  /** `approved-senderids`, shared across requests through the read cache. */
  get senderIds(): DataLoader<"self", SenderIdRecord[]> {
    this.#senderIds ??= single(() =>
      this.cache.get(
        this.credentialKey,
        "approved-senderids",
        async () => (await this.client.approvedSenderIds()).data,
      ),
    );
    return this.#senderIds;
  }

  /** `templates`, shared across requests through the read cache. */
  get templates(): DataLoader<"self", TemplateRecord[]> {
    this.#templates ??= single(() =>
      this.cache.get(this.credentialKey, "templates", async () => (await this.client.templates()).data),
    );
    return this.#templates;
  }

  /** `campaign-list`, keyed `page:perPage`. */
  get campaignPages(): DataLoader<string, CampaignPage> {
    this.#campaignPages ??= new DataLoader<string, CampaignPage>((keys) =>
      Promise.all(
        keys.map(async (key) => {
          const [page, perPage] = key.split(":").map(Number);
          return (await this.client.campaignList({ page: page ?? 1, perPage: perPage ?? 20 })).data;
        }),
      ),
    );
    return this.#campaignPages;
  }

  /** `send-report` and `send-number-report`: one call per campaign, however many fields ask. */
  get campaignReads(): CampaignReads {
    this.#campaignReads ??= new CampaignReads(this.client);
    return this.#campaignReads;
  }

  /** One campaign page (1-based), deduplicated within the request. */
  campaignPage(page: number, perPage: number): Promise<CampaignPage> {
    return this.campaignPages.load(`${page}:${perPage}`);
  }

  /**
   * Any read endpoint of the client's `READS` with the values of its path parameters, called once per request
   * however many fields ask for it (no shared cache: the answer is this credential's and this request's).
   */
  read<E extends ReadEndpoint>(endpoint: E, ...path: string[]): Promise<ReadData<E>> {
    const key = [endpoint, ...path].join("\n");
    let pending = this.#reads.get(key) as Promise<ReadData<E>> | undefined;
    if (!pending) {
      pending = this.client.read(endpoint, path).then((result) => result.data);
      this.#reads.set(key, pending);
    }
    return pending;
  }

  /** After a send: balances and campaigns change, so later reads in this request go upstream again. */
  afterSend(): Promise<void> {
    this.#balance?.clearAll();
    this.#campaignPages?.clearAll();
    this.#reads.clear();
    return this.cache.invalidate(this.credentialKey);
  }
}
