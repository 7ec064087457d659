/**
 * The client's tracer hook against the sandbox: one span per attempt that reaches for the network, ended once
 * with the HTTP status and error code, kept by credential copies, and never able to change a call's outcome.
 */
import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/quickcom/client/circuit-breaker.js";
import { QuickcomClient, type UpstreamTracer } from "../../src/quickcom/client/client.js";
import { QuickcomAuthenticationError } from "../../src/quickcom/client/errors.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { useNoonSandbox } from "./helpers.js";

const env = useNoonSandbox();

function recordingTracer() {
  const events: string[] = [];
  const tracer: UpstreamTracer = {
    start(endpoint, attempt) {
      events.push(`start ${endpoint} #${attempt}`);
      return { end: ({ status, code }) => void events.push(`end ${status} ${code}`) };
    },
  };
  return { events, tracer };
}

function client(tracer: UpstreamTracer, breaker?: CircuitBreaker) {
  return new QuickcomClient({
    baseUrl: env.sandbox.url,
    credentials: DEMO_ACCOUNT,
    retry: { maxRetries: 0 },
    tracer,
    breaker,
  });
}

describe("QuickcomClient tracer", () => {
  it("opens and ends one span per attempt with the status, and keeps the tracer in credential copies", async () => {
    const { events, tracer } = recordingTracer();
    await client(tracer).checkBalance();
    expect(events).toEqual(["start check-balance #1", "end 200 null"]);
    events.length = 0;
    const other = client(tracer).withCredentials({ appKey: DEMO_ACCOUNT.appKey, appSecret: "wrong-secret" });
    await expect(other.checkBalance()).rejects.toBeInstanceOf(QuickcomAuthenticationError);
    expect(events).toHaveLength(2);
    expect(events[0]).toBe("start check-balance #1");
    expect(events[1]).toMatch(/^end \d{3} \S+$/);
    expect(events[1]).not.toContain("null");
  });

  it("opens no span for a call an open breaker refuses", async () => {
    const { events, tracer } = recordingTracer();
    const breaker = new CircuitBreaker({ failureThreshold: 1, resetAfterMs: 60_000 });
    breaker.recordFailure();
    await expect(client(tracer, breaker).checkBalance()).rejects.toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
    });
    expect(events).toEqual([]);
  });

  it("a tracer that throws changes nothing", async () => {
    const throwing: UpstreamTracer = {
      start() {
        throw new Error("broken tracer");
      },
    };
    const broken: UpstreamTracer = {
      start: () => ({
        end() {
          throw new Error("broken span");
        },
      }),
    };
    for (const tracer of [throwing, broken]) {
      const balance = await client(tracer).checkBalance();
      expect(balance.data).toBeDefined();
    }
  });
});
