/**
 * The daily cap's book in Redis: what a credential spent on an IST day is a counter the Redis audit trail adds to
 * (`spent`), and sends under way hold reservations in a sorted set scored by their expiry (a replica that dies
 * holding one frees it after `reservationTtlMs`). One Lua script reads both and reserves only under the cap.
 * Amounts may be fractional (WhatsApp credit, e.g. 0.875): the scripts parse and return them as decimal strings.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { CreditBalance } from "../gateway/credit-balance.js";
import type { DailyCreditBook, Reservation } from "../gateway/credit-cap-ledger.js";
import { stateCall } from "./redis-connection.js";
import type { RedisKeys } from "./redis-keys.js";

const RESERVED = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local reserved = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  reserved = reserved + tonumber(string.match(member, ':([%d%.]+)$'))
end
return tostring(reserved)`;

const RESERVE = `
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[1])
local reserved = 0
for _, member in ipairs(redis.call('ZRANGE', KEYS[2], 0, -1)) do
  reserved = reserved + tonumber(string.match(member, ':([%d%.]+)$'))
end
local total = tonumber(redis.call('GET', KEYS[1]) or '0') + reserved + tonumber(ARGV[2])
if total > tonumber(ARGV[3]) then return {0, tostring(total)} end
redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4] .. ':' .. ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[6])
return {1, tostring(total)}`;

/** Options of {@link RedisDailyCredits}. */
export interface RedisDailyCreditsOptions {
  /** How long a reservation lasts if its send never releases it (default 1 hour). */
  reservationTtlMs?: number;
}

/** {@link DailyCreditBook} over Redis. */
export class RedisDailyCredits implements DailyCreditBook {
  private readonly reservationTtlMs: number;

  /** Builds the book over a connected client. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
    options: RedisDailyCreditsOptions = {},
  ) {
    this.reservationTtlMs = options.reservationTtlMs ?? 60 * 60_000;
  }

  /** {@inheritDoc DailyCreditBook.reserve} */
  reserve(
    credential: string,
    balance: CreditBalance,
    day: Date,
    credits: number,
    cap: number,
    now: Date,
  ): Promise<Reservation> {
    const set = this.keys.reservations(credential, day, balance);
    const id = randomUUID();
    return stateCall(async () => {
      const [granted, total] = (await this.redis.eval(
        RESERVE,
        2,
        this.keys.spent(credential, day, balance),
        set,
        now.getTime(),
        credits,
        cap,
        id,
        now.getTime() + this.reservationTtlMs,
        2 * 24 * 60 * 60_000,
      )) as [number, string];
      if (granted !== 1) return { wouldBe: Number(total) };
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await stateCall(() => this.redis.zrem(set, `${id}:${credits}`));
        },
      };
    });
  }

  /** {@inheritDoc DailyCreditBook.reservedFor} */
  reservedFor(credential: string, balance: CreditBalance, day: Date, now: Date): Promise<number> {
    return stateCall(async () =>
      Number(
        (await this.redis.eval(
          RESERVED,
          1,
          this.keys.reservations(credential, day, balance),
          now.getTime(),
        )) as string,
      ),
    );
  }
}
