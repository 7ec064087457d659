/**
 * The fault matrix over real HTTP: every fault the sandbox can inject × every upstream endpoint, through
 * GraphQL. Reads: no 5xx, a stable code per fault, recovery after a one-off fault. Sends: a typed result,
 * at most one upstream send per attempt, an audit entry (FAILED or UNKNOWN), and a retry with the same
 * idempotency key never sends twice. One gateway per endpoint, endpoints in parallel.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxFault } from "../../src/quickcom/sandbox/faults.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import {
  errorProblems,
  FAULT_ENV,
  FAULTS,
  LATENCY_MS,
  type NamedFault,
  otpInput,
  READ_FAULT_CODES,
  READ_PROBES,
  type ReadProbe,
  SEND_MUTATION,
  stackTraceIn,
  trackProcessEvent,
} from "./helpers.js";

const totals = { faults: 0, fiveXx: 0, duplicateSends: 0 };
const rejections = trackProcessEvent("unhandledRejection");

afterAll(() => {
  rejections.stop();
  console.log(
    `fault matrix (GraphQL): ${totals.faults} faults tried, ${totals.fiveXx} 5xx seen, ` +
      `${totals.duplicateSends} duplicate sends seen, ${rejections.count} unhandled rejections`,
  );
});

/** Clears faults and closes the breaker, so each case starts from a healthy upstream. */
function heal(gw: TestGateway): void {
  gw.sandbox.clearFaults();
  gw.app.gateway.breaker.reset();
}

/** Posts a query and records 5xx answers and anything that looks like a stack trace. */
async function post(
  gw: TestGateway,
  query: string,
  variables?: Record<string, unknown>,
): Promise<{ status: number; body: Record<string, any>; problems: string[] }> {
  const response = await fetch(`${gw.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  const problems: string[] = [];
  if (response.status >= 500) {
    totals.fiveXx++;
    problems.push(`HTTP ${response.status}`);
  }
  const stack = stackTraceIn(text);
  if (stack) problems.push(`stack trace sign ${JSON.stringify(stack)}`);
  let body: Record<string, any> = {};
  try {
    body = JSON.parse(text);
  } catch {
    problems.push(`body is not JSON: ${text.slice(0, 80)}`);
  }
  return { status: response.status, body, problems };
}

/** One fault on one read endpoint: a clean failure while it lasts, recovery after a one-off. */
async function readCase(gw: TestGateway, probe: ReadProbe, { name, fault }: NamedFault): Promise<string[]> {
  const problems: string[] = [];
  const where = (text: string) => problems.push(`${probe.endpoint} × ${name}: ${text}`);

  heal(gw);
  gw.sandbox.injectFault({ endpoint: probe.endpoint, fault });
  const callsBefore = gw.sandbox.callCount(probe.endpoint);
  totals.faults++;
  const failing = await post(gw, probe.query);
  for (const p of failing.problems) where(p);
  const errors = failing.body.errors as { message?: string; extensions?: { code?: string } }[] | undefined;
  for (const p of errorProblems(errors)) where(p);
  const code = errors?.[0]?.extensions?.code;
  if (code !== READ_FAULT_CODES[fault.type]) where(`code ${code}, expected ${READ_FAULT_CODES[fault.type]}`);
  const attempts = gw.sandbox.callCount(probe.endpoint) - callsBefore;
  if (attempts < 1 || attempts > 3) where(`${attempts} upstream attempts (expected 1 + at most 2 retries)`);

  heal(gw);
  gw.sandbox.injectFault({ endpoint: probe.endpoint, fault, times: 1 });
  totals.faults++;
  const recovered = await post(gw, probe.query);
  for (const p of recovered.problems) where(`after one-off fault: ${p}`);
  if (recovered.body.errors) where(`no recovery: ${JSON.stringify(recovered.body.errors)}`);
  if (!probe.answered(recovered.body.data)) where(`no data after one-off fault`);
  return problems;
}

/** The typed result a send reports under each fault, and whether it certainly did not go out. */
function expectedSend(
  fault: SandboxFault,
  phase: "before" | "after",
): { typename: string; code: string; outcome: string } {
  if (fault.type === "rateLimit" && phase === "before") {
    return { typename: "RateLimitedError", code: "RATE_LIMITED", outcome: "FAILED" };
  }
  return { typename: "SendOutcomeUnknownError", code: "SEND_OUTCOME_UNKNOWN", outcome: "UNKNOWN" };
}

/** Campaigns and send-message calls of one case, told apart by a marker in the message text. */
function sentWith(gw: TestGateway, marker: string): { calls: number; campaigns: number } {
  return {
    calls: gw.sandbox.calls.filter(
      (c) => c.endpoint === "send-message" && Object.values(c.params).some((v) => v.includes(marker)),
    ).length,
    campaigns: gw.sandbox.state.campaigns.filter((c) => c.message.includes(marker)).length,
  };
}

/** A send case whose campaigns are checked once late answers (latency beyond the timeout) have landed. */
interface SendCheck {
  label: string;
  marker: string;
  /** Whether the sandbox processed the request (so exactly one campaign must exist in the end). */
  processed: boolean;
  /** Upstream calls allowed in all: the attempt, plus the retry when the attempt certainly failed. */
  maxCalls: number;
}

/**
 * One fault on send-message: a typed result, at most one upstream call, an audit entry with the key, then a
 * retry with the same key that sends only when the first attempt certainly failed.
 */
async function sendCase(
  gw: TestGateway,
  { name, fault }: NamedFault,
  phase: "before" | "after",
  marker: string,
): Promise<{ problems: string[]; check: SendCheck }> {
  const problems: string[] = [];
  const label = `send-message × ${name} (${phase})`;
  const where = (text: string) => problems.push(`${label}: ${text}`);
  const key = `fault-${name}-${phase}`;
  const input = otpInput({ idempotencyKey: key, variables: [marker, "10"] });

  heal(gw);
  gw.sandbox.injectFault({ endpoint: "send-message", fault, phase, times: 1 });
  totals.faults++;
  const first = await post(gw, SEND_MUTATION, { input });
  for (const p of first.problems) where(p);
  if (first.body.errors)
    where(`GraphQL errors instead of a typed result: ${JSON.stringify(first.body.errors)}`);
  const result = first.body.data?.sendMessage as Record<string, unknown> | undefined;
  const expected = expectedSend(fault, phase);
  if (result?.__typename !== expected.typename || result?.code !== expected.code) {
    where(`result ${result?.__typename}/${result?.code}, expected ${expected.typename}/${expected.code}`);
  }
  if (expected.typename === "SendOutcomeUnknownError" && result?.idempotencyKey !== key) {
    where(`unknown outcome without the idempotency key (${String(result?.idempotencyKey)})`);
  }
  const attempt = sentWith(gw, marker);
  if (attempt.calls > 1 || attempt.campaigns > 1) {
    totals.duplicateSends++;
    where(`${attempt.calls} upstream calls and ${attempt.campaigns} campaigns for one attempt`);
  }
  const audited = (await gw.audit.list({ first: 1000 })).entries.filter((e) => e.idempotencyKey === key);
  if (audited.length !== 1 || audited[0]?.outcome !== expected.outcome) {
    where(`audit ${JSON.stringify(audited.map((e) => e.outcome))}, expected [${expected.outcome}]`);
  }

  heal(gw);
  const retry = await post(gw, SEND_MUTATION, { input });
  for (const p of retry.problems) where(`retry: ${p}`);
  const retried = retry.body.data?.sendMessage as Record<string, unknown> | undefined;
  if (expected.outcome === "FAILED" && retried?.__typename !== "SendMessageSuccess") {
    where(`retry after a known failure did not send: ${JSON.stringify(retried)}`);
  }
  if (expected.outcome === "UNKNOWN" && retried?.__typename !== "SendOutcomeUnknownError") {
    where(`retry after an unknown outcome answered ${retried?.__typename}`);
  }
  const processed = phase === "after" || expected.outcome === "FAILED" || fault.type === "latency";
  const maxCalls = expected.outcome === "FAILED" ? 2 : 1;
  return { problems, check: { label, marker, processed, maxCalls } };
}

/** Reads and sends while the breaker is open: refused at once, nothing reaches the upstream. */
async function breakerOpenCase(gw: TestGateway, query: string, variables?: Record<string, unknown>) {
  heal(gw);
  for (let i = 0; i < 10; i++) gw.app.gateway.breaker.recordFailure();
  const callsBefore = gw.sandbox.calls.length;
  totals.faults++;
  const answer = await post(gw, query, variables);
  const upstreamCalls = gw.sandbox.calls.length - callsBefore;
  heal(gw);
  return { answer, upstreamCalls };
}

describe("fault matrix over GraphQL", () => {
  const gateways = new Map<string, TestGateway>();
  beforeAll(async () => {
    for (const name of [...READ_PROBES.map((p) => p.endpoint), "send-message"]) {
      gateways.set(name, await startTestGateway({ env: FAULT_ENV }));
    }
  });
  afterAll(async () => {
    await Promise.all([...gateways.values()].map((gw) => gw.close()));
  });

  for (const probe of READ_PROBES) {
    it.concurrent(`${probe.endpoint}: every fault is a clean, coded error and reads recover`, async () => {
      const gw = gateways.get(probe.endpoint) as TestGateway;
      const problems: string[] = [];
      for (const fault of FAULTS) problems.push(...(await readCase(gw, probe, fault)));
      const open = await breakerOpenCase(gw, probe.query);
      expect(open.upstreamCalls).toBe(0);
      expect(open.answer.status).toBe(200);
      expect(open.answer.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      expect(problems).toEqual([]);
    });
  }

  it.concurrent("send-message: every fault, before and after processing, sends at most once", async () => {
    const gw = gateways.get("send-message") as TestGateway;
    const problems: string[] = [];
    const checks: SendCheck[] = [];
    let n = 0;
    for (const fault of FAULTS) {
      // A 429 comes from Laravel's throttle middleware, before the controller: it never follows a send.
      const phases =
        fault.fault.type === "rateLimit" ? (["before"] as const) : (["before", "after"] as const);
      for (const phase of phases) {
        const outcome = await sendCase(gw, fault, phase, `5${String(++n).padStart(5, "0")}`);
        problems.push(...outcome.problems);
        checks.push(outcome.check);
      }
    }
    // A send delayed beyond the timeout still lands upstream later; wait for it before counting.
    await new Promise((resolve) => setTimeout(resolve, LATENCY_MS));
    for (const { label, marker, processed, maxCalls } of checks) {
      const { calls, campaigns } = sentWith(gw, marker);
      if (calls > maxCalls || campaigns > 1) {
        totals.duplicateSends++;
        problems.push(`${label}: ${calls} calls and ${campaigns} campaigns in all`);
      }
      if (campaigns !== (processed ? 1 : 0)) {
        problems.push(`${label}: ${campaigns} campaigns, expected ${processed ? 1 : 0}`);
      }
    }
    const sendsBefore = gw.sandbox.sends();
    const open = await breakerOpenCase(gw, SEND_MUTATION, { input: otpInput({ idempotencyKey: "open" }) });
    expect(gw.sandbox.sends()).toBe(sendsBefore);
    expect(open.answer.status).toBe(200);
    expect(open.answer.body.data?.sendMessage).toMatchObject({
      __typename: "UpstreamUnavailableError",
      code: "UPSTREAM_UNAVAILABLE",
    });
    const audited = (await gw.audit.list({ first: 1000 })).entries.find((e) => e.idempotencyKey === "open");
    expect(problems).toEqual([]);
    // The breaker refused the template and balance reads, so the send was never attempted.
    expect(audited?.outcome).toBe("REFUSED");
  });

  it("leaves no unhandled rejection behind", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejections.seen).toEqual([]);
  });
});
