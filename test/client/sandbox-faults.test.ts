import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/quickcom/client/circuit-breaker.js";
import {
  type ClientHooks,
  QuickcomClient,
  type QuickcomClientOptions,
} from "../../src/quickcom/client/client.js";
import type { Endpoint } from "../../src/quickcom/client/endpoints.js";
import {
  MalformedResponseError,
  QuickcomAuthenticationError,
  type QuickcomError,
  QuickcomRateLimitedError,
  QuickcomSendOutcomeUnknownError,
  QuickcomUpstreamUnavailableError,
  UpstreamServerError,
  UpstreamTimeoutError,
} from "../../src/quickcom/client/errors.js";
import type { SendMessageRequest } from "../../src/quickcom/types.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES, SECOND_ACCOUNT } from "../../src/sandbox/seed.js";
import { type Sandbox, type SandboxFault, startSandbox } from "../../src/sandbox/server.js";
import { serializeError } from "./helpers.js";

const TIMEOUT_MS = 400;
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ clock: () => new Date("2030-01-15T06:30:00Z") });
});
afterEach(() => {
  sandbox.reset();
});
afterAll(async () => {
  await sandbox.close();
});

function observed() {
  const calls: Parameters<NonNullable<ClientHooks["onUpstreamCall"]>>[0][] = [];
  const retries: Parameters<NonNullable<ClientHooks["onRetry"]>>[0][] = [];
  const hooks: ClientHooks = { onUpstreamCall: (e) => calls.push(e), onRetry: (e) => retries.push(e) };
  return { hooks, calls, retries };
}

function client(extra: Partial<QuickcomClientOptions> = {}) {
  return new QuickcomClient({
    baseUrl: sandbox.url,
    credentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
    timeoutMs: TIMEOUT_MS,
    sleep: async () => {},
    breaker: new CircuitBreaker({ failureThreshold: 1000 }),
    ...extra,
  });
}

const otp: SendMessageRequest = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210"],
  route: 1,
  variables: ["482913", "10"],
  message: "Your OTP is 482913. Valid for 10 minutes.",
};

const TRANSIENT: Array<[string, SandboxFault, string]> = [
  ["bare 503", { type: "status", status: 503 }, "UPSTREAM_UNAVAILABLE"],
  ["bare 502", { type: "status", status: 502 }, "UPSTREAM_UNAVAILABLE"],
  ["1005 envelope", { type: "error1005" }, "1005"],
  ["429", { type: "rateLimit", retryAfterSeconds: 1 }, "RATE_LIMITED"],
  ["malformed body", { type: "malformed" }, "UPSTREAM_BAD_RESPONSE"],
  ["dropped connection", { type: "drop" }, "UPSTREAM_UNAVAILABLE"],
  ["hang", { type: "hang" }, "UPSTREAM_TIMEOUT"],
  ["latency beyond the timeout", { type: "latency", ms: TIMEOUT_MS * 3 }, "UPSTREAM_TIMEOUT"],
];

describe("reads recover from transient faults", () => {
  it.each(
    TRANSIENT.flatMap(([name, fault, code]) => [1, 2].map((times) => [name, times, fault, code] as const)),
  )("%s × %i", async (_name, times, fault, code) => {
    sandbox.injectFault({ endpoint: "check-balance", fault, times });
    const { hooks, calls, retries } = observed();
    const result = await client({ hooks }).checkBalance();
    expect(result.data.userNumber).toBe(DEMO_ACCOUNT.userNumber);
    expect(retries.map((r) => [r.attempt, r.code])).toEqual(
      Array.from({ length: times }, (_, i) => [i + 2, code]),
    );
    expect(calls.map((c) => c.outcome)).toEqual([...Array<string>(times).fill("error"), "ok"]);
    expect(calls.at(-1)).toMatchObject({ attempt: times + 1, code: null, status: 200 });
    expect(sandbox.callCount("check-balance")).toBe(times + 1);
  });

  it("waits what Retry-After asks, capped by maxDelayMs", async () => {
    sandbox.injectFault({
      endpoint: "templates",
      fault: { type: "rateLimit", retryAfterSeconds: 3 },
      times: 2,
    });
    const slept: number[] = [];
    const sleep = async (ms: number) => {
      slept.push(ms);
    };
    await client({ sleep, retry: { maxDelayMs: 2000 } }).templates();
    expect(slept).toEqual([2000, 2000]);
    sandbox.injectFault({
      endpoint: "templates",
      fault: { type: "rateLimit", retryAfterSeconds: 1 },
      times: 1,
    });
    await client({ sleep }).templates();
    expect(slept.at(-1)).toBe(1000);
  });
});

describe("reads give up when the fault persists", () => {
  const cases: Array<[string, SandboxFault, new (...args: never[]) => QuickcomError, string]> = [
    ["bare 503", { type: "status", status: 503 }, UpstreamServerError, "UPSTREAM_UNAVAILABLE"],
    ["1005 envelope", { type: "error1005" }, UpstreamServerError, "1005"],
    ["429", { type: "rateLimit", retryAfterSeconds: 1 }, QuickcomRateLimitedError, "RATE_LIMITED"],
    ["malformed body", { type: "malformed" }, MalformedResponseError, "UPSTREAM_BAD_RESPONSE"],
    ["dropped connection", { type: "drop" }, QuickcomUpstreamUnavailableError, "UPSTREAM_UNAVAILABLE"],
    ["hang", { type: "hang" }, UpstreamTimeoutError, "UPSTREAM_TIMEOUT"],
  ];
  it.each(cases)("%s → %o after 1 + maxRetries attempts", async (_name, fault, cls, code) => {
    sandbox.injectFault({ endpoint: "campaign-list", fault });
    const { hooks, retries } = observed();
    const error = await client({ hooks })
      .campaignList({ page: 1, perPage: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(cls);
    expect(error).toMatchObject({ code, endpoint: "campaign-list", retryable: true });
    expect(retries).toHaveLength(2);
    expect(sandbox.callCount("campaign-list")).toBe(3);
    expect(serializeError(error)).not.toContain(DEMO_ACCOUNT.appSecret);
  });
});

describe("circuit breaker", () => {
  function clockedBreaker() {
    let now = 0;
    const states: string[] = [];
    const breaker = new CircuitBreaker({
      failureThreshold: 3,
      resetAfterMs: 10_000,
      now: () => now,
      onStateChange: (s) => states.push(s),
    });
    return { breaker, states, advance: (ms: number) => (now += ms) };
  }

  it("opens on upstream faults, fails fast without calls, then recovers through one probe", async () => {
    const { breaker, states, advance } = clockedBreaker();
    const c = client({ breaker });
    sandbox.injectFault({ endpoint: "*", fault: { type: "status", status: 503 } });
    await expect(c.accountStatus()).rejects.toBeInstanceOf(UpstreamServerError);
    expect(breaker.state).toBe("open");
    const callsWhenOpened = sandbox.calls.length;

    const failFast = await c.templates().catch((e: unknown) => e);
    expect(failFast).toBeInstanceOf(QuickcomUpstreamUnavailableError);
    expect(failFast).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", status: null });
    const other = c.withCredentials({ appKey: SECOND_ACCOUNT.appKey, appSecret: SECOND_ACCOUNT.appSecret });
    await expect(other.checkBalance()).rejects.toBeInstanceOf(QuickcomUpstreamUnavailableError);
    const send = await c.sendMessage(otp).catch((e: unknown) => e);
    expect(send).toBeInstanceOf(QuickcomUpstreamUnavailableError);
    expect(send).not.toBeInstanceOf(QuickcomSendOutcomeUnknownError);
    expect(sandbox.calls.length).toBe(callsWhenOpened);

    advance(9_999);
    await expect(c.accountStatus()).rejects.toBeInstanceOf(QuickcomUpstreamUnavailableError);
    expect(sandbox.calls.length).toBe(callsWhenOpened);

    advance(1);
    sandbox.clearFaults();
    expect(breaker.state).toBe("half-open");
    await expect(c.accountStatus()).resolves.toMatchObject({ data: { active: true } });
    expect(breaker.state).toBe("closed");
    expect(sandbox.calls.length).toBe(callsWhenOpened + 1);
    await expect(c.templates()).resolves.toBeDefined();
    expect(states).toEqual(["open", "half-open", "closed"]);
  });

  it("a failed probe reopens it; the read reports the upstream fault, not the refusal", async () => {
    const { breaker, advance } = clockedBreaker();
    const c = client({ breaker });
    sandbox.injectFault({ endpoint: "*", fault: { type: "drop" } });
    await expect(c.accountStatus()).rejects.toBeInstanceOf(QuickcomUpstreamUnavailableError);
    advance(10_000);
    const before = sandbox.calls.length;
    const error = await c.checkBalance().catch((e: unknown) => e);
    expect(sandbox.calls.length).toBe(before + 1);
    expect((error as QuickcomError).cause).toBeDefined();
    expect(breaker.state).toBe("open");
  });

  it("business errors and 429 do not open it", async () => {
    const { breaker } = clockedBreaker();
    const wrong = client({ breaker }).withCredentials({ appKey: DEMO_ACCOUNT.appKey, appSecret: "nope" });
    for (let i = 0; i < 5; i++)
      await expect(wrong.checkBalance()).rejects.toBeInstanceOf(QuickcomAuthenticationError);
    sandbox.injectFault({ endpoint: "templates", fault: { type: "rateLimit", retryAfterSeconds: 1 } });
    await expect(client({ breaker }).templates()).rejects.toBeInstanceOf(QuickcomRateLimitedError);
    expect(sandbox.callCount("templates")).toBe(3);
    expect(breaker.state).toBe("closed");
  });
});

describe("send-message under faults: never retried, outcome classified", () => {
  const cases: Array<
    [string, SandboxFault, "before" | "after", "unknown" | typeof QuickcomRateLimitedError, string]
  > = [];
  const table: Array<[string, SandboxFault, "unknown" | typeof QuickcomRateLimitedError, string]> = [
    ["bare 503", { type: "status", status: 503 }, "unknown", "UPSTREAM_UNAVAILABLE"],
    ["1005 envelope", { type: "error1005" }, "unknown", "1005"],
    ["429", { type: "rateLimit", retryAfterSeconds: 1 }, QuickcomRateLimitedError, "RATE_LIMITED"],
    ["malformed body", { type: "malformed" }, "unknown", "UPSTREAM_BAD_RESPONSE"],
    ["dropped connection", { type: "drop" }, "unknown", "UPSTREAM_UNAVAILABLE"],
    ["hang", { type: "hang" }, "unknown", "UPSTREAM_TIMEOUT"],
    ["latency beyond the timeout", { type: "latency", ms: TIMEOUT_MS * 2 }, "unknown", "UPSTREAM_TIMEOUT"],
  ];
  for (const [name, fault, expected, code] of table) {
    for (const phase of ["before", "after"] as const) cases.push([name, fault, phase, expected, code]);
  }

  it.each(cases)("%s (phase %s)", async (_name, fault, phase, expected, code) => {
    sandbox.injectFault({ endpoint: "send-message", fault, phase });
    const { hooks, calls, retries } = observed();
    const error = await client({ hooks })
      .sendMessage(otp, { idempotencyKey: "idem-42" })
      .catch((e: unknown) => e);
    if (expected === "unknown") {
      expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
      expect(error).toMatchObject({
        code: "SEND_OUTCOME_UNKNOWN",
        idempotencyKey: "idem-42",
        retryable: false,
      });
      expect((error as QuickcomError).cause).toMatchObject({ code });
    } else {
      expect(error).toBeInstanceOf(expected);
      expect(error).toMatchObject({ code });
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ endpoint: "send-message", outcome: "error", code });
    expect(retries).toHaveLength(0);
    if (fault.type === "latency") await new Promise((resolve) => setTimeout(resolve, fault.ms + 50));
    expect(sandbox.sends()).toBeLessThanOrEqual(1);
    expect(sandbox.callCount("send-message")).toBe(1);
    expect(serializeError(error)).not.toContain(DEMO_ACCOUNT.appSecret);
  });

  it("a latency below the timeout still succeeds, once", async () => {
    sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 20 } });
    await expect(client().sendMessage(otp)).resolves.toMatchObject({ data: { status: "Ready-to-complete" } });
    expect(sandbox.sends()).toBe(1);
  });
});

describe("hooks never see the secret", () => {
  it("events carry endpoint, outcome, code, status, duration and attempt only", async () => {
    const events: unknown[] = [];
    sandbox.injectFault({ endpoint: "templates", fault: { type: "status", status: 500 }, times: 1 });
    const hooks: ClientHooks = { onUpstreamCall: (e) => events.push(e), onRetry: (e) => events.push(e) };
    await client({ hooks }).templates();
    await client({ hooks })
      .withCredentials({ appKey: DEMO_ACCOUNT.appKey, appSecret: "bad-secret-xyz" })
      .checkBalance()
      .catch(() => {});
    const text = JSON.stringify(events);
    expect(text).not.toContain(DEMO_ACCOUNT.appSecret);
    expect(text).not.toContain("bad-secret-xyz");
    const keys = new Set(events.flatMap((e) => Object.keys(e as object)));
    expect([...keys].sort()).toEqual([
      "attempt",
      "code",
      "delayMs",
      "durationMs",
      "endpoint",
      "outcome",
      "status",
    ]);
    const endpoints = new Set(events.map((e) => (e as { endpoint: Endpoint }).endpoint));
    expect([...endpoints].sort()).toEqual(["check-balance", "templates"]);
  });
});
