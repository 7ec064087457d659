import { describe, expect, it } from "vitest";
import { type BreakerState, CircuitBreaker } from "../../src/quickcom/client/circuit-breaker.js";

function breakerWithClock(threshold = 3, resetAfterMs = 1000) {
  let now = 0;
  const changes: BreakerState[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: threshold,
    resetAfterMs,
    now: () => now,
    onStateChange: (state) => changes.push(state),
  });
  return { breaker, changes, advance: (ms: number) => (now += ms) };
}

describe("CircuitBreaker", () => {
  it("opens after the threshold of consecutive failures and refuses calls", () => {
    const { breaker, changes } = breakerWithClock(3);
    for (let i = 0; i < 2; i++) {
      expect(breaker.tryAcquire()).toBe(true);
      breaker.recordFailure();
    }
    expect(breaker.state).toBe("closed");
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    expect(breaker.tryAcquire()).toBe(false);
    expect(changes).toEqual(["open"]);
  });

  it("a success resets the consecutive count; neutral outcomes neither count nor reset", () => {
    const { breaker } = breakerWithClock(2);
    breaker.recordFailure();
    breaker.recordSuccess();
    breaker.recordFailure();
    expect(breaker.state).toBe("closed");
    breaker.recordNeutral();
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
  });

  it("turns half-open after the reset delay and lets exactly one probe through", () => {
    const { breaker, advance, changes } = breakerWithClock(1, 1000);
    breaker.recordFailure();
    advance(999);
    expect(breaker.state).toBe("open");
    advance(1);
    expect(breaker.state).toBe("half-open");
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.recordSuccess();
    expect(breaker.state).toBe("closed");
    expect(breaker.tryAcquire()).toBe(true);
    expect(changes).toEqual(["open", "half-open", "closed"]);
  });

  it("a failed probe reopens for another full delay", () => {
    const { breaker, advance } = breakerWithClock(1, 1000);
    breaker.recordFailure();
    advance(1000);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
    advance(999);
    expect(breaker.tryAcquire()).toBe(false);
    advance(1);
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("a neutral probe frees the slot for another probe", () => {
    const { breaker, advance } = breakerWithClock(1, 10);
    breaker.recordFailure();
    advance(10);
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordNeutral();
    expect(breaker.state).toBe("half-open");
    expect(breaker.tryAcquire()).toBe(true);
  });

  it("a throwing listener does not break transitions", () => {
    const breaker = new CircuitBreaker({
      failureThreshold: 1,
      onStateChange: () => {
        throw new Error("listener");
      },
    });
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
  });

  it("defaults: 5 failures open it", () => {
    const breaker = new CircuitBreaker();
    for (let i = 0; i < 4; i++) breaker.recordFailure();
    expect(breaker.state).toBe("closed");
    breaker.recordFailure();
    expect(breaker.state).toBe("open");
  });
});
