/**
 * The measurements, each returning its report rows. Servers are children started by the runner; each
 * measurement receives what it needs and starts any extra child itself.
 */
import { randomBytes } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { type BenchChild, childEntry, startChild } from "./child-process.js";
import { placement } from "./cpu.js";
import { runEfficiencySuite } from "./efficiency-suite.js";
import { postGraphql } from "./graphql-client.js";
import { type Comparison, compareLoads } from "./load.js";
import { measureBulkMemory } from "./memory.js";
import { type BenchRedis, startBenchRedis } from "./redis-server.js";
import { describeTarget, formatInt, type MetricRow, meets, megabytes, type Target } from "./report.js";
import type { SandboxAdmin } from "./sandbox-admin.js";
import type { BenchSettings } from "./settings.js";
import type { LoopResult } from "./timed-loop.js";

/** The GraphQL body of the gateway-overhead comparison. */
export const BALANCE_QUERY = "{ account { balance { transactional } } }";
/** The cached read of the cached-reads comparison. */
export const TEMPLATES_QUERY = "{ templates(first: 20) { edges { node { name } } } }";
/** The constant field it is compared with. */
export const CONSTANT_QUERY = "{ __typename }";

const TARGETS = {
  efficiency: { op: "<=", value: 1 },
  overhead: { op: ">=", value: 0.85 },
  overheadP99: { op: "<=", value: 1.3 },
  overheadRedis: { op: ">=", value: 0.7 },
  cachedReads: { op: ">=", value: 0.7 },
  mcp: { op: ">=", value: 0.8 },
  memory: { op: "<", value: 200 },
} satisfies Record<string, Target>;

/** Starts a server under test (gateway, proxy, MCP child) on the server CPU of the {@link placement}. */
function startServer(entry: string, env: Record<string, string>): Promise<BenchChild> {
  return startChild(childEntry(entry), { env, cpuList: placement()?.server });
}

/** Starts a gateway child over `upstreamUrl` with extra gateway environment. */
export function startGateway(
  upstreamUrl: string,
  gatewayEnv: Record<string, string> = {},
): Promise<BenchChild> {
  return startServer("gateway-child.ts", {
    BENCH_UPSTREAM_URL: upstreamUrl,
    BENCH_GATEWAY_ENV: JSON.stringify(gatewayEnv),
  });
}

const cpuText = (value: number | null) => (value === null ? "?" : value.toFixed(3));
const count = (value: number | null) => (value === null ? "?" : String(Math.round(value)));

/** Every round of a comparison, as a report breakdown; `names` are the two sides. */
function roundsBreakdown(title: string, names: [string, string], result: Comparison): MetricRow["breakdown"] {
  const [a, b] = names;
  const other = (cpus: number | null) => (cpus === null ? "?" : cpus.toFixed(2));
  return {
    title,
    header: [
      "round",
      "first",
      `${a} req/s`,
      `${b} req/s`,
      "ratio",
      `${a} p99`,
      `${b} p99`,
      `${a} CPU-s/1k`,
      `${b} CPU-s/1k`,
      "preempted/1k",
      "new upstream conns",
      "other CPU",
      "measured",
    ],
    rows: [
      ...result.rounds.map((r, i) => [
        String(i + 1),
        r.first === "a" ? a : b,
        formatInt(r.a.requestsPerSecond),
        formatInt(r.b.requestsPerSecond),
        r.ratio.toFixed(2),
        `${r.a.latencyP99Ms} ms`,
        `${r.b.latencyP99Ms} ms`,
        cpuText(r.a.cpuSecondsPer1000),
        cpuText(r.b.cpuSecondsPer1000),
        `${count(r.a.preemptionsPer1000)} / ${count(r.b.preemptionsPer1000)}`,
        `${count(r.a.connectionsOpened)} / ${count(r.b.connectionsOpened)}`,
        other(r.otherCpu),
        r.attempts === 1 ? "once" : `${r.attempts} times`,
      ]),
      [
        "all",
        "",
        formatInt(result.a.requestsPerSecond),
        formatInt(result.b.requestsPerSecond),
        `median ${result.ratio.toFixed(2)}, worst ${result.worst.toFixed(2)}`,
        `${result.a.latencyP99Ms.toFixed(1)} ms`,
        `${result.b.latencyP99Ms.toFixed(1)} ms`,
        cpuText(result.a.cpuSecondsPer1000),
        cpuText(result.b.cpuSecondsPer1000),
        "",
        "",
        "",
        "",
      ],
    ],
  };
}

function graphqlBody(query: string): string {
  return JSON.stringify({ query });
}

/** 1. Upstream calls made ÷ minimum, over the fixed suite, on a gateway with the read cache off. */
export async function measureEfficiency(upstreamUrl: string, sandbox: SandboxAdmin): Promise<MetricRow> {
  const gateway = await startGateway(upstreamUrl, { READ_CACHE_TTL_MS: "0" });
  try {
    const report = await runEfficiencySuite(`${gateway.ready.url}/graphql`, async () => {
      return (await sandbox.calls()).byEndpoint;
    });
    const over = report.cases.filter((c) => c.made > c.minimum);
    return {
      id: "efficiency",
      metric: `Upstream-call efficiency (${report.cases.length} operations)`,
      measured: report.ratio,
      unit: "ratio",
      target: "1.00",
      pass: over.length === 0 && meets(report.ratio, TARGETS.efficiency),
      absolute: `${report.totalMade} calls made / ${report.totalMinimum} minimum`,
      details: report,
    };
  } finally {
    await gateway.stop();
  }
}

async function sameAnswer(urls: string[], query: string): Promise<unknown> {
  const bodies = await Promise.all(urls.map((url) => postGraphql(url, query)));
  const first = bodies[0];
  if (first?.errors?.length) throw new Error(`${query} failed: ${first.errors[0]?.message}`);
  for (const body of bodies.slice(1)) {
    if (!isDeepStrictEqual(body, first)) {
      throw new Error(`answers differ for ${query}: ${JSON.stringify(bodies)}`);
    }
  }
  return first;
}

/**
 * 2. Gateway req/s ÷ minimal-proxy req/s for the balance query, judged on the worst round, and their p99
 * latencies; CPU seconds per 1,000 requests of each beside.
 */
export async function measureOverhead(
  gateway: BenchChild,
  upstreamUrl: string,
  settings: BenchSettings,
): Promise<MetricRow[]> {
  const proxy = await startServer("proxy-child.ts", { BENCH_UPSTREAM_URL: upstreamUrl });
  try {
    const urls = [`${gateway.ready.url}/graphql`, `${proxy.ready.url}/graphql`];
    const answer = await sameAnswer(urls, BALANCE_QUERY);
    const body = graphqlBody(BALANCE_QUERY);
    const result = await compareLoads(
      { url: urls[0] ?? "", body, server: gateway },
      { url: urls[1] ?? "", body, server: proxy },
      settings,
    );
    await sameAnswer(urls, BALANCE_QUERY);
    const failures = result.a.non2xx + result.a.errors + result.b.non2xx + result.b.errors;
    const note = failures > 0 ? `${failures} failed requests` : undefined;
    const cpu = `CPU ${cpuText(result.a.cpuSecondsPer1000)} vs ${cpuText(result.b.cpuSecondsPer1000)} s per 1,000 requests`;
    return [
      {
        id: "overhead",
        metric: `Gateway overhead (gateway ÷ minimal proxy req/s, worst of ${result.rounds.length} rounds)`,
        measured: result.worst,
        unit: "ratio",
        target: describeTarget(TARGETS.overhead, "ratio"),
        pass: failures === 0 && meets(result.worst, TARGETS.overhead),
        absolute:
          `median ${result.ratio.toFixed(2)}; ${formatInt(result.a.requestsPerSecond)} vs ` +
          `${formatInt(result.b.requestsPerSecond)} req/s; ${cpu}`,
        note,
        details: { query: BALANCE_QUERY, answer, gateway: result.a, proxy: result.b, rounds: result.rounds },
        breakdown: roundsBreakdown(
          `Gateway overhead, every round (upstream +${settings.overheadLatencyMs} ms, ${settings.connections} ` +
            "connections; CPU-s/1k: CPU seconds of the server per 1,000 requests; preempted/1k: involuntary " +
            "context switches of the server per 1,000 requests; new upstream conns: connections the server " +
            "opened; other CPU: CPUs used by other processes meanwhile):",
          ["gateway", "proxy"],
          result,
        ),
      },
      {
        id: "overhead_p99",
        metric: "Gateway p99 latency (÷ minimal proxy's)",
        measured: result.p99Ratio,
        unit: "ratio",
        target: describeTarget(TARGETS.overheadP99, "ratio"),
        pass: failures === 0 && meets(result.p99Ratio, TARGETS.overheadP99),
        absolute: `${result.a.latencyP99Ms.toFixed(1)} vs ${result.b.latencyP99Ms.toFixed(1)} ms (mean of the rounds' p99)`,
        note,
      },
    ];
  } finally {
    await proxy.stop();
  }
}

/**
 * 2b. The same comparison with the gateway's state on a real redis-server (a gateway child started with REDIS_URL,
 * as one of N replicas): gateway req/s ÷ minimal-proxy req/s, worst round judged. Skipped, with a note saying so,
 * when `redis-server` is not installed.
 */
export async function measureRedisOverhead(upstreamUrl: string, settings: BenchSettings): Promise<MetricRow> {
  const row = {
    id: "overhead_redis",
    metric: "Gateway overhead with Redis state ÷ minimal proxy (req/s, worst round)",
    unit: "ratio" as const,
    target: describeTarget(TARGETS.overheadRedis, "ratio"),
  };
  let redis: BenchRedis | null;
  try {
    redis = await startBenchRedis();
  } catch (error) {
    return { ...row, measured: null, pass: null, absolute: "", note: `error: ${(error as Error).message}` };
  }
  if (!redis) {
    return {
      ...row,
      measured: null,
      pass: null,
      absolute: "",
      note: "skipped: redis-server is not installed",
    };
  }
  let gateway: BenchChild | null = null;
  const proxy = await startServer("proxy-child.ts", { BENCH_UPSTREAM_URL: upstreamUrl });
  try {
    gateway = await startGateway(upstreamUrl, {
      REDIS_URL: redis.url,
      CONFIRMATION_SECRET: randomBytes(32).toString("base64"),
    });
    const urls = [`${gateway.ready.url}/graphql`, `${proxy.ready.url}/graphql`];
    const answer = await sameAnswer(urls, BALANCE_QUERY);
    const body = graphqlBody(BALANCE_QUERY);
    const result = await compareLoads(
      { url: urls[0] ?? "", body, server: gateway },
      { url: urls[1] ?? "", body, server: proxy },
      settings,
    );
    await sameAnswer(urls, BALANCE_QUERY);
    const failures = result.a.non2xx + result.a.errors + result.b.non2xx + result.b.errors;
    return {
      ...row,
      measured: result.worst,
      pass: failures === 0 && meets(result.worst, TARGETS.overheadRedis),
      absolute:
        `median ${result.ratio.toFixed(2)}; ${formatInt(result.a.requestsPerSecond)} vs ` +
        `${formatInt(result.b.requestsPerSecond)} req/s; CPU ${cpuText(result.a.cpuSecondsPer1000)} vs ` +
        `${cpuText(result.b.cpuSecondsPer1000)} s per 1,000 requests`,
      note: failures > 0 ? `${failures} failed requests` : undefined,
      details: { query: BALANCE_QUERY, answer, gateway: result.a, proxy: result.b, rounds: result.rounds },
      breakdown: roundsBreakdown(
        `Gateway overhead with Redis state, every round (gateway with REDIS_URL on a local redis-server; columns ` +
          "as above):",
        ["gateway+redis", "proxy"],
        result,
      ),
    };
  } finally {
    await gateway?.stop();
    await proxy.stop();
    await redis.close();
  }
}

/** 3. Cached templates req/s ÷ constant-field req/s, both through the same gateway. */
export async function measureCachedReads(
  gateway: BenchChild,
  sandbox: SandboxAdmin,
  settings: BenchSettings,
): Promise<MetricRow> {
  const url = `${gateway.ready.url}/graphql`;
  const templates = await postGraphql(url, TEMPLATES_QUERY);
  const edges = templates.data?.templates?.edges;
  if (templates.errors?.length || !Array.isArray(edges) || edges.length === 0) {
    throw new Error(`${TEMPLATES_QUERY} failed: ${JSON.stringify(templates).slice(0, 300)}`);
  }
  const constant = await postGraphql(url, CONSTANT_QUERY);
  if (constant.data?.__typename !== "Query") throw new Error(`${CONSTANT_QUERY} failed`);
  const before = (await sandbox.calls()).byEndpoint.templates ?? 0;
  const result = await compareLoads(
    { url, body: graphqlBody(TEMPLATES_QUERY), server: gateway },
    { url, body: graphqlBody(CONSTANT_QUERY), server: gateway },
    settings,
  );
  const upstreamCalls = ((await sandbox.calls()).byEndpoint.templates ?? 0) - before;
  const failures = result.a.non2xx + result.a.errors + result.b.non2xx + result.b.errors;
  return {
    id: "cached_reads",
    metric: "Cached reads (templates(first: 20) ÷ { __typename } req/s)",
    measured: result.ratio,
    unit: "ratio",
    target: describeTarget(TARGETS.cachedReads, "ratio"),
    pass: failures === 0 && meets(result.ratio, TARGETS.cachedReads),
    absolute:
      `${formatInt(result.a.requestsPerSecond)} vs ${formatInt(result.b.requestsPerSecond)} req/s; ` +
      `${upstreamCalls} upstream templates calls for ${formatInt(result.a.requests)} requests`,
    note: failures > 0 ? `${failures} failed requests` : undefined,
    details: {
      templates: result.a,
      constant: result.b,
      rounds: result.rounds,
      upstreamTemplatesCalls: upstreamCalls,
    },
    breakdown: roundsBreakdown(
      "Cached reads, every round (median judged):",
      ["templates", "__typename"],
      result,
    ),
  };
}

/** 4. MCP get_account ops/s ÷ direct `graphql.execute` ops/s, in one child process. */
export async function measureMcp(upstreamUrl: string, settings: BenchSettings): Promise<MetricRow> {
  const child = await startServer("mcp-child.ts", {
    BENCH_UPSTREAM_URL: upstreamUrl,
    BENCH_MCP_SECONDS: String(settings.mcpSeconds),
  });
  try {
    const result = await child.next<{
      type: string;
      available: boolean;
      reason?: string;
      sameResult?: boolean;
      a?: LoopResult;
      b?: LoopResult;
      ratio?: number;
    }>("result", 120_000);
    const row = {
      id: "mcp",
      metric: "MCP overhead (get_account ÷ direct execute ops/s)",
      unit: "ratio" as const,
      target: describeTarget(TARGETS.mcp, "ratio"),
    };
    if (!result.available || !result.a || !result.b || result.ratio === undefined) {
      // TODO: remove once src/mcp is always present; until then the row reports that MCP is missing.
      return {
        ...row,
        measured: null,
        pass: null,
        absolute: "",
        note: "n/a (MCP not available)",
        details: { reason: result.reason },
      };
    }
    return {
      ...row,
      measured: result.ratio,
      pass: result.sameResult === true && meets(result.ratio, TARGETS.mcp),
      absolute:
        `${formatInt(result.a.opsPerSecond)} vs ${formatInt(result.b.opsPerSecond)} ops/s; per CPU-second ` +
        `${formatInt(result.a.opsPerCpuSecond)} vs ${formatInt(result.b.opsPerCpuSecond)}`,
      note: result.sameResult ? undefined : "MCP and direct results differ",
      details: { mcp: result.a, direct: result.b, sameResult: result.sameResult },
    };
  } finally {
    await child.stop();
  }
}

/** 5. Peak RSS of a fresh gateway while previewing and sending to `settings.recipients` numbers. */
export async function measureMemory(
  upstreamUrl: string,
  sandbox: SandboxAdmin,
  settings: BenchSettings,
): Promise<MetricRow> {
  await sandbox.reset();
  const gateway = await startGateway(upstreamUrl);
  try {
    const result = await measureBulkMemory(gateway, settings.recipients);
    const peak = megabytes(result.rss.peakBytes);
    const sentAll = result.sendResult === "SendMessageSuccess" && result.sentContacts === settings.recipients;
    return {
      id: "memory",
      metric: `Memory: peak RSS, preview + send to ${formatInt(settings.recipients)}`,
      measured: peak,
      unit: "MB",
      target: describeTarget(TARGETS.memory, "MB"),
      pass: sentAll && result.previewValid === settings.recipients && meets(peak, TARGETS.memory),
      absolute:
        `baseline ${megabytes(result.rss.baselineBytes)} MB, ` +
        `+${megabytes(result.rss.peakBytes - result.rss.baselineBytes)} MB; preview ${formatInt(result.previewMs)} ms, ` +
        `send ${formatInt(result.sendMs)} ms in ${result.chunks} chunks`,
      note: sentAll ? undefined : `send result ${result.sendResult}, ${result.sentContacts} sent`,
      details: result,
    };
  } finally {
    await gateway.stop();
    await sandbox.reset();
  }
}
