/**
 * Benchmark settings, from the environment (all optional):
 * BENCH_UPSTREAM_LATENCY_MS (2), BENCH_OVERHEAD_LATENCY_MS (0, the sandbox of the overhead and cached-reads
 * comparisons), BENCH_CONNECTIONS (20), BENCH_SECONDS (10 measured seconds per side), BENCH_WARMUP_SECONDS (5),
 * BENCH_ROUNDS (5 alternating runs per side), BENCH_OTHER_LOAD_PERCENT (15: a round during which other
 * processes used more than this share of one CPU is measured again), BENCH_RERUNS (2 such repeats at most),
 * BENCH_PIN (1: server under test on CPU 0, the rest on the other CPUs; 0: leave it to the scheduler),
 * BENCH_RECIPIENTS (100000), BENCH_MCP_SECONDS (6), BENCH_ONLY (comma-separated metric ids to run, default all).
 */

/** Ids of the figures (`overhead_redis`: the overhead comparison with the gateway's state on Redis). */
export const METRIC_IDS = [
  "efficiency",
  "overhead",
  "overhead_redis",
  "cached_reads",
  "mcp",
  "memory",
] as const;

/** One of {@link METRIC_IDS}. */
export type MetricId = (typeof METRIC_IDS)[number];

/** The validated settings. */
export interface BenchSettings {
  upstreamLatencyMs: number;
  overheadLatencyMs: number;
  connections: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  /** Other processes' CPU use (in CPUs) above which a round is measured again. */
  maxOtherCpu: number;
  reruns: number;
  pin: boolean;
  recipients: number;
  mcpSeconds: number;
  only: ReadonlySet<MetricId>;
}

function int(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer >= ${min}`);
  return value;
}

/** Reads the settings from `env`. Throws with a clear message on a bad value. */
export function loadBenchSettings(env: Record<string, string | undefined> = process.env): BenchSettings {
  const only = (env.BENCH_ONLY ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  for (const id of only) {
    if (!METRIC_IDS.includes(id as MetricId)) {
      throw new Error(`BENCH_ONLY: unknown metric "${id}" (known: ${METRIC_IDS.join(", ")})`);
    }
  }
  return {
    upstreamLatencyMs: int(env, "BENCH_UPSTREAM_LATENCY_MS", 2, 0),
    overheadLatencyMs: int(env, "BENCH_OVERHEAD_LATENCY_MS", 0, 0),
    connections: int(env, "BENCH_CONNECTIONS", 20, 1),
    seconds: int(env, "BENCH_SECONDS", 10, 1),
    // Steady state is what is judged: under load on 2 cores the gateway's request path takes about 4 s before V8
    // has optimised it (seen as ~1,000 → ~4,700 req/s over the first seconds); both sides get the same warm-up.
    warmupSeconds: int(env, "BENCH_WARMUP_SECONDS", 5, 0),
    rounds: int(env, "BENCH_ROUNDS", 5, 1),
    maxOtherCpu: int(env, "BENCH_OTHER_LOAD_PERCENT", 15, 0) / 100,
    reruns: int(env, "BENCH_RERUNS", 2, 0),
    pin: int(env, "BENCH_PIN", 1, 0) !== 0,
    recipients: int(env, "BENCH_RECIPIENTS", 100_000, 1),
    mcpSeconds: int(env, "BENCH_MCP_SECONDS", 6, 1),
    only: new Set((only.length > 0 ? only : METRIC_IDS) as MetricId[]),
  };
}
