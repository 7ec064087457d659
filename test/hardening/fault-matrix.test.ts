/**
 * The fault matrix over real HTTP: every fault the sandbox can inject × every upstream endpoint, through both
 * front doors (GraphQL at /graphql, MCP tools at /mcp). Reads: no 5xx, a stable code per fault, recovery after
 * a one-off fault. Sends: a typed result, at most one upstream call per attempt, an audit entry (FAILED or
 * UNKNOWN), and a retry with the same idempotency key that never sends twice. An open breaker refuses at once.
 * Afterwards the app secret is in no answer, log line or metric of the whole matrix.
 * One gateway per endpoint and front door, all in parallel.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SandboxFault } from "../../src/sandbox/faults.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
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
  STABLE_CODES,
  secretFormsOf,
  stackTraceIn,
  trackProcessEvent,
} from "./helpers.js";

const totals = { faults: 0, fiveXx: 0, duplicateSends: 0, secretScans: 0 };
const rejections = trackProcessEvent("unhandledRejection");

afterAll(() => {
  rejections.stop();
  console.log(
    `fault matrix (GraphQL + MCP): ${totals.faults} faults tried, ${totals.fiveXx} 5xx seen, ` +
      `${totals.duplicateSends} duplicate sends seen, ${rejections.count} unhandled rejections, ` +
      `${totals.secretScans} answers, log lines and metric pages scanned for the app secret`,
  );
});

/** What one call through a front door came back with. */
interface Answer {
  /** Rule breaks seen on the way (5xx, stack traces, unstable codes, protocol failures). */
  problems: string[];
  /** The error code, or null for a success. */
  code: string | null;
  /** A read: the data asked for is there. A send: the SMS was accepted. */
  ok: boolean;
  /** Whole answer text, for messages and key checks. */
  text: string;
}

/** One way into the gateway. */
interface FrontDoor {
  read(probe: ReadProbe): Promise<Answer>;
  send(input: Record<string, unknown>): Promise<Answer>;
}

/** Counts 5xx answers and stack traces in one HTTP exchange. */
function inspect(status: number, text: string): string[] {
  const problems: string[] = [];
  if (status >= 500) {
    totals.fiveXx++;
    problems.push(`HTTP ${status}`);
  }
  const stack = stackTraceIn(text);
  if (stack) problems.push(`stack trace sign ${JSON.stringify(stack)}`);
  return problems;
}

function graphqlDoor(gw: TestGateway): FrontDoor {
  async function post(query: string, variables?: Record<string, unknown>) {
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    const problems = inspect(response.status, text);
    let body: Record<string, any> = {};
    try {
      body = JSON.parse(text);
    } catch {
      problems.push(`body is not JSON: ${text.slice(0, 80)}`);
    }
    return { body, problems, text };
  }
  return {
    async read(probe) {
      const { body, problems, text } = await post(probe.query);
      if (body.errors) problems.push(...errorProblems(body.errors));
      const code = body.errors?.[0]?.extensions?.code ?? null;
      return { problems, code, ok: !body.errors && probe.answered(body.data), text };
    },
    async send(input) {
      const { body, problems, text } = await post(SEND_MUTATION, { input });
      if (body.errors)
        problems.push(`GraphQL errors instead of a typed result: ${JSON.stringify(body.errors)}`);
      const result = body.data?.sendMessage as Record<string, unknown> | undefined;
      const ok = result?.__typename === "SendMessageSuccess";
      const code = ok ? null : typeof result?.code === "string" ? result.code : "<none>";
      return { problems, code, ok, text };
    },
  };
}

async function mcpDoor(gw: TestGateway): Promise<FrontDoor> {
  const exchanges: string[] = [];
  const observed: typeof fetch = async (input, init) => {
    const response = await fetch(input, init);
    if (response.status >= 500) exchanges.push(`HTTP ${response.status}`);
    return response;
  };
  const client: Client = await gw.connectMcp({}, observed);
  async function call(name: string, args: Record<string, unknown>): Promise<Answer> {
    const problems: string[] = [];
    let text = "";
    let isError = false;
    let structured: Record<string, any> | undefined;
    try {
      const result = await client.callTool({ name, arguments: args });
      isError = result.isError === true;
      structured = result.structuredContent as Record<string, any> | undefined;
      text = JSON.stringify(result.content);
    } catch (error) {
      problems.push(`MCP call failed: ${String(error)}`);
    }
    for (const failure of exchanges.splice(0)) {
      totals.fiveXx++;
      problems.push(failure);
    }
    problems.push(...inspect(200, text));
    const code = isError ? (/Error ([A-Z0-9_]+)/.exec(text)?.[1] ?? "<none>") : null;
    if (code !== null && !STABLE_CODES.has(code)) problems.push(`unstable code ${code}`);
    const ok = !isError && structured !== undefined && (name !== "send_message" || structured.sent === true);
    return { problems, code, ok, text };
  }
  return {
    read: (probe) => call(probe.tool, {}),
    send: (input) => call("send_message", input),
  };
}

/** Clears faults and closes the breaker, so each case starts from a healthy upstream. */
function heal(gw: TestGateway): void {
  gw.sandbox.clearFaults();
  gw.app.gateway.breaker.reset();
}

/** One fault on one read endpoint: a clean failure while it lasts, recovery after a one-off. */
async function readCase(gw: TestGateway, door: FrontDoor, probe: ReadProbe, { name, fault }: NamedFault) {
  const problems: string[] = [];
  const where = (text: string) => problems.push(`${probe.endpoint} × ${name}: ${text}`);

  heal(gw);
  gw.sandbox.injectFault({ endpoint: probe.endpoint, fault });
  const callsBefore = gw.sandbox.callCount(probe.endpoint);
  totals.faults++;
  const failing = await door.read(probe);
  for (const p of failing.problems) where(p);
  if (failing.code !== READ_FAULT_CODES[fault.type]) {
    where(`code ${failing.code}, expected ${READ_FAULT_CODES[fault.type]}: ${failing.text.slice(0, 200)}`);
  }
  const attempts = gw.sandbox.callCount(probe.endpoint) - callsBefore;
  if (attempts < 1 || attempts > 3) where(`${attempts} upstream attempts (expected 1 + at most 2 retries)`);

  heal(gw);
  gw.sandbox.injectFault({ endpoint: probe.endpoint, fault, times: 1 });
  totals.faults++;
  const recovered = await door.read(probe);
  for (const p of recovered.problems) where(`after a one-off fault: ${p}`);
  if (!recovered.ok) where(`no recovery after a one-off fault: ${recovered.text.slice(0, 200)}`);
  return problems;
}

/** The code a send reports under each fault, and what the audit trail must say. */
function expectedSend(fault: SandboxFault, phase: "before" | "after"): { code: string; outcome: string } {
  if (fault.type === "rateLimit" && phase === "before") return { code: "RATE_LIMITED", outcome: "FAILED" };
  return { code: "SEND_OUTCOME_UNKNOWN", outcome: "UNKNOWN" };
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

/** A send case whose campaigns are counted once late answers (latency beyond the timeout) have landed. */
interface SendCheck {
  label: string;
  marker: string;
  /** Whether the sandbox processed the request (so exactly one campaign must exist in the end). */
  processed: boolean;
  /** Upstream calls allowed in all: the attempt, plus the retry when the attempt certainly failed. */
  maxCalls: number;
}

/**
 * One fault on send-message: a typed failure, at most one upstream call, an audit entry with the key, then a
 * retry with the same key that sends only when the first attempt certainly failed.
 */
async function sendCase(
  gw: TestGateway,
  door: FrontDoor,
  { name, fault }: NamedFault,
  phase: "before" | "after",
  marker: string,
): Promise<{ problems: string[]; check: SendCheck }> {
  const problems: string[] = [];
  const label = `send-message × ${name} (${phase})`;
  const where = (text: string) => problems.push(`${label}: ${text}`);
  const key = `fault-${name}-${phase}-${marker}`;
  const input = otpInput({ idempotencyKey: key, variables: [marker, "10"] });
  const expected = expectedSend(fault, phase);

  heal(gw);
  gw.sandbox.injectFault({ endpoint: "send-message", fault, phase, times: 1 });
  totals.faults++;
  const first = await door.send(input);
  for (const p of first.problems) where(p);
  if (first.code !== expected.code)
    where(`code ${first.code}, expected ${expected.code}: ${first.text.slice(0, 200)}`);
  if (expected.code === "SEND_OUTCOME_UNKNOWN" && !first.text.includes(key)) {
    where("the unknown outcome does not carry the idempotency key");
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
  const retry = await door.send(input);
  for (const p of retry.problems) where(`retry: ${p}`);
  if (expected.outcome === "FAILED" && !retry.ok) {
    where(`the retry after a known failure did not send: ${retry.text.slice(0, 200)}`);
  }
  if (expected.outcome === "UNKNOWN" && retry.code !== "SEND_OUTCOME_UNKNOWN") {
    where(`the retry after an unknown outcome answered ${retry.code}`);
  }
  const processed = phase === "after" || expected.outcome === "FAILED" || fault.type === "latency";
  const maxCalls = expected.outcome === "FAILED" ? 2 : 1;
  return { problems, check: { label, marker, processed, maxCalls } };
}

/** Opens the breaker, makes one call, and reports how many upstream requests it caused. */
async function withOpenBreaker(gw: TestGateway, call: () => Promise<Answer>) {
  heal(gw);
  for (let i = 0; i < 10; i++) gw.app.gateway.breaker.recordFailure();
  const callsBefore = gw.sandbox.calls.length;
  totals.faults++;
  const answer = await call();
  const upstreamCalls = gw.sandbox.calls.length - callsBefore;
  heal(gw);
  return { answer, upstreamCalls };
}

/** A door that keeps the text of every answer it returns, for the secret scan. */
function recording(door: FrontDoor, texts: string[]): FrontDoor {
  const keep = async (pending: Promise<Answer>) => {
    const answer = await pending;
    texts.push(answer.text);
    return answer;
  };
  return { read: (probe) => keep(door.read(probe)), send: (input) => keep(door.send(input)) };
}

const DOORS = [
  { name: "GraphQL", open: async (gw: TestGateway) => graphqlDoor(gw) },
  { name: "MCP", open: mcpDoor },
] as const;

describe.each(DOORS)("fault matrix through $name", ({ name: doorName, open }) => {
  const gateways = new Map<string, { gw: TestGateway; door: FrontDoor; texts: string[] }>();
  beforeAll(async () => {
    const endpoints = [...READ_PROBES.map((p) => p.endpoint), "send-message"];
    await Promise.all(
      endpoints.map(async (endpoint) => {
        const gw = await startTestGateway({
          env: { ...FAULT_ENV, MCP_SEND_CONFIRMATION: "off" },
          mcp: doorName === "MCP",
        });
        const texts: string[] = [];
        gateways.set(endpoint, { gw, door: recording(await open(gw), texts), texts });
      }),
    );
  });
  afterAll(async () => {
    await Promise.all([...gateways.values()].map(({ gw }) => gw.close()));
  });

  for (const probe of READ_PROBES) {
    it.concurrent(`${probe.endpoint}: every fault is a clean, coded error and reads recover`, async () => {
      const { gw, door } = gateways.get(probe.endpoint) as { gw: TestGateway; door: FrontDoor };
      const problems: string[] = [];
      for (const fault of FAULTS) problems.push(...(await readCase(gw, door, probe, fault)));
      const open = await withOpenBreaker(gw, () => door.read(probe));
      expect(problems).toEqual([]);
      expect(open.upstreamCalls).toBe(0);
      expect(open.answer.problems).toEqual([]);
      expect(open.answer.code).toBe("UPSTREAM_UNAVAILABLE");
    });
  }

  it.concurrent("send-message: every fault, before and after processing, sends at most once", async () => {
    const { gw, door } = gateways.get("send-message") as { gw: TestGateway; door: FrontDoor };
    const problems: string[] = [];
    const checks: SendCheck[] = [];
    let n = doorName === "MCP" ? 500 : 0;
    for (const fault of FAULTS) {
      // A 429 comes from Laravel's throttle middleware, before the controller: it never follows a send.
      const phases =
        fault.fault.type === "rateLimit" ? (["before"] as const) : (["before", "after"] as const);
      for (const phase of phases) {
        const outcome = await sendCase(gw, door, fault, phase, `5${String(++n).padStart(5, "0")}`);
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
    expect(problems).toEqual([]);

    const sendsBefore = gw.sandbox.sends();
    const open = await withOpenBreaker(gw, () => door.send(otpInput({ idempotencyKey: "breaker-open" })));
    expect(gw.sandbox.sends()).toBe(sendsBefore);
    expect(open.upstreamCalls).toBe(0);
    expect(open.answer.problems).toEqual([]);
    expect(open.answer.code).toBe("UPSTREAM_UNAVAILABLE");
    const audited = (await gw.audit.list({ first: 1000 })).entries.find(
      (e) => e.idempotencyKey === "breaker-open",
    );
    // The breaker refused the template and balance reads, so the send was never attempted.
    expect(audited?.outcome).toBe("REFUSED");
  });

  it("leaked the app secret into no answer, log line or metric", async () => {
    const forms = secretFormsOf(DEMO_ACCOUNT.appSecret);
    const leaks: string[] = [];
    let scanned = 0;
    for (const [endpoint, { gw, texts }] of gateways) {
      const metrics = await (await fetch(`${gw.url}/metrics`)).text();
      for (const [where, list] of [
        ["answer", texts],
        ["log line", gw.logs],
        ["metrics", [metrics]],
      ] as const) {
        expect(list.length, `${endpoint} ${where}s`).toBeGreaterThan(0);
        for (const text of list) {
          scanned++;
          if (forms.some((form) => text.includes(form)))
            leaks.push(`${endpoint} ${where}: ${text.slice(0, 120)}`);
        }
      }
    }
    totals.secretScans += scanned;
    expect(leaks).toEqual([]);
  });
});

describe("after the matrix", () => {
  it("left no unhandled rejection behind", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(rejections.seen).toEqual([]);
  });
});
