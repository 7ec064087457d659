/**
 * In-process throughput: how many times an async operation completes in a fixed time, with a fixed number
 * of calls in flight, and two operations compared side by side in alternating runs.
 */

/** Throughput of one or more timed runs. */
export interface LoopResult {
  ops: number;
  seconds: number;
  opsPerSecond: number;
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

/** Runs `operation` with `concurrency` calls in flight for `seconds`; counts completions. */
export async function timedLoop(
  operation: () => Promise<unknown>,
  seconds: number,
  concurrency: number,
  now: () => number = () => performance.now(),
): Promise<LoopResult> {
  const started = now();
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
  return { ops, seconds: elapsed, opsPerSecond: ops / elapsed };
}

/** `a` and `b` measured alternately (A B, B A, ...) after a warm-up of each; ratio = A ÷ B ops/s. */
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
  const totals = { a: { ops: 0, seconds: 0 }, b: { ops: 0, seconds: 0 } };
  for (let round = 0; round < settings.rounds; round++) {
    const order: Array<"a" | "b"> = round % 2 === 0 ? ["a", "b"] : ["b", "a"];
    for (const side of order) {
      const result = await timedLoop(side === "a" ? a : b, perRun, concurrency, now);
      totals[side].ops += result.ops;
      totals[side].seconds += result.seconds;
    }
  }
  const finish = (t: { ops: number; seconds: number }): LoopResult => ({
    ...t,
    opsPerSecond: t.seconds > 0 ? t.ops / t.seconds : 0,
  });
  const resultA = finish(totals.a);
  const resultB = finish(totals.b);
  return {
    a: resultA,
    b: resultB,
    ratio: resultB.opsPerSecond > 0 ? resultA.opsPerSecond / resultB.opsPerSecond : 0,
  };
}
