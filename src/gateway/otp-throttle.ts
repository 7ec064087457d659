/**
 * The per-number OTP resend throttle: before an OTP goes upstream it takes a slot for (credential, number); a
 * number whose rules are full is refused with the time the next OTP may go. Checking and taking are one step, in
 * this process's memory or in Redis for replicas (`src/state/redis-otp-throttle.ts`). The number is never a key:
 * callers pass a keyed digest of it. A send that certainly did not go out gives its slot back.
 */
import { randomUUID } from "node:crypto";
import { longestWindow, nextAllowedAt, type OtpThrottleRule } from "./otp-throttle-rules.js";

/** A slot taken (give it back with `release` when nothing was sent), or when the next send may go. */
export type OtpSlot = { release: () => Promise<void> } | { retryAt: number };

/** Where the send times of each (credential, number digest) are kept. */
export interface OtpThrottleStore {
  /**
   * Takes a slot at `now` (epoch ms) if every rule allows one more send, else answers when one will: one step, so
   * of concurrent sends to one number (on any replica) no more than the rules allow go ahead.
   */
  acquire(
    credential: string,
    numberDigest: string,
    rules: readonly OtpThrottleRule[],
    now: number,
  ): Promise<OtpSlot>;
}

/** Most (credential, number) entries kept before expired ones are swept. */
const SWEEP_AT = 10_000;

/** {@link OtpThrottleStore} in this process's memory. */
export class MemoryOtpThrottle implements OtpThrottleStore {
  private readonly sends = new Map<string, Map<string, number>>();

  /** {@inheritDoc OtpThrottleStore.acquire} */
  async acquire(
    credential: string,
    numberDigest: string,
    rules: readonly OtpThrottleRule[],
    now: number,
  ): Promise<OtpSlot> {
    const id = `${credential}\u0000${numberDigest}`;
    const horizon = now - longestWindow(rules);
    if (this.sends.size >= SWEEP_AT) this.sweep(horizon);
    const times = this.sends.get(id) ?? new Map<string, number>();
    for (const [slot, at] of times) if (at <= horizon) times.delete(slot);
    const retryAt = nextAllowedAt([...times.values()], rules, now);
    if (retryAt > now) return { retryAt };
    const slot = randomUUID();
    times.set(slot, now);
    this.sends.set(id, times);
    return {
      release: async () => {
        times.delete(slot);
        if (times.size === 0 && this.sends.get(id) === times) this.sends.delete(id);
      },
    };
  }

  private sweep(horizon: number): void {
    for (const [id, times] of this.sends) {
      for (const [slot, at] of times) if (at <= horizon) times.delete(slot);
      if (times.size === 0) this.sends.delete(id);
    }
  }
}
