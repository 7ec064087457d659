/**
 * The progress poller registry on a fake timer: backoff doubling to the cap and back to the minimum on a
 * change, one poller per (credential, campaign), stop with the last subscriber, the per-credential cap.
 */
import { describe, expect, it } from "vitest";
import type { DeliveryReportView } from "../../src/gateway/delivery-report.js";
import {
  type PollTimer,
  type ProgressListener,
  ProgressPollers,
} from "../../src/gateway/progress-pollers.js";

/** A timer whose callbacks run when the test says. */
class FakeTimer implements PollTimer {
  pending: { callback: () => void; ms: number; handle: number }[] = [];
  delays: number[] = [];
  #next = 0;
  set(callback: () => void, ms: number): unknown {
    const handle = ++this.#next;
    this.pending.push({ callback, ms, handle });
    this.delays.push(ms);
    return handle;
  }
  clear(handle: unknown): void {
    this.pending = this.pending.filter((p) => p.handle !== handle);
  }
  /** Runs the due callback and lets its read settle. */
  async tick(): Promise<void> {
    const due = this.pending.shift();
    due?.callback();
    await flush();
  }
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

function report(pending: number): DeliveryReportView {
  return {
    totalContacts: 3,
    delivered: 3 - pending,
    failed: 0,
    blocked: 0,
    invalid: 0,
    pending,
    creditsUsed: 3,
    stage: pending ? "In-process" : "Completed",
    completed: pending === 0,
    recipients: [],
  };
}

function recorder(): ProgressListener & { seen: number[]; completed: boolean; errors: unknown[] } {
  const r = {
    seen: [] as number[],
    completed: false,
    errors: [] as unknown[],
    next: (value: DeliveryReportView) => r.seen.push(value.pending),
    complete: () => {
      r.completed = true;
    },
    error: (error: unknown) => r.errors.push(error),
  };
  return r;
}

function setup(max = 10) {
  const timer = new FakeTimer();
  const pollers = new ProgressPollers({
    maxPerCredential: max,
    minDelayMs: 1_000,
    maxDelayMs: 30_000,
    timer,
  });
  let pending = 3;
  let reads = 0;
  const fetch = async () => {
    reads++;
    return report(pending);
  };
  return {
    timer,
    pollers,
    fetch,
    setPending: (n: number) => {
      pending = n;
    },
    reads: () => reads,
  };
}

describe("ProgressPollers", () => {
  it("backs off 1 s doubling to 30 s, resets on a change, and completes", async () => {
    const { timer, pollers, fetch, setPending } = setup();
    const listener = recorder();
    pollers.subscribe("k", "u", fetch, listener);
    await flush();
    for (let i = 0; i < 7; i++) await timer.tick();
    expect(timer.delays).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
    setPending(1);
    await timer.tick();
    expect(timer.delays.at(-1)).toBe(1_000);
    setPending(0);
    await timer.tick();
    expect(listener.seen).toEqual([3, 1, 0]);
    expect(listener.completed).toBe(true);
    expect(pollers.pollerCount).toBe(0);
    expect(pollers.subscriptionCount).toBe(0);
    expect(timer.pending).toEqual([]);
  });

  it("shares one poller per credential and campaign and stops with the last subscriber", async () => {
    const { timer, pollers, fetch, reads } = setup();
    const a = recorder();
    const b = recorder();
    const stopA = pollers.subscribe("k", "u", fetch, a);
    await flush();
    const stopB = pollers.subscribe("k", "u", fetch, b);
    expect(b.seen).toEqual([3]);
    pollers.subscribe("other", "u", fetch, recorder());
    expect(pollers.pollerCount).toBe(2);
    await flush();
    expect(reads()).toBe(2);
    stopA();
    stopA();
    expect(pollers.subscriptionsOf("k")).toBe(1);
    stopB();
    expect(pollers.subscriptionsOf("k")).toBe(0);
    expect(pollers.pollerCount).toBe(1);
    expect(timer.pending).toHaveLength(1);
  });

  it("completes every subscriber and stops every poller on closeAll", async () => {
    const { timer, pollers, fetch } = setup();
    const a = recorder();
    const b = recorder();
    pollers.subscribe("k", "u1", fetch, a);
    pollers.subscribe("other", "u2", fetch, b);
    await flush();
    pollers.closeAll();
    expect([a.completed, b.completed]).toEqual([true, true]);
    expect(pollers.pollerCount).toBe(0);
    expect(pollers.subscriptionCount).toBe(0);
    expect(timer.pending).toEqual([]);
  });

  it("caps subscriptions per credential", async () => {
    const { pollers, fetch } = setup(2);
    pollers.subscribe("k", "u1", fetch, recorder());
    const stop = pollers.subscribe("k", "u2", fetch, recorder());
    expect(() => pollers.subscribe("k", "u3", fetch, recorder())).toThrow(
      expect.objectContaining({ code: "SUBSCRIPTION_LIMIT" }),
    );
    pollers.subscribe("other", "u3", fetch, recorder());
    stop();
    expect(() => pollers.subscribe("k", "u3", fetch, recorder())).not.toThrow();
  });

  it("ends subscribers with NOT_FOUND when the campaign is not the credential's", async () => {
    const { pollers } = setup();
    const listener = recorder();
    pollers.subscribe("k", "u", async () => null, listener);
    await flush();
    expect(listener.errors).toEqual([expect.objectContaining({ code: "NOT_FOUND" })]);
    expect(pollers.pollerCount).toBe(0);
    expect(pollers.subscriptionCount).toBe(0);
  });

  it("retries transient failures with backoff, then gives up", async () => {
    const { timer, pollers } = setup();
    const listener = recorder();
    pollers.subscribe("k", "u", async () => Promise.reject(new Error("reset")), listener);
    await flush();
    for (let i = 0; i < 4; i++) await timer.tick();
    expect(timer.delays).toEqual([1_000, 2_000, 4_000, 8_000]);
    expect(listener.errors).toHaveLength(1);
    expect(pollers.pollerCount).toBe(0);
  });
});
