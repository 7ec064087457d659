/**
 * The operator's credit caps: per send, and per credential per IST calendar day, for each balance a send is billed
 * on (SMS and OTP on `transaction_balance`, voice on `voice_sms_balance`, WhatsApp on `whatsapp_credit`, each with
 * its own caps and its own daily book). What a credential spent today
 * and what sends under way have reserved is kept by a {@link DailyCreditBook}: in memory over the audit trail for
 * one process, or in Redis for replicas (`src/state/redis-daily-credits.ts`). Sends between their check and their
 * audit entry hold a reservation, so concurrent sends cannot together exceed the daily cap.
 */
import { startOfIstDay } from "../quickcom/domain/schedule.js";
import type { AuditStore } from "./audit.js";
import type { CreditBalance } from "./credit-balance.js";
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

/** The caps of each balance. */
export type BalanceCaps = Record<CreditBalance, CreditCaps>;

/**
 * Spending and reservations per credential, balance and IST day; reserving is one step (check and hold
 * together).
 */
export interface DailyCreditBook {
  /**
   * Holds `credits` of `balance` for `credential` on the IST day starting at `day` if spent + reserved + credits
   * ≤ `cap`.
   */
  reserve(
    credential: string,
    balance: CreditBalance,
    day: Date,
    credits: number,
    cap: number,
    now: Date,
  ): Promise<Reservation>;
  /** Credits of `balance` currently reserved by sends of `credential` under way (`now` drops expired ones). */
  reservedFor(credential: string, balance: CreditBalance, day: Date, now: Date): Promise<number>;
}

/** The in-memory book of one credential's balance. */
function bookOf(credential: string, balance: CreditBalance): string {
  return `${balance}\u0000${credential}`;
}

/** Reservations in this process's memory; today's spending read from the audit trail. */
export class MemoryDailyCredits implements DailyCreditBook {
  private readonly reserved = new Map<string, number>();

  /** @param audit where today's spending is read. */
  constructor(private readonly audit: Pick<AuditStore, "creditsSince">) {}

  /** {@inheritDoc DailyCreditBook.reserve} */
  async reserve(
    credential: string,
    balance: CreditBalance,
    day: Date,
    credits: number,
    cap: number,
  ): Promise<Reservation> {
    const spent = await this.audit.creditsSince(credential, day, balance);
    const book = bookOf(credential, balance);
    const reserved = this.reserved.get(book) ?? 0;
    if (spent + reserved + credits > cap) return { wouldBe: spent + reserved + credits };
    this.reserved.set(book, reserved + credits);
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        const left = (this.reserved.get(book) ?? 0) - credits;
        if (left > 0) this.reserved.set(book, left);
        else this.reserved.delete(book);
      },
    };
  }

  /** {@inheritDoc DailyCreditBook.reservedFor} */
  async reservedFor(credential: string, balance: CreditBalance): Promise<number> {
    return this.reserved.get(bookOf(credential, balance)) ?? 0;
  }
}

/**
 * The caps of every balance: `transaction_balance` has the SMS caps, and each cap of another balance left null
 * falls back to the SMS cap of the same kind, so a cap set once bounds every balance.
 */
export function resolveBalanceCaps(
  sms: CreditCaps,
  others: Partial<Omit<BalanceCaps, "transaction_balance">> = {},
): BalanceCaps {
  const of = (caps: CreditCaps | undefined): CreditCaps => ({
    maxCreditsPerSend: caps?.maxCreditsPerSend ?? sms.maxCreditsPerSend,
    maxCreditsPerDay: caps?.maxCreditsPerDay ?? sms.maxCreditsPerDay,
  });
  return {
    transaction_balance: sms,
    voice_sms_balance: of(others.voice_sms_balance),
    whatsapp_credit: of(others.whatsapp_credit),
  };
}

/** Dependencies of {@link CreditCapLedger}. */
export interface CreditCapLedgerDeps {
  caps: BalanceCaps;
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
   * Checks that `credits` of `balance` fit its caps at `now` and reserves them against `credential`'s daily cap
   * of that balance until the returned release is called (once the send's audit entry is written, or the send is
   * refused or fails). Throws {@link CapExceededError}.
   */
  async reserve(
    credential: string,
    credits: number,
    now: Date,
    balance: CreditBalance = "transaction_balance",
  ): Promise<ReleaseCredits> {
    const { maxCreditsPerSend, maxCreditsPerDay } = this.deps.caps[balance];
    if (maxCreditsPerSend !== null && credits > maxCreditsPerSend) {
      throw new CapExceededError("SEND_MAX_CREDITS", maxCreditsPerSend, credits);
    }
    if (maxCreditsPerDay === null) return async () => {};
    const day = startOfIstDay(now);
    const held = await this.book.reserve(credential, balance, day, credits, maxCreditsPerDay, now);
    if ("wouldBe" in held) throw new CapExceededError("DAILY_MAX_CREDITS", maxCreditsPerDay, held.wouldBe);
    return held.release;
  }

  /** Credits of `balance` currently reserved by sends of `credential` under way on the IST day of `now`. */
  reservedFor(
    credential: string,
    now: Date,
    balance: CreditBalance = "transaction_balance",
  ): Promise<number> {
    return this.book.reservedFor(credential, balance, startOfIstDay(now), now);
  }

  /** Whether any cap of `balance` is set (then a send whose price is unknown cannot be checked). */
  capped(balance: CreditBalance): boolean {
    const caps = this.deps.caps[balance];
    return caps.maxCreditsPerSend !== null || caps.maxCreditsPerDay !== null;
  }
}
