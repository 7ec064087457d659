/** State of a {@link CircuitBreaker}. */
export type BreakerState = "closed" | "open" | "half-open";

/** Options of a {@link CircuitBreaker}. */
export interface CircuitBreakerOptions {
  /** Consecutive upstream faults that open the circuit (default 5). */
  failureThreshold?: number;
  /** How long the circuit stays open before one probe is let through (default 10000 ms). */
  resetAfterMs?: number;
  /** Clock in milliseconds (default `Date.now`). */
  now?: () => number;
  /** Called on every state transition. */
  onStateChange?: (state: BreakerState) => void;
}

/**
 * Consecutive-failure circuit breaker shared by every client of one upstream. Only upstream faults count
 * (timeouts, connection errors, 5xx, malformed answers); business errors and 429 do not. While open,
 * {@link CircuitBreaker.tryAcquire} refuses; after `resetAfterMs` it turns half-open and admits one probe,
 * whose outcome closes or reopens it.
 */
export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly resetAfterMs: number;
  private readonly now: () => number;
  private readonly onStateChange: ((state: BreakerState) => void) | undefined;
  private current: BreakerState = "closed";
  private failures = 0;
  private openedAt = 0;
  private probeInFlight = false;

  /** Creates a closed breaker. */
  constructor(opts: CircuitBreakerOptions = {}) {
    this.failureThreshold = Math.max(1, opts.failureThreshold ?? 5);
    this.resetAfterMs = Math.max(0, opts.resetAfterMs ?? 10_000);
    this.now = opts.now ?? Date.now;
    this.onStateChange = opts.onStateChange;
  }

  /** Current state; an open breaker whose reset delay has passed reports (and becomes) half-open. */
  get state(): BreakerState {
    if (this.current === "open" && this.now() - this.openedAt >= this.resetAfterMs) {
      this.transition("half-open");
    }
    return this.current;
  }

  /** Consecutive upstream faults counted so far. */
  get consecutiveFailures(): number {
    return this.failures;
  }

  /**
   * Asks to make one upstream call. `false` means fail fast without touching the network. In half-open
   * only one caller gets `true` until that probe reports its outcome.
   */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === "closed") return true;
    if (state === "open" || this.probeInFlight) return false;
    this.probeInFlight = true;
    return true;
  }

  /** The upstream answered sensibly (success or a business error): closes the circuit. */
  recordSuccess(): void {
    this.failures = 0;
    this.probeInFlight = false;
    if (this.current !== "closed") this.transition("closed");
  }

  /** An upstream fault: counts towards opening, and reopens a half-open circuit at once. */
  recordFailure(): void {
    this.failures += 1;
    this.probeInFlight = false;
    if (
      this.current === "half-open" ||
      (this.current === "closed" && this.failures >= this.failureThreshold)
    ) {
      this.openedAt = this.now();
      this.transition("open");
    }
  }

  /** A call that says nothing about upstream health (429, caller abort): releases a probe slot only. */
  recordNeutral(): void {
    this.probeInFlight = false;
  }

  /** Back to closed with no failures counted. */
  reset(): void {
    this.failures = 0;
    this.probeInFlight = false;
    if (this.current !== "closed") this.transition("closed");
  }

  private transition(next: BreakerState): void {
    if (next === this.current) return;
    this.current = next;
    try {
      this.onStateChange?.(next);
    } catch {
      // A listener must not break the breaker.
    }
  }
}
