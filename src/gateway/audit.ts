/**
 * The audit trail of sends: every attempt that got past input validation, with who, what, how much, the
 * outcome and the idempotency key. Before a send's first request leaves, its intent is written; an intent that
 * never got its outcome (the process died mid-send) becomes an UNKNOWN entry when the trail is next opened. The
 * default store appends JSON lines to a local file (it survives a restart); `AuditStore` is the interface a
 * shared store (a database) implements.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";
import { balanceOf, type CreditBalance } from "./credit-balance.js";

/** How an attempt ended. */
export type AuditOutcome = "SENT" | "PARTIAL" | "FAILED" | "UNKNOWN" | "REFUSED" | "REPLAYED";

/** One audited send attempt. Holds no secret: `credential` is a one-way key of the QuickCom credentials. */
export interface AuditEntry {
  /** Sequence number, increasing. */
  id: number;
  at: string;
  /** Gateway token name, `mcp:<session>` or `anonymous`. */
  actor: string;
  transport: "graphql" | "mcp";
  credential: string;
  requestId: string;
  dltTemplateId: string;
  route: string;
  recipients: number;
  estimatedCredits: number;
  creditsDeducted: number;
  outcome: AuditOutcome;
  /** Error code when not SENT. */
  code: string | null;
  idempotencyKey: string | null;
  campaignUuids: string[];
  /** Id of the send attempt whose intent this entry concludes (absent for attempts that never got that far). */
  attempt?: string;
  /** OTP sends: a keyed digest (HMAC) of the code, never the code. */
  otpCodeDigest?: string;
  /** The balance the send was billed on (absent: `transaction_balance`, as entries before voice and WhatsApp). */
  balance?: CreditBalance;
}

/** A send about to go out: written before its first upstream request. */
export type AuditIntent = Omit<
  AuditEntry,
  "id" | "outcome" | "code" | "creditsDeducted" | "campaignUuids"
> & {
  attempt: string;
};

/** What the trail knows of one idempotency key: concluded entries, and intents still under way (`STARTED`). */
export type KeyUse = Pick<AuditEntry, "at" | "campaignUuids"> & { outcome: AuditOutcome | "STARTED" };

/** A page of entries, newest first. */
export interface AuditPage {
  entries: AuditEntry[];
  hasNextPage: boolean;
  totalCount: number;
}

/** Where audit entries go. Implement it over a shared database to share the trail between instances. */
export interface AuditStore {
  /** Appends one entry durably and returns it with its id. */
  append(entry: Omit<AuditEntry, "id">): Promise<AuditEntry>;
  /** Newest first; `before` is an entry id (exclusive). */
  list(args: { first: number; before?: number }): Promise<AuditPage>;
  /** Credits of `balance` deducted (or possibly deducted) for `credential` since `since`, for the daily cap. */
  creditsSince(credential: string, since: Date, balance?: CreditBalance): Promise<number>;
  /** Records, durably, that a send is about to go out; the entry appended when it ends carries its `attempt`. */
  begin(intent: AuditIntent): Promise<void>;
  /** Entries and open intents of one idempotency key of `credential` since `since`, newest first. */
  usesOfKey(credential: string, key: string, since: Date): Promise<KeyUse[]>;
}

/** Credits an entry spent or may have spent (what the daily cap counts). */
export function creditsSpentBy(
  entry: Pick<AuditEntry, "outcome" | "creditsDeducted" | "estimatedCredits">,
): number {
  if (entry.outcome === "SENT") return entry.creditsDeducted;
  if (entry.outcome === "UNKNOWN" || entry.outcome === "PARTIAL") {
    return Math.max(entry.creditsDeducted, entry.estimatedCredits);
  }
  return 0;
}

/** An in-memory store; the base of the file store, and enough for tests. */
export class MemoryAuditStore implements AuditStore {
  protected readonly entries: AuditEntry[] = [];
  protected lastId = 0;
  /** Intents whose send has not ended yet, by attempt id. */
  protected readonly open = new Map<string, AuditIntent>();

  /** {@inheritDoc AuditStore.append} */
  async append(entry: Omit<AuditEntry, "id">): Promise<AuditEntry> {
    const full = { id: ++this.lastId, ...entry };
    await this.persist(full);
    this.entries.push(full);
    this.entries.sort((a, b) => a.id - b.id);
    if (full.attempt !== undefined) this.open.delete(full.attempt);
    return full;
  }

  /** {@inheritDoc AuditStore.begin} */
  async begin(intent: AuditIntent): Promise<void> {
    await this.persist({ intent });
    this.open.set(intent.attempt, intent);
  }

  /** {@inheritDoc AuditStore.usesOfKey} */
  async usesOfKey(credential: string, key: string, since: Date): Promise<KeyUse[]> {
    const from = since.toISOString();
    const mine = (e: { credential: string; idempotencyKey: string | null; at: string }) =>
      e.credential === credential && e.idempotencyKey === key && e.at >= from;
    const started: KeyUse[] = [...this.open.values()]
      .filter(mine)
      .map((i) => ({ at: i.at, outcome: "STARTED", campaignUuids: [] }));
    const ended: KeyUse[] = [];
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (!entry || entry.at < from) break;
      if (mine(entry))
        ended.push({ at: entry.at, outcome: entry.outcome, campaignUuids: entry.campaignUuids });
    }
    return [...started, ...ended];
  }

  /** {@inheritDoc AuditStore.list} */
  async list(args: { first: number; before?: number }): Promise<AuditPage> {
    const older =
      args.before === undefined ? this.entries : this.entries.filter((e) => e.id < (args.before ?? 0));
    const entries = older.slice(-args.first).reverse();
    return { entries, hasNextPage: older.length > args.first, totalCount: this.entries.length };
  }

  /** {@inheritDoc AuditStore.creditsSince} */
  async creditsSince(
    credential: string,
    since: Date,
    balance: CreditBalance = "transaction_balance",
  ): Promise<number> {
    const from = since.toISOString();
    let total = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (!entry || entry.at < from) break;
      if (entry.credential === credential && balanceOf(entry) === balance) total += creditsSpentBy(entry);
    }
    return total;
  }

  /** Hook for durable subclasses; called before an entry or intent becomes visible. */
  protected async persist(_record: AuditEntry | { intent: AuditIntent }): Promise<void> {}
}

/** Appends each entry as one JSON line to a file, and reloads the file on open. */
export class FileAuditStore extends MemoryAuditStore {
  private constructor(private readonly path: string) {
    super();
  }

  /** Opens (and creates) the trail at `path`, loading the entries already there. */
  static async open(path: string): Promise<FileAuditStore> {
    const store = new FileAuditStore(path);
    await mkdir(dirname(path), { recursive: true });
    const text = await readFile(path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return "";
      throw error;
    });
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      let record: AuditEntry | { intent: AuditIntent };
      try {
        record = JSON.parse(line) as AuditEntry | { intent: AuditIntent };
      } catch {
        // A torn last line from a crash mid-write is skipped; every complete line is kept.
        continue;
      }
      if ("intent" in record) {
        store.open.set(record.intent.attempt, record.intent);
        continue;
      }
      store.entries.push(record);
      store.lastId = Math.max(store.lastId, record.id);
      if (record.attempt !== undefined) store.open.delete(record.attempt);
    }
    // Sends the previous process began but never concluded may have spent credits: they count as UNKNOWN.
    for (const intent of [...store.open.values()]) {
      await store.append({
        ...intent,
        creditsDeducted: 0,
        outcome: "UNKNOWN",
        code: "GATEWAY_STOPPED",
        campaignUuids: [],
      });
    }
    return store;
  }

  protected override async persist(record: AuditEntry | { intent: AuditIntent }): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(record)}\n`, { encoding: "utf8", mode: 0o600 });
  }
}
