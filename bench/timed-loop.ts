/**
 * In-process throughput: how many times an async operation completes in a fixed time, with a fixed number
 * of calls in flight, and two operations compared side by side in alternating runs.
 */
import { pairedRatio } from "./stats.js";

/** Throughput of one or more timed runs. */
export interface LoopResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
  /** CPU time (user + system) this process spent, and ops per CPU second. */
  cpuSeconds: number;
  opsPerCpuSecond: number;
  /** Ops per second of each timed run, in order (when several were added up). */
  runs?: number[];
}

/** Settings of {@link timedLoop} and {@link compareLoops}. */
export interface LoopSettings {
  /** Calls kept in flight. */
  concurrency: number;
  /** Warm-up seconds per side (not counted). */
  warmupSeconds: number;
  /** Measured seconds per side, split over `rounds` alternating runs. */
  seconds: number;
  rounds: number;
  /** Clock in milliseconds (default `performance.now`). */
  now?: () => number;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** Runs `operation` with `concurrency` calls in flight for `seconds`; counts completions. */
export async function timedLoop(
  operation: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
  now: () => number = () => performance.now(),
): Promise<LoopResult> {
  const started = now();
  const cpuStarted = cpuSeconds();
  const deadline = started + seconds * 1000;
  let ops = 0;
  const worker = async () => {
    while (now() < deadline) {
      await operation();
      ops++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (now() - started) / 1000;
  const cpu = cpuSeconds() - cpuStarted;
  return {
    ops,
    seconds: elapsed,
    opsPerSecond: ops / elapsed,
    cpuSeconds: cpu,
    opsPerCpuSecond: cpu > 0 ? ops / cpu : 0,
  };
}

/**
 * `a` and `b` measured alternately (A B, B A, ...) after a warm-up of each. Totals per side; the ratio
 * (A ÷ B ops/s) is the median over adjacent pairs of runs (see {@link pairedRatio}).
 */
export async function compareLoops(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  settings: LoopSettings,
): Promise<{ a: LoopResult; b: LoopResult; ratio: number }> {
  const { concurrency, now } = settings;
  if (settings.warmupSeconds > 0) {
    await timedLoop(a, settings.warmupSeconds, concurrency, now);
    await timedLoop(b, settings.warmupSeconds, concurrency, now);
  }
  const perRun = settings.seconds / settings.rounds;
  const runs: { a: LoopResult[]; b: LoopResult[] } = { a: [], b: [] };
  for (let round = 0; round < settings.rounds; round++) {
    const order: Array<"a" | "b"> = round % 2 === 0 ? ["a", "b"] : ["b", "a"];
    for (const side of order)
      runs[side].push(await timedLoop(side === "a" ? a : b, perRun, concurrency, now));
  }
  const total = (list: LoopResult[]): LoopResult => {
    const ops = list.reduce((sum, r) => sum + r.ops, 0);
    const seconds = list.reduce((sum, r) => sum + r.seconds, 0);
    const cpu = list.reduce((sum, r) => sum + r.cpuSeconds, 0);
    return {
      ops,
      seconds,
      opsPerSecond: seconds > 0 ? ops / seconds : 0,
      cpuSeconds: cpu,
      opsPerCpuSecond: cpu > 0 ? ops / cpu : 0,
      runs: list.map((r) => Math.round(r.opsPerSecond)),
    };
  };
  return {
    a: total(runs.a),
    b: total(runs.b),
    ratio: pairedRatio(
      runs.a.map((r) => r.opsPerSecond),
      runs.b.map((r) => r.opsPerSecond),
    ),
  };
}
