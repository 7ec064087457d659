/**
 * Load generation with autocannon, run as its own process (`node node_modules/autocannon/autocannon.js
 * --json`), so it never shares an event loop or a core's time slices with the server it measures.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { BenchChild } from "./child-process.js";
import { liveChildPids } from "./child-process.js";
import type { ChildUsage } from "./children/ipc.js";
import { markCpu, otherLoad } from "./cpu.js";
import { median } from "./stats.js";

/** One autocannon run. */
export interface LoadSpec {
  /** Full URL (e.g. `http://127.0.0.1:1234/graphql`). */
  url: string;
  /** JSON body POSTed on every request. */
  body: string;
  connections: number;
  durationSeconds: number;
}

/** What one run measured. */
export interface LoadResult {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  /** Answers with a status outside 2xx. */
  non2xx: number;
  /** Connection errors and timeouts. */
  errors: number;
  latencyAvgMs: number;
  latencyP99Ms: number;
}

const AUTOCANNON_CLI = join(
  dirname(createRequire(import.meta.url).resolve("autocannon/package.json")),
  "autocannon.js",
);

/** Runs autocannon once and parses its JSON report. */
export function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const args = [
    AUTOCANNON_CLI,
    "--json",
    "-c",
    String(spec.connections),
    "-d",
    String(spec.durationSeconds),
    "-m",
    "POST",
    "-H",
    "content-type=application/json",
    "-H",
    "accept=application/json",
    "-b",
    spec.body,
    spec.url,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => {
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        const report = JSON.parse(line) as {
          requests: { total: number };
          duration: number;
          non2xx: number;
          errors: number;
          timeouts: number;
          latency: { average: number; p99: number };
        };
        resolve({
          requests: report.requests.total,
          durationSeconds: report.duration,
          requestsPerSecond: report.requests.total / report.duration,
          non2xx: report.non2xx,
          errors: report.errors + report.timeouts,
          latencyAvgMs: report.latency.average,
          latencyP99Ms: report.latency.p99,
        });
      } catch {
        reject(new Error(`autocannon exited ${code} without a JSON report: ${stderr.slice(0, 500)}`));
      }
    });
  });
}

/** One side of a comparison. */
export interface LoadTarget {
  url: string;
  /** JSON body POSTed on every request. */
  body: string;
  /** The child serving it, whose CPU time per request is measured (it answers `usage` requests). */
  server?: BenchChild;
}

/** One measured run of one side. */
export interface RunFigures extends LoadResult {
  /** CPU seconds the serving child spent per 1,000 requests; null without a `server`. */
  cpuSecondsPer1000: number | null;
  /** Times the serving child was preempted per 1,000 requests; null without a `server`. */
  preemptionsPer1000: number | null;
  /** Upstream connections the serving child opened during the run; null without a `server`. */
  connectionsOpened: number | null;
  /** CPUs' worth of time other processes used meanwhile (see `otherLoad`); null when unknown. */
  otherCpu: number | null;
}

/** Both sides measured one after the other. */
export interface RoundFigures {
  /** Which side ran first (alternates from round to round). */
  first: "a" | "b";
  a: RunFigures;
  b: RunFigures;
  /** A ÷ B requests per second. */
  ratio: number;
  /** A ÷ B 99th-percentile latency. */
  p99Ratio: number;
  /** Times the round was measured (more than once when other load disturbed it); the least disturbed is kept. */
  attempts: number;
  /** The larger other load of its two runs. */
  otherCpu: number | null;
}

/** Several runs of one target taken together. */
export interface LoadTotals {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  /** Requests per second of each run, in order. */
  runs: number[];
  /** Mean of the runs' 99th-percentile latencies. */
  latencyP99Ms: number;
  /** CPU seconds of the serving child per 1,000 requests over all runs; null when not measured. */
  cpuSecondsPer1000: number | null;
}

/** Adds runs up: total requests ÷ total seconds. */
export function totalOf(results: RunFigures[]): LoadTotals {
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const durationSeconds = results.reduce((sum, r) => sum + r.durationSeconds, 0);
  const cpu = results.every((r) => r.cpuSecondsPer1000 !== null)
    ? results.reduce((sum, r) => sum + ((r.cpuSecondsPer1000 ?? 0) * r.requests) / 1000, 0)
    : null;
  return {
    requests,
    durationSeconds,
    requestsPerSecond: durationSeconds > 0 ? requests / durationSeconds : 0,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    runs: results.map((r) => Math.round(r.requestsPerSecond)),
    latencyP99Ms:
      results.length > 0 ? results.reduce((sum, r) => sum + r.latencyP99Ms, 0) / results.length : 0,
    cpuSecondsPer1000: cpu !== null && requests > 0 ? (cpu / requests) * 1000 : null,
  };
}

/** Settings of a side-by-side comparison. */
export interface ComparisonSettings {
  connections: number;
  /** Warm-up seconds per target (not counted). */
  warmupSeconds: number;
  /** Measured seconds per target, split over `rounds` alternating runs. */
  seconds: number;
  rounds: number;
  /** A round during which other processes used more than this many CPUs is measured again... */
  maxOtherCpu: number;
  /** ...at most this many more times. */
  reruns: number;
}

/** The result of {@link compareLoads}. */
export interface Comparison {
  a: LoadTotals;
  b: LoadTotals;
  rounds: RoundFigures[];
  /** Median of the rounds' ratios. */
  ratio: number;
  /** Smallest of the rounds' ratios. */
  worst: number;
  /** Sum of A's p99 latencies ÷ sum of B's, over the rounds (p99 comes in whole milliseconds). */
  p99Ratio: number;
}

async function usageOf(child: BenchChild | undefined): Promise<ChildUsage | null> {
  return child ? (await child.request<{ type: string; usage: ChildUsage }>({ type: "usage" })).usage : null;
}

async function measureRun(
  target: LoadTarget,
  connections: number,
  durationSeconds: number,
): Promise<RunFigures> {
  const before = await usageOf(target.server);
  const mark = markCpu(liveChildPids());
  const result = await runLoad({ url: target.url, body: target.body, connections, durationSeconds });
  const otherCpu = otherLoad(mark, liveChildPids());
  const after = await usageOf(target.server);
  const per1000 = (key: "cpuSeconds" | "preemptions") =>
    before && after && result.requests > 0 ? ((after[key] - before[key]) / result.requests) * 1000 : null;
  return {
    ...result,
    cpuSecondsPer1000: per1000("cpuSeconds"),
    preemptionsPer1000: per1000("preemptions"),
    connectionsOpened: before && after ? after.opened - before.opened : null,
    otherCpu,
  };
}

/**
 * The two sides measured alternately (A B, B A, A B...) after a warm-up of each, with the same connections
 * and run length. The ratio is A ÷ B req/s of each round (its two runs are adjacent, so a burst of load from
 * elsewhere skews one round, not the result); a round during which other processes used more than
 * `maxOtherCpu` CPUs is measured again, up to `reruns` times, keeping the least disturbed attempt.
 */
export async function compareLoads(
  a: LoadTarget,
  b: LoadTarget,
  settings: ComparisonSettings,
  onRound?: (round: RoundFigures, index: number) => void,
): Promise<Comparison> {
  const { connections } = settings;
  if (settings.warmupSeconds > 0) {
    await runLoad({ url: a.url, body: a.body, connections, durationSeconds: settings.warmupSeconds });
    await runLoad({ url: b.url, body: b.body, connections, durationSeconds: settings.warmupSeconds });
  }
  const perRun = Math.max(1, Math.round(settings.seconds / settings.rounds));
  const rounds: RoundFigures[] = [];
  for (let index = 0; index < settings.rounds; index++) {
    const first = index % 2 === 0 ? "a" : "b";
    let kept: RoundFigures | null = null;
    for (let attempt = 1; attempt <= 1 + settings.reruns; attempt++) {
      const runs: Partial<Record<"a" | "b", RunFigures>> = {};
      for (const side of first === "a" ? (["a", "b"] as const) : (["b", "a"] as const)) {
        runs[side] = await measureRun(side === "a" ? a : b, connections, perRun);
      }
      const ra = runs.a as RunFigures;
      const rb = runs.b as RunFigures;
      const otherCpu =
        ra.otherCpu === null || rb.otherCpu === null ? null : Math.max(ra.otherCpu, rb.otherCpu);
      const round: RoundFigures = {
        first,
        a: ra,
        b: rb,
        ratio: rb.requestsPerSecond > 0 ? ra.requestsPerSecond / rb.requestsPerSecond : 0,
        p99Ratio: rb.latencyP99Ms > 0 ? ra.latencyP99Ms / rb.latencyP99Ms : 0,
        attempts: attempt,
        otherCpu,
      };
      if (!kept || (otherCpu ?? 0) < (kept.otherCpu ?? 0)) kept = round;
      kept.attempts = attempt;
      if (otherCpu === null || otherCpu <= settings.maxOtherCpu) break;
    }
    rounds.push(kept as RoundFigures);
    onRound?.(kept as RoundFigures, index);
  }
  const ratios = rounds.map((r) => r.ratio);
  const p99b = rounds.reduce((sum, r) => sum + r.b.latencyP99Ms, 0);
  return {
    a: totalOf(rounds.map((r) => r.a)),
    b: totalOf(rounds.map((r) => r.b)),
    rounds,
    ratio: median(ratios),
    worst: ratios.length > 0 ? Math.min(...ratios) : 0,
    p99Ratio: p99b > 0 ? rounds.reduce((sum, r) => sum + r.a.latencyP99Ms, 0) / p99b : 0,
  };
}
