/**
 * `npm run bench`: starts the sandbox upstream (fixed latency), the gateway and the baselines as separate
 * processes, measures the figures of issue 6 (and the Redis overhead row of issue 10) side by side, prints the table and writes it to
 * `bench/results/latest.json`. Exit code 0 whether targets pass or fail (it is a report); 1 when a
 * measurement could not run.
 */
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { type BenchChild, childEntry, startChild } from "./child-process.js";
import { pin, placement } from "./cpu.js";
import type { EfficiencyReport } from "./efficiency-suite.js";
import {
  measureCachedReads,
  measureEfficiency,
  measureMcp,
  measureMemory,
  measureOverhead,
  measureRedisOverhead,
  startGateway,
} from "./measurements.js";
import { type MetricRow, renderBreakdowns, renderTable, writeReport } from "./report.js";
import { SandboxAdmin } from "./sandbox-admin.js";
import { loadBenchSettings, type MetricId } from "./settings.js";

const RESULTS = fileURLToPath(new URL("./results/latest.json", import.meta.url));
const LABELS: Record<MetricId, string> = {
  efficiency: "Upstream-call efficiency",
  overhead: "Gateway overhead",
  overhead_redis: "Gateway overhead with Redis state",
  cached_reads: "Cached reads",
  mcp: "MCP overhead",
  memory: "Memory",
};

const settings = loadBenchSettings();
const started = new Date();
const children: BenchChild[] = [];
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);

async function stopAll(): Promise<void> {
  await Promise.all(children.splice(0).map((child) => child.stop()));
}
process.once("SIGINT", () => {
  stopAll().finally(() => process.exit(130));
});

async function attempt(
  id: MetricId,
  measure: () => Promise<MetricRow | MetricRow[]>,
): Promise<MetricRow | MetricRow[] | null> {
  if (!settings.only.has(id)) return null;
  log(`${LABELS[id]}...`);
  const t0 = performance.now();
  try {
    const row = await measure();
    log(`${LABELS[id]} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return row;
  } catch (error) {
    log(`${LABELS[id]} failed: ${error instanceof Error ? error.message : String(error)}`);
    return {
      id,
      metric: LABELS[id],
      measured: null,
      unit: id === "memory" ? "MB" : "ratio",
      target: "",
      pass: null,
      absolute: "",
      note: `error: ${error instanceof Error ? error.message : String(error)}`.slice(0, 200),
    };
  }
}

const cpuPlan = placement(settings.pin);
if (cpuPlan && pin(process.pid, cpuPlan.rest)) {
  log(
    `servers under test on CPU ${cpuPlan.server}; runner, sandbox and load generator on CPU ${cpuPlan.rest}`,
  );
} else {
  log("processes not pinned to CPUs (BENCH_PIN=0, one CPU, or no taskset)");
}

async function startSandbox(latencyMs: number): Promise<{ url: string; admin: SandboxAdmin }> {
  const child = await startChild(childEntry("sandbox-child.ts"), {
    env: { BENCH_UPSTREAM_LATENCY_MS: String(latencyMs) },
  });
  children.push(child);
  const url = child.ready.url ?? "";
  log(`sandbox upstream at ${url} (+${latencyMs} ms per call)`);
  return { url, admin: new SandboxAdmin(url) };
}

const { url: upstreamUrl, admin: sandbox } = await startSandbox(settings.upstreamLatencyMs);

const rows: MetricRow[] = [];
const push = (row: MetricRow | MetricRow[] | null) => {
  if (row) rows.push(...(Array.isArray(row) ? row : [row]));
};

push(await attempt("efficiency", () => measureEfficiency(upstreamUrl, sandbox)));

if (["overhead", "overhead_redis", "cached_reads"].some((id) => settings.only.has(id as MetricId))) {
  const upstream =
    settings.overheadLatencyMs === settings.upstreamLatencyMs
      ? { url: upstreamUrl, admin: sandbox }
      : await startSandbox(settings.overheadLatencyMs);
  if (settings.only.has("overhead") || settings.only.has("cached_reads")) {
    const gateway = await startGateway(upstream.url);
    children.push(gateway);
    push(await attempt("overhead", () => measureOverhead(gateway, upstream.url, settings)));
    await upstream.admin.reset();
    push(await attempt("cached_reads", () => measureCachedReads(gateway, upstream.admin, settings)));
    await upstream.admin.reset();
    await gateway.stop();
  }
  push(await attempt("overhead_redis", () => measureRedisOverhead(upstream.url, settings)));
  await upstream.admin.reset();
}

push(await attempt("mcp", () => measureMcp(upstreamUrl, settings)));
push(await attempt("memory", () => measureMemory(upstreamUrl, sandbox, settings)));
await stopAll();

const efficiency = rows.find((r) => r.id === "efficiency")?.details as EfficiencyReport | undefined;
const deviations = (efficiency?.cases ?? []).filter((c) => c.made !== c.minimum);

const table = renderTable(rows);
const breakdowns = renderBreakdowns(rows);
process.stdout.write(
  `\nquickcom-gateway benchmark — ${started.toISOString()} — ${cpus().length} CPU(s), Node ${process.version}, ` +
    `upstream +${settings.upstreamLatencyMs} ms (+${settings.overheadLatencyMs} ms for overhead and cached reads), ` +
    `${settings.connections} connections, ${settings.seconds} s per side in ${settings.rounds} alternating runs ` +
    `after ${settings.warmupSeconds} s warm-up, ` +
    `${cpuPlan ? `server on CPU ${cpuPlan.server}, the rest on CPU ${cpuPlan.rest}` : "not pinned"}\n\n` +
    `${table}\n${breakdowns ? `\n${breakdowns}` : ""}`,
);
for (const c of deviations) {
  process.stdout.write(
    `  efficiency: "${c.name}" made ${c.made} call(s) ${JSON.stringify(c.calls)}, minimum ${c.minimum} ${JSON.stringify(c.expected)}\n`,
  );
}
for (const row of rows) {
  if (row.note && row.measured !== null) process.stdout.write(`  ${row.id}: ${row.note}\n`);
}

await writeReport(RESULTS, {
  startedAt: started.toISOString(),
  finishedAt: new Date().toISOString(),
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? "unknown", node: process.version },
  settings: { ...settings, only: [...settings.only] },
  table,
  breakdowns,
  metrics: rows,
});
process.stdout.write(`\nwritten to ${RESULTS}\n`);
process.exit(rows.some((r) => r.note?.startsWith("error")) ? 1 : 0);
