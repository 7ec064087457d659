/**
 * The operator's credit caps: per send, and per credential per IST calendar day. What a credential spent today
 * and what sends under way have reserved is kept by a {@link DailyCreditBook}: in memory over the audit trail for
 * one process, or in Redis for replicas (`src/state/redis-daily-credits.ts`). Sends between their check and their
 * audit entry hold a reservation, so concurrent sends cannot together exceed the daily cap.
 */
import { startOfIstDay } from "../quickcom/domain/schedule.js";
import type { AuditStore } from "./audit.js";
import { CapExceededError } from "./errors.js";

/** Operator credit caps; null = no cap. */
export interface CreditCaps {
  maxCreditsPerSend: number | null;
  maxCreditsPerDay: number | null;
}

/** Gives back a reservation. Calling it again does nothing. */
export type ReleaseCredits = () => Promise<void>;

/** A reservation granted, or the total that would have gone over the cap. */
export type Reservation = { release: ReleaseCredits } | { wouldBe: number };

/** Spending and reservations per credential and IST day; reserving is one step (check and hold together). */
export interface DailyCreditBook {
  /** Holds `credits` for `credential` on the IST day starting at `day` if spent + reserved + credits ≤ `cap`. */
  reserve(credential: string, day: Date, credits: number, cap: number, now: Date): Promise<Reservation>;
  /** Credits currently reserved by sends of `credential` under way (`now` drops expired reservations). */
  reservedFor(credential: string, day: Date, now: Date): Promise<number>;
}

/** Reservations in this process's memory; today's spending read from the audit trail. */
export class MemoryDailyCredits implements DailyCreditBook {
  private readonly reserved = new Map<string, number>();

  /** @param audit where today's spending is read. */
  constructor(private readonly audit: Pick<AuditStore, "creditsSince">) {}

  /** {@inheritDoc DailyCreditBook.reserve} */
  async reserve(credential: string, day: Date, credits: number, cap: number): Promise<Reservation> {
    const spent = await this.audit.creditsSince(credential, day);
    const reserved = this.reserved.get(credential) ?? 0;
    if (spent + reserved + credits > cap) return { wouldBe: spent + reserved + credits };
    this.reserved.set(credential, reserved + credits);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        const left = (this.reserved.get(credential) ?? 0) - credits;
        if (left > 0) this.reserved.set(credential, left);
        else this.reserved.delete(credential);
      },
    };
  }

  /** {@inheritDoc DailyCreditBook.reservedFor} */
  async reservedFor(credential: string): Promise<number> {
    return this.reserved.get(credential) ?? 0;
  }
}

/** Dependencies of {@link CreditCapLedger}. */
export interface CreditCapLedgerDeps {
  caps: CreditCaps;
  /** Where today's spending is read (the audit trail) when no `book` is given. */
  audit: Pick<AuditStore, "creditsSince">;
  /** Spending and reservations (default: {@link MemoryDailyCredits} over `audit`). */
  book?: DailyCreditBook;
}

/** Checks the credit caps and holds reservations of sends under way. One instance per gateway. */
export class CreditCapLedger {
  private readonly book: DailyCreditBook;

  /** Builds a ledger with no reservations. */
  constructor(private readonly deps: CreditCapLedgerDeps) {
    this.book = deps.book ?? new MemoryDailyCredits(deps.audit);
  }

  /**
   * Checks that `credits` fit the caps at `now` and reserves them against `credential`'s daily cap until the
   * returned release is called (once the send's audit entry is written, or the send is refused or fails).
   * Throws {@link CapExceededError}.
   */
  async reserve(credential: string, credits: number, now: Date): Promise<ReleaseCredits> {
    const { maxCreditsPerSend, maxCreditsPerDay } = this.deps.caps;
    if (maxCreditsPerSend !== null && credits > maxCreditsPerSend) {
      throw new CapExceededError("SEND_MAX_CREDITS", maxCreditsPerSend, credits);
    }
    if (maxCreditsPerDay === null) return async () => {};
    const held = await this.book.reserve(credential, startOfIstDay(now), credits, maxCreditsPerDay, now);
    if ("wouldBe" in held) throw new CapExceededError("DAILY_MAX_CREDITS", maxCreditsPerDay, held.wouldBe);
    return held.release;
  }

  /** Credits currently reserved by sends of `credential` under way on the IST day of `now`. */
  reservedFor(credential: string, now: Date): Promise<number> {
    return this.book.reservedFor(credential, startOfIstDay(now), now);
  }
}
