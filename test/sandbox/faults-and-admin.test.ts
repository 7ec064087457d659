import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { RateLimiter } from "../../src/sandbox/rate-limit.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";
import { auth, get, NOON_IST, sandboxAt } from "./helpers.js";

let sandbox: Sandbox;
beforeAll(async () => {
  ({ sandbox } = await sandboxAt());
});
beforeEach(() => sandbox.reset());
afterAll(() => sandbox.close());

const balance = () => get(sandbox, "check-balance", auth(DEMO_ACCOUNT));
const otpSend = () =>
  get(sandbox, "send-message", {
    ...auth(DEMO_ACCOUNT),
    dlt_template_id: DEMO_TEMPLATES.otp,
    mobile_numbers: "9876543210",
    route_type: "1",
    v1: "1",
    v2: "2",
  });
const adminUrl = () => sandbox.url.replace(/\/api\/v1$/, "/__sandbox");

describe("fault types (phase before)", () => {
  it("latency delays, then answers normally", async () => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "latency", ms: 150 } });
    const started = performance.now();
    const answer = await balance();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(answer.status).toBe(200);
    expect(answer.json.status).toBe(true);
  });

  it.each([500, 502, 503, 504])("status %i: a bare HTML page, no envelope", async (status) => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "status", status } });
    const answer = await balance();
    expect(answer.status).toBe(status);
    expect(answer.headers.get("content-type")).toContain("text/html");
    expect(answer.json).toBeUndefined();
    expect(answer.text).toContain(String(status));
    expect(answer.headers.get("x-ratelimit-limit")).toBeNull();
  });

  it("error1005: the backend's own 500 envelope", async () => {
    sandbox.injectFault({ endpoint: "templates", fault: { type: "error1005" } });
    const answer = await get(sandbox, "templates", auth(DEMO_ACCOUNT));
    expect(answer.status).toBe(500);
    expect(answer.json).toMatchObject({
      status: false,
      message: "Something went wrong, please try again.",
      error_code: 1005,
      data: {},
    });
    expect(Object.keys(answer.json.errors)).toEqual(["exception_occur"]);
    expect(answer.headers.get("x-ratelimit-limit")).toBe("100000");
  });

  it("rateLimit: 429 with the plain body and Retry-After / X-RateLimit-Reset", async () => {
    sandbox.injectFault({ endpoint: "*", fault: { type: "rateLimit", retryAfterSeconds: 42 } });
    const answer = await balance();
    expect(answer.status).toBe(429);
    expect(answer.text).toBe("Too Many Attempts.");
    expect(answer.headers.get("retry-after")).toBe("42");
    expect(answer.headers.get("x-ratelimit-reset")).toBe(String(Math.floor(NOON_IST.getTime() / 1000) + 42));
    expect(answer.headers.get("x-ratelimit-remaining")).toBe("0");
    expect(answer.headers.get("x-ratelimit-limit")).toBe("100000");
  });

  it("malformed: 200 with a body that is not JSON", async () => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "malformed" } });
    const answer = await balance();
    expect(answer.status).toBe(200);
    expect(() => JSON.parse(answer.text)).toThrow();
    expect(answer.text.length).toBeGreaterThan(0);
    expect(answer.headers.get("x-ratelimit-remaining")).toBe("99999");
  });

  it("drop: the socket is destroyed without an answer", async () => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "drop" } });
    await expect(balance()).rejects.toThrow();
    expect(sandbox.callCount("check-balance")).toBe(1);
  });

  it("hang: no answer until the client gives up", async () => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "hang" } });
    const request = fetch(`${sandbox.url}/check-balance?app_key=${DEMO_ACCOUNT.appKey}`, {
      signal: AbortSignal.timeout(200),
    });
    await expect(request).rejects.toThrow();
  });

  it("a send faulted before processing is neither made nor billed", async () => {
    const before = (await balance()).json.data.transaction_balance;
    sandbox.injectFault({ endpoint: "send-message", fault: { type: "status", status: 502 } });
    expect((await otpSend()).status).toBe(502);
    expect(sandbox.sends()).toBe(0);
    expect((await balance()).json.data.transaction_balance).toBe(before);
  });
});

describe("phase after: processed, then the answer is replaced", () => {
  it.each([
    ["status 504", { type: "status", status: 504 } as const],
    ["error1005", { type: "error1005" } as const],
    ["malformed", { type: "malformed" } as const],
    ["drop", { type: "drop" } as const],
  ])("%s: the send is made and billed", async (_name, fault) => {
    const before = (await balance()).json.data.transaction_balance;
    sandbox.injectFault({ endpoint: "send-message", fault, phase: "after" });
    const outcome = await otpSend().then(
      (answer) => answer.json?.status,
      () => "dropped",
    );
    expect(outcome).not.toBe(true);
    expect(sandbox.sends()).toBe(1);
    expect((await balance()).json.data.transaction_balance).toBe(before - 1);
    const list = await get(sandbox, "campaign-list", { ...auth(DEMO_ACCOUNT), per_page_record: "1" });
    expect(list.json.data.data[0].message).toBe("Your OTP is 1. Valid for 2 minutes.");
  });

  it("latency after: the send is made before the delayed answer", async () => {
    sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 300 }, phase: "after" });
    const pending = otpSend();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sandbox.sends()).toBe(1);
    expect((await pending).status).toBe(200);
  });
});

describe("rule matching", () => {
  it("times: applies to that many matching requests, then stops", async () => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "status", status: 503 }, times: 2 });
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await balance()).status);
    expect(statuses).toEqual([503, 503, 200]);
  });

  it("only the rule's endpoint is affected; '*' affects all", async () => {
    sandbox.injectFault({ endpoint: "templates", fault: { type: "status", status: 500 } });
    expect((await balance()).status).toBe(200);
    expect((await get(sandbox, "templates", auth(DEMO_ACCOUNT))).status).toBe(500);
    sandbox.clearFaults();
    sandbox.injectFault({ endpoint: "*", fault: { type: "status", status: 503 }, times: 2 });
    expect((await balance()).status).toBe(503);
    expect((await get(sandbox, "templates", auth(DEMO_ACCOUNT))).status).toBe(503);
    expect((await balance()).status).toBe(200);
  });

  it("without times the rule stays until clearFaults()", async () => {
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "status", status: 503 } });
    for (let i = 0; i < 4; i++) expect((await balance()).status).toBe(503);
    sandbox.clearFaults();
    expect((await balance()).status).toBe(200);
  });
});

describe("reset", () => {
  it("restores the seed and clears faults, calls and send count (same state object)", async () => {
    const state = sandbox.state;
    const before = (await balance()).json.data.transaction_balance;
    await otpSend();
    sandbox.injectFault({ endpoint: "check-balance", fault: { type: "status", status: 503 } });
    expect(sandbox.sends()).toBe(1);
    sandbox.reset();
    expect(sandbox.state).toBe(state);
    expect(sandbox.calls).toHaveLength(0);
    expect(sandbox.sends()).toBe(0);
    const after = await balance();
    expect(after.status).toBe(200);
    expect(after.json.data.transaction_balance).toBe(before);
  });
});

describe("admin endpoints", () => {
  it("POST /__sandbox/faults injects, DELETE clears, GET calls counts, POST reset resets", async () => {
    const post = await fetch(`${adminUrl()}/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint: "check-balance", fault: { type: "status", status: 503 }, times: 1 }),
    });
    expect(post.status).toBe(201);
    expect((await balance()).status).toBe(503);
    expect((await balance()).status).toBe(200);

    await fetch(`${adminUrl()}/faults`, {
      method: "POST",
      body: JSON.stringify({ endpoint: "templates", fault: { type: "status", status: 500 } }),
    });
    expect((await fetch(`${adminUrl()}/faults`, { method: "DELETE" })).status).toBe(200);
    expect((await get(sandbox, "templates", auth(DEMO_ACCOUNT))).status).toBe(200);

    const calls = await (await fetch(`${adminUrl()}/calls`)).json();
    expect(calls).toMatchObject({ count: 3, byEndpoint: { "check-balance": 2, templates: 1 } });

    await otpSend();
    expect((await fetch(`${adminUrl()}/reset`, { method: "POST" })).status).toBe(200);
    expect(sandbox.sends()).toBe(0);
    expect(await (await fetch(`${adminUrl()}/calls`)).json()).toMatchObject({ count: 0, byEndpoint: {} });
  });

  it.each([
    ["not JSON", "{"],
    ["unknown endpoint", JSON.stringify({ endpoint: "nope", fault: { type: "drop" } })],
    ["unknown fault", JSON.stringify({ endpoint: "*", fault: { type: "explode" } })],
    ["latency without ms", JSON.stringify({ endpoint: "*", fault: { type: "latency" } })],
    ["times 0", JSON.stringify({ endpoint: "*", fault: { type: "drop" }, times: 0 })],
  ])("rejects a bad rule (%s) with 400", async (_name, body) => {
    const answer = await fetch(`${adminUrl()}/faults`, { method: "POST", body });
    expect(answer.status).toBe(400);
    expect((await balance()).status).toBe(200);
  });

  it("the clock moves ahead by POST /__sandbox/clock and back to the injected one on reset", async () => {
    expect(await (await fetch(`${adminUrl()}/clock`)).json()).toEqual({ now: NOON_IST.toISOString() });
    const moved = await fetch(`${adminUrl()}/clock`, {
      method: "POST",
      body: JSON.stringify({ advanceMs: 90_000 }),
    });
    expect(await moved.json()).toEqual({ now: new Date(NOON_IST.getTime() + 90_000).toISOString() });
    expect(sandbox.advanceClock(10_000)).toEqual(new Date(NOON_IST.getTime() + 100_000));
    const answer = await balance();
    expect(answer.json.intime).toBe("2025-03-01T06:01:40.000000Z");
    for (const body of ["{", JSON.stringify({ advanceMs: -1 }), JSON.stringify({})]) {
      expect((await fetch(`${adminUrl()}/clock`, { method: "POST", body })).status).toBe(400);
    }
    expect(() => sandbox.advanceClock(Number.NaN)).toThrow(RangeError);
    sandbox.reset();
    expect(sandbox.now()).toEqual(NOON_IST);
  });

  it("admin requests are not recorded as API calls", async () => {
    await fetch(`${adminUrl()}/calls`);
    expect(sandbox.calls).toHaveLength(0);
  });
});

describe("server behaviour", () => {
  it("unknown API paths answer 404 and are recorded as 'unknown'", async () => {
    const answer = await get(sandbox, "send-custom-message", auth(DEMO_ACCOUNT));
    expect(answer.status).toBe(404);
    expect(sandbox.calls[0]?.endpoint).toBe("unknown");
  });

  it("non-GET methods answer 405", async () => {
    const answer = await fetch(`${sandbox.url}/check-balance`, { method: "POST" });
    expect(answer.status).toBe(405);
  });

  it("latencyMs delays every API answer; close() ends hung requests", async () => {
    const slow = await startSandbox({ latencyMs: 120, clock: () => NOON_IST });
    const started = performance.now();
    expect((await fetch(`${slow.url}/account-status`)).status).toBe(401);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
    slow.injectFault({ endpoint: "*", fault: { type: "hang" } });
    const hung = fetch(`${slow.url}/account-status`).then(
      () => "answered",
      () => "ended",
    );
    await new Promise((resolve) => setTimeout(resolve, 200));
    await slow.close();
    expect(await hung).toBe("ended");
  });
});

describe("genuine throttling", () => {
  it("answers 429 `Too Many Attempts.` past the per-minute limit, then recovers in the next window", async () => {
    const clock = { now: NOON_IST };
    const limited = await startSandbox({ rateLimitPerMinute: 2, clock: () => clock.now });
    try {
      const url = `${limited.url}/account-status?app_key=${DEMO_ACCOUNT.appKey}&app_secret=${DEMO_ACCOUNT.appSecret}`;
      const remaining = [];
      for (let i = 0; i < 2; i++) remaining.push((await fetch(url)).headers.get("x-ratelimit-remaining"));
      expect(remaining).toEqual(["1", "0"]);
      clock.now = new Date(NOON_IST.getTime() + 20_000);
      const throttled = await fetch(url);
      expect(throttled.status).toBe(429);
      expect(await throttled.text()).toBe("Too Many Attempts.");
      expect(throttled.headers.get("retry-after")).toBe("40");
      expect(throttled.headers.get("x-ratelimit-reset")).toBe(String(NOON_IST.getTime() / 1000 + 60));
      clock.now = new Date(NOON_IST.getTime() + 61_000);
      expect((await fetch(url)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

describe("RateLimiter (throttle:100000,1)", () => {
  it("allows `limit` hits per window and per key, then tells when to retry", () => {
    let now = new Date("2025-03-01T06:00:10Z");
    const limiter = new RateLimiter(() => now, 2, 60);
    expect(limiter.hit("a")).toMatchObject({ allowed: true, remaining: 1 });
    expect(limiter.hit("a")).toMatchObject({ allowed: true, remaining: 0 });
    expect(limiter.hit("b")).toMatchObject({ allowed: true, remaining: 1 });
    now = new Date("2025-03-01T06:00:40Z");
    expect(limiter.hit("a")).toMatchObject({ allowed: false, remaining: 0, retryAfterSeconds: 30 });
    now = new Date("2025-03-01T06:01:10Z");
    expect(limiter.hit("a")).toMatchObject({ allowed: true, remaining: 1 });
  });
});
