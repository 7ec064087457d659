/**
 * Where the benchmark's processes run and what the machine's CPUs did meanwhile (Linux: `taskset` and `/proc`).
 *
 * Placement: the server under test (gateway, minimal proxy, MCP child) gets CPU 0 to itself; the runner, the
 * sandbox upstream and the load generator share the others. Left to the scheduler on 2 CPUs, the server shared
 * its CPU with the sandbox in some runs and not in others: sharing, it was preempted about once per request
 * (600-1,100 involuntary context switches per 1,000 requests instead of 80-200) and served about half as many
 * requests, so a round's ratio depended on where its two runs had landed. Both sides get the same CPU.
 *
 * Other load: CPU time of the whole machine minus that of the benchmark's own processes, so a run disturbed by
 * something else (another engineer's test suite) can be recognised and measured again.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { cpus } from "node:os";

/** Clock ticks per second of `/proc` times (USER_HZ, 100 on every Linux build). */
const TICKS_PER_SECOND = 100;

/** The CPU lists of {@link placement}, as `taskset -c` takes them; null when processes are not pinned. */
export interface Placement {
  /** The server under test. */
  server: string;
  /** Everything else: the runner, the sandbox, the load generator. */
  rest: string;
}

function tasksetWorks(): boolean {
  return spawnSync("taskset", ["-p", String(process.pid)], { stdio: "ignore" }).status === 0;
}

let chosen: Placement | null | undefined;

/**
 * The placement for this machine: CPU 0 for the server and CPUs 1.. for the rest, with at least 2 CPUs and
 * `taskset`; null otherwise, or when `enabled` is false.
 */
export function placement(enabled = true): Placement | null {
  if (chosen === undefined) {
    const count = cpus().length;
    chosen =
      enabled && process.platform === "linux" && count >= 2 && tasksetWorks()
        ? { server: "0", rest: count === 2 ? "1" : `1-${count - 1}` }
        : null;
  }
  return chosen;
}

/** Pins every thread of process `pid` to `cpuList`; false when it could not. */
export function pin(pid: number, cpuList: string): boolean {
  return spawnSync("taskset", ["-a", "-p", "-c", cpuList, String(pid)], { stdio: "ignore" }).status === 0;
}

function ticks(path: string, fields: number[]): number | null {
  try {
    const stat = readFileSync(path, "utf8");
    const values = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields.reduce((sum, field) => sum + Number(values[field - 3] ?? 0), 0);
  } catch {
    return null;
  }
}

/** CPU seconds of every process since boot (user + nice + system), or null without `/proc/stat`. */
function machineSeconds(): number | null {
  try {
    const [user = 0, nice = 0, system = 0] = readFileSync("/proc/stat", "utf8")
      .split("\n", 1)[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return (user + nice + system) / TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of this process and its exited children (utime, stime, cutime, cstime) plus those of the
 * live processes `pids`.
 */
function ownSeconds(pids: Iterable<number>): number | null {
  const self = ticks("/proc/self/stat", [14, 15, 16, 17]);
  if (self === null) return null;
  let total = self;
  for (const pid of pids) total += ticks(`/proc/${pid}/stat`, [14, 15]) ?? 0;
  return total / TICKS_PER_SECOND;
}

/** A starting point of {@link otherLoad}. */
export interface CpuMark {
  at: number;
  machine: number | null;
  own: number | null;
}

/** Marks now; `pids` are the benchmark's live child processes. */
export function markCpu(pids: Iterable<number>): CpuMark {
  return { at: performance.now(), machine: machineSeconds(), own: ownSeconds(pids) };
}

/**
 * CPUs' worth of time other processes used since `mark` (0.5 = half a CPU on average), never below 0; null
 * when it cannot be known. Children that exited meanwhile count as the runner's.
 */
export function otherLoad(mark: CpuMark, pids: Iterable<number>): number | null {
  const machine = machineSeconds();
  const own = ownSeconds(pids);
  const seconds = (performance.now() - mark.at) / 1000;
  if (machine === null || own === null || mark.machine === null || mark.own === null || seconds <= 0)
    return null;
  return Math.max(0, machine - mark.machine - (own - mark.own)) / seconds;
}
