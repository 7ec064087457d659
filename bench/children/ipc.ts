/**
 * The child side of the runner's IPC: announce readiness or results, and answer the runner's requests.
 */
import { subscribe } from "node:diagnostics_channel";
import { PerformanceObserver } from "node:perf_hooks";

/** Sends one message to the runner; resolves once it is handed over (at once when there is no IPC channel). */
export function tell(message: { type: string; [key: string]: unknown }): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/**
 * Answers every request of the runner: `handler`'s result is sent back with the request's `id`. A `usage`
 * request is answered here with {@link usage} (after {@link countUsage}).
 */
export function answerRequests(
  handler: (message: { type: string; [key: string]: unknown }) => Promise<Record<string, unknown>> = () =>
    Promise.reject(new Error("no requests")),
): void {
  countUsage();
  process.on("message", (raw) => {
    const message = raw as { type: string; id?: number; [key: string]: unknown };
    const answer = message.type === "usage" ? Promise.resolve({ usage: usage() }) : handler(message);
    answer.then(
      (reply) => void tell({ type: "reply", ...reply, id: message.id }),
      (error: unknown) => void tell({ type: "error", error: String(error), id: message.id }),
    );
  });
}

/** Exits quietly on SIGTERM/SIGINT after `close` (servers close their sockets first). */
export function exitOnSignal(close: () => Promise<unknown> | undefined = () => undefined): void {
  const stop = () => {
    Promise.resolve(close()).finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** A non-negative integer from the environment, else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}

/** What a child reports about itself since it started (see {@link usage}). */
export interface ChildUsage {
  /** CPU time (user + system) of the process, in seconds. */
  cpuSeconds: number;
  /** The kernel's part of it. */
  systemSeconds: number;
  /** Times the process was preempted (involuntary context switches). */
  preemptions: number;
  /** TCP connections its servers accepted. */
  accepted: number;
  /** TCP connections it opened as a client. */
  opened: number;
  /** Garbage-collection pauses: how many, and their total in milliseconds. */
  gcCount: number;
  gcMs: number;
}

const counters = { accepted: 0, opened: 0, gcCount: 0, gcMs: 0 };
let counting = false;

/** Starts counting connections and GC pauses of this process (once; {@link usage} reads the counts). */
export function countUsage(): void {
  if (counting) return;
  counting = true;
  subscribe("net.server.socket", () => {
    counters.accepted++;
  });
  subscribe("net.client.socket", () => {
    counters.opened++;
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      counters.gcCount++;
      counters.gcMs += entry.duration;
    }
  }).observe({ entryTypes: ["gc"] });
}

/** This process's CPU time, preemptions, connections and GC pauses so far. */
export function usage(): ChildUsage {
  const { userCPUTime, systemCPUTime, involuntaryContextSwitches } = process.resourceUsage();
  return {
    cpuSeconds: (userCPUTime + systemCPUTime) / 1e6,
    systemSeconds: systemCPUTime / 1e6,
    preemptions: involuntaryContextSwitches,
    ...counters,
  };
}
