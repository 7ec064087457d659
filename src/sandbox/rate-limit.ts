/** Laravel's `throttle:100000,1`: a fixed one-minute window per client IP. */

/** The backend's limit per client and minute. */
export const RATE_LIMIT_PER_MINUTE = 100000;

/** Outcome of one hit. */
export interface RateLimitHit {
  allowed: boolean;
  limit: number;
  remaining: number;
  /** Seconds until the window resets (for `Retry-After`). */
  retryAfterSeconds: number;
  /** Unix time of the reset (for `X-RateLimit-Reset`). */
  resetAt: number;
}

/** A per-key fixed-window counter driven by an injected clock. */
export class RateLimiter {
  private readonly windows = new Map<string, { hits: number; resetAt: number }>();

  /**
   * @param now clock
   * @param limitPerWindow hits allowed per window
   * @param windowSeconds window length
   */
  constructor(
    private readonly now: () => Date,
    readonly limitPerWindow = RATE_LIMIT_PER_MINUTE,
    private readonly windowSeconds = 60,
  ) {}

  /** Counts one request of `key` and says whether it may pass. */
  hit(key: string): RateLimitHit {
    const nowSeconds = Math.floor(this.now().getTime() / 1000);
    let window = this.windows.get(key);
    if (!window || window.resetAt <= nowSeconds) {
      window = { hits: 0, resetAt: nowSeconds + this.windowSeconds };
      this.windows.set(key, window);
    }
    const retryAfterSeconds = window.resetAt - nowSeconds;
    if (window.hits >= this.limitPerWindow) {
      return {
        allowed: false,
        limit: this.limitPerWindow,
        remaining: 0,
        retryAfterSeconds,
        resetAt: window.resetAt,
      };
    }
    window.hits++;
    return {
      allowed: true,
      limit: this.limitPerWindow,
      remaining: this.limitPerWindow - window.hits,
      retryAfterSeconds,
      resetAt: window.resetAt,
    };
  }

  /** Forgets every window. */
  clear(): void {
    this.windows.clear();
  }
}
