/**
 * The audit trail of sends: every attempt that got past input validation, with who, what, how much, the
 * outcome and the idempotency key. The default store appends JSON lines to a local file (it survives a
 * restart); `AuditStore` is the interface a shared store (a database) implements.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { dirname } from "node:path";

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
}

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
  /** Credits deducted (or possibly deducted) for `credential` since `since`, for the daily cap. */
  creditsSince(credential: string, since: Date): Promise<number>;
}

/** Counts credits spent per credential from entries that spent or may have spent them. */
function spends(entry: AuditEntry): number {
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

  /** {@inheritDoc AuditStore.append} */
  async append(entry: Omit<AuditEntry, "id">): Promise<AuditEntry> {
    const full = { id: ++this.lastId, ...entry };
    await this.persist(full);
    this.entries.push(full);
    this.entries.sort((a, b) => a.id - b.id);
    return full;
  }

  /** {@inheritDoc AuditStore.list} */
  async list(args: { first: number; before?: number }): Promise<AuditPage> {
    const older =
      args.before === undefined ? this.entries : this.entries.filter((e) => e.id < (args.before ?? 0));
    const entries = older.slice(-args.first).reverse();
    return { entries, hasNextPage: older.length > args.first, totalCount: this.entries.length };
  }

  /** {@inheritDoc AuditStore.creditsSince} */
  async creditsSince(credential: string, since: Date): Promise<number> {
    const from = since.toISOString();
    let total = 0;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i];
      if (!entry || entry.at < from) break;
      if (entry.credential === credential) total += spends(entry);
    }
    return total;
  }

  /** Hook for durable subclasses; called before an entry becomes visible. */
  protected async persist(_entry: AuditEntry): Promise<void> {}
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
      try {
        const entry = JSON.parse(line) as AuditEntry;
        store.entries.push(entry);
        store.lastId = Math.max(store.lastId, entry.id);
      } catch {
        // A torn last line from a crash mid-write is skipped; every complete line is kept.
      }
    }
    return store;
  }

  protected override async persist(entry: AuditEntry): Promise<void> {
    await appendFile(this.path, `${JSON.stringify(entry)}\n`, { encoding: "utf8", mode: 0o600 });
  }
}
