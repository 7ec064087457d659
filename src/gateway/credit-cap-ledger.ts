/**
 * The operator's credit caps: per send, and per credential per IST calendar day. What a credential spent today is
 * read from the audit trail; sends between their check and their audit entry hold a reservation, so concurrent
 * sends cannot together exceed the daily cap.
 */
import { startOfIstDay } from "../quickcom/domain/schedule.js";
import type { AuditStore } from "./audit.js";
import { CapExceededError } from "./errors.js";

/** Operator credit caps; null = no cap. */
export interface CreditCaps {
  maxCreditsPerSend: number | null;
  maxCreditsPerDay: number | null;
}

/** Dependencies of {@link CreditCapLedger}. */
export interface CreditCapLedgerDeps {
  caps: CreditCaps;
  /** Where today's spending is read (the audit trail). */
  audit: Pick<AuditStore, "creditsSince">;
}

/** Gives back a reservation. Calling it again does nothing. */
export type ReleaseCredits = () => void;

/** Checks the credit caps and holds reservations of sends under way. One instance per gateway. */
export class CreditCapLedger {
  /** Credits of sends between their daily-cap check and their audit entry, per credential. */
  private readonly reserved = new Map<string, number>();

  /** Builds a ledger with no reservations. */
  constructor(private readonly deps: CreditCapLedgerDeps) {}

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
    if (maxCreditsPerDay === null) return () => {};
    const spent = await this.deps.audit.creditsSince(credential, startOfIstDay(now));
    const reserved = this.reservedFor(credential);
    if (spent + reserved + credits > maxCreditsPerDay) {
      throw new CapExceededError("DAILY_MAX_CREDITS", maxCreditsPerDay, spent + reserved + credits);
    }
    this.reserved.set(credential, reserved + credits);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = this.reservedFor(credential) - credits;
      if (left > 0) this.reserved.set(credential, left);
      else this.reserved.delete(credential);
    };
  }

  /** Credits currently reserved by sends of `credential` under way. */
  reservedFor(credential: string): number {
    return this.reserved.get(credential) ?? 0;
  }
}
