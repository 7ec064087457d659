/**
 * The audit trail in Redis, shared by replicas: entries in one stream (XADD, stream id `<entry id>-0`, so `before`
 * pages by entry id), numbered by one counter; one Lua script appends an entry, adds what it spent to its
 * credential's daily counter (the daily cap's book) and indexes it under its idempotency key. Intents under way
 * are a hash per key until their entry concludes them. An intent whose replica died stays STARTED (its key stays
 * refused); its credits count against the cap only until its reservation expires.
 */
import type { Redis } from "ioredis";
import {
  type AuditEntry,
  type AuditIntent,
  type AuditPage,
  type AuditStore,
  creditsSpentBy,
  type KeyUse,
} from "../gateway/audit.js";
import { balanceOf, type CreditBalance } from "../gateway/credit-balance.js";
import { startOfIstDay } from "../quickcom/domain/schedule.js";
import { stateCall } from "./redis-connection.js";
import type { RedisKeys } from "./redis-keys.js";

const APPEND = `
local id = redis.call('INCR', KEYS[1])
redis.call('XADD', KEYS[2], id .. '-0', 'entry', ARGV[1])
if tonumber(ARGV[2]) > 0 then
  redis.call('INCRBYFLOAT', KEYS[3], ARGV[2])
  redis.call('PEXPIRE', KEYS[3], ARGV[6])
end
if ARGV[3] ~= '' then
  redis.call('LPUSH', KEYS[4], ARGV[3])
  redis.call('PEXPIRE', KEYS[4], ARGV[5])
end
if ARGV[4] ~= '' then redis.call('HDEL', KEYS[5], ARGV[4]) end
return id`;

/** How long the per-key indexes outlive their last use (longer than idempotency keys are remembered). */
const KEY_INDEX_TTL_MS = 25 * 60 * 60_000;
/** How long a daily spend counter is kept. */
const SPENT_TTL_MS = 2 * 24 * 60 * 60_000;

type StreamEntry = [id: string, fields: string[]];

/** {@link AuditStore} over Redis. */
export class RedisAuditStore implements AuditStore {
  /** Builds the store over a connected client. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** {@inheritDoc AuditStore.append} */
  append(entry: Omit<AuditEntry, "id">): Promise<AuditEntry> {
    const key = entry.idempotencyKey;
    const use: KeyUse = { at: entry.at, outcome: entry.outcome, campaignUuids: entry.campaignUuids };
    return stateCall(async () => {
      const id = (await this.redis.eval(
        APPEND,
        5,
        this.keys.auditSeq,
        this.keys.auditStream,
        this.keys.spent(entry.credential, startOfIstDay(new Date(entry.at)), balanceOf(entry)),
        key === null ? this.keys.auditSeq : this.keys.keyUses(entry.credential, key),
        key === null ? this.keys.auditSeq : this.keys.keyOpen(entry.credential, key),
        JSON.stringify(entry),
        creditsSpentBy(entry),
        key === null ? "" : JSON.stringify(use),
        key === null ? "" : (entry.attempt ?? ""),
        KEY_INDEX_TTL_MS,
        SPENT_TTL_MS,
      )) as number;
      return { id, ...entry };
    });
  }

  /** {@inheritDoc AuditStore.begin} */
  begin(intent: AuditIntent): Promise<void> {
    return stateCall(async () => {
      if (intent.idempotencyKey === null) return;
      const open = this.keys.keyOpen(intent.credential, intent.idempotencyKey);
      await this.redis
        .multi()
        .hset(open, intent.attempt, intent.at)
        .pexpire(open, KEY_INDEX_TTL_MS)
        .exec()
        .then(failedInTransaction);
    });
  }

  /** {@inheritDoc AuditStore.usesOfKey} */
  usesOfKey(credential: string, key: string, since: Date): Promise<KeyUse[]> {
    const from = since.toISOString();
    return stateCall(async () => {
      const [open, ended] = await Promise.all([
        this.redis.hvals(this.keys.keyOpen(credential, key)),
        this.redis.lrange(this.keys.keyUses(credential, key), 0, -1),
      ]);
      const started: KeyUse[] = open
        .filter((at) => at >= from)
        .map((at) => ({ at, outcome: "STARTED", campaignUuids: [] }));
      const uses = ended.map((text) => JSON.parse(text) as KeyUse).filter((use) => use.at >= from);
      return [...started, ...uses];
    });
  }

  /** {@inheritDoc AuditStore.list} */
  list(args: { first: number; before?: number }): Promise<AuditPage> {
    return stateCall(async () => {
      const end = args.before === undefined ? "+" : `(${args.before}-0`;
      const [rows, totalCount] = await Promise.all([
        this.redis.xrevrange(this.keys.auditStream, end, "-", "COUNT", args.first + 1),
        this.redis.xlen(this.keys.auditStream),
      ]);
      const entries = (rows as StreamEntry[]).map(parseEntry);
      return { entries: entries.slice(0, args.first), hasNextPage: entries.length > args.first, totalCount };
    });
  }

  /** {@inheritDoc AuditStore.creditsSince} */
  creditsSince(
    credential: string,
    since: Date,
    balance: CreditBalance = "transaction_balance",
  ): Promise<number> {
    const from = since.toISOString();
    return stateCall(async () => {
      let total = 0;
      let end = "+";
      for (;;) {
        const rows = (await this.redis.xrevrange(
          this.keys.auditStream,
          end,
          "-",
          "COUNT",
          500,
        )) as StreamEntry[];
        for (const row of rows) {
          const entry = parseEntry(row);
          if (entry.at < from) return total;
          if (entry.credential === credential && balanceOf(entry) === balance) {
            total += creditsSpentBy(entry);
          }
        }
        const last = rows.at(-1);
        if (!last || rows.length < 500) return total;
        end = `(${last[0]}`;
      }
    });
  }
}

function parseEntry([streamId, fields]: StreamEntry): AuditEntry {
  const text = fields[fields.indexOf("entry") + 1] ?? "{}";
  return { id: Number(streamId.split("-")[0]), ...(JSON.parse(text) as Omit<AuditEntry, "id">) };
}

function failedInTransaction(results: [Error | null, unknown][] | null): void {
  const error = results?.find(([e]) => e)?.[0];
  if (error) throw error;
  if (!results) throw new Error("transaction aborted");
}
