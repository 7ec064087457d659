/**
 * Load generation with autocannon, run as its own process (`node node_modules/autocannon/autocannon.js
 * --json`), so it never shares an event loop or a core's time slices with the server it measures.
 */
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pairedRatio } from "./stats.js";

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

/** Several runs of one target taken together. */
export interface LoadTotals {
  requests: number;
  durationSeconds: number;
  requestsPerSecond: number;
  non2xx: number;
  errors: number;
  /** Requests per second of each run, in order. */
  runs: number[];
}

/** Adds runs up: total requests ÷ total seconds. */
export function totalOf(results: LoadResult[]): LoadTotals {
  const requests = results.reduce((sum, r) => sum + r.requests, 0);
  const durationSeconds = results.reduce((sum, r) => sum + r.durationSeconds, 0);
  return {
    requests,
    durationSeconds,
    requestsPerSecond: durationSeconds > 0 ? requests / durationSeconds : 0,
    non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    runs: results.map((r) => Math.round(r.requestsPerSecond)),
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
}

/**
 * The two sides of a comparison, measured alternately (A B, B A, A B...) after a warm-up of each. Totals per
 * side; the ratio (A ÷ B req/s) is the median over adjacent pairs of runs (see {@link pairedRatio}).
 */
export async function compareLoads(
  a: Omit<LoadSpec, "connections" | "durationSeconds">,
  b: Omit<LoadSpec, "connections" | "durationSeconds">,
  settings: ComparisonSettings,
): Promise<{ a: LoadTotals; b: LoadTotals; ratio: number }> {
  const { connections } = settings;
  if (settings.warmupSeconds > 0) {
    await runLoad({ ...a, connections, durationSeconds: settings.warmupSeconds });
    await runLoad({ ...b, connections, durationSeconds: settings.warmupSeconds });
  }
  const perRun = Math.max(1, Math.round(settings.seconds / settings.rounds));
  const runsA: LoadResult[] = [];
  const runsB: LoadResult[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? [a, b] : [b, a];
    for (const side of order) {
      const result = await runLoad({ ...side, connections, durationSeconds: perRun });
      (side === a ? runsA : runsB).push(result);
    }
  }
  const totalA = totalOf(runsA);
  const totalB = totalOf(runsB);
  return {
    a: totalA,
    b: totalB,
    ratio: pairedRatio(
      runsA.map((r) => r.requestsPerSecond),
      runsB.map((r) => r.requestsPerSecond),
    ),
  };
}
