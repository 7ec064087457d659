/**
 * The five measurements, each returning one report row. Servers are children started by the runner; each
 * measurement receives what it needs and starts any extra child itself.
 */
import { isDeepStrictEqual } from "node:util";
import { type BenchChild, childEntry, startChild } from "./child-process.js";
import { runEfficiencySuite } from "./efficiency-suite.js";
import { postGraphql } from "./graphql-client.js";
import { compareLoads } from "./load.js";
import { measureBulkMemory } from "./memory.js";
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
  overhead: { op: ">=", value: 0.8 },
  cachedReads: { op: ">=", value: 0.7 },
  mcp: { op: ">=", value: 0.8 },
  memory: { op: "<", value: 200 },
} satisfies Record<string, Target>;

/** Starts a gateway child over `upstreamUrl` with extra gateway environment. */
export function startGateway(
  upstreamUrl: string,
  gatewayEnv: Record<string, string> = {},
): Promise<BenchChild> {
  return startChild(childEntry("gateway-child.ts"), {
    env: { BENCH_UPSTREAM_URL: upstreamUrl, BENCH_GATEWAY_ENV: JSON.stringify(gatewayEnv) },
  });
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

/** 2. Gateway req/s ÷ minimal-proxy req/s for the balance query. */
export async function measureOverhead(
  gatewayUrl: string,
  upstreamUrl: string,
  settings: BenchSettings,
): Promise<MetricRow> {
  const proxy = await startChild(childEntry("proxy-child.ts"), { env: { BENCH_UPSTREAM_URL: upstreamUrl } });
  try {
    const urls = [`${gatewayUrl}/graphql`, `${proxy.ready.url}/graphql`];
    const answer = await sameAnswer(urls, BALANCE_QUERY);
    const body = graphqlBody(BALANCE_QUERY);
    const result = await compareLoads({ url: urls[0] ?? "", body }, { url: urls[1] ?? "", body }, settings);
    await sameAnswer(urls, BALANCE_QUERY);
    const failures = result.a.non2xx + result.a.errors + result.b.non2xx + result.b.errors;
    return {
      id: "overhead",
      metric: "Gateway overhead (gateway ÷ minimal proxy req/s)",
      measured: result.ratio,
      unit: "ratio",
      target: describeTarget(TARGETS.overhead, "ratio"),
      pass: failures === 0 && meets(result.ratio, TARGETS.overhead),
      absolute: `${formatInt(result.a.requestsPerSecond)} vs ${formatInt(result.b.requestsPerSecond)} req/s`,
      note: failures > 0 ? `${failures} failed requests` : undefined,
      details: { query: BALANCE_QUERY, answer, gateway: result.a, proxy: result.b },
    };
  } finally {
    await proxy.stop();
  }
}

/** 3. Cached templates req/s ÷ constant-field req/s, both through the same gateway. */
export async function measureCachedReads(
  gatewayUrl: string,
  sandbox: SandboxAdmin,
  settings: BenchSettings,
): Promise<MetricRow> {
  const url = `${gatewayUrl}/graphql`;
  const templates = await postGraphql(url, TEMPLATES_QUERY);
  const edges = templates.data?.templates?.edges;
  if (templates.errors?.length || !Array.isArray(edges) || edges.length === 0) {
    throw new Error(`${TEMPLATES_QUERY} failed: ${JSON.stringify(templates).slice(0, 300)}`);
  }
  const constant = await postGraphql(url, CONSTANT_QUERY);
  if (constant.data?.__typename !== "Query") throw new Error(`${CONSTANT_QUERY} failed`);
  const before = (await sandbox.calls()).byEndpoint.templates ?? 0;
  const result = await compareLoads(
    { url, body: graphqlBody(TEMPLATES_QUERY) },
    { url, body: graphqlBody(CONSTANT_QUERY) },
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
    details: { templates: result.a, constant: result.b, upstreamTemplatesCalls: upstreamCalls },
  };
}

/** 4. MCP get_account ops/s ÷ direct `graphql.execute` ops/s, in one child process. */
export async function measureMcp(upstreamUrl: string, settings: BenchSettings): Promise<MetricRow> {
  const child = await startChild(childEntry("mcp-child.ts"), {
    env: { BENCH_UPSTREAM_URL: upstreamUrl, BENCH_MCP_SECONDS: String(settings.mcpSeconds) },
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
