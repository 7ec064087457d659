/**
 * Forked benchmark children: each server (sandbox upstream, gateway, minimal proxy) and each in-process
 * measurement runs in its own Node process (bundled with esbuild, on plain node), so the load generator, the gateway and the upstream
 * never share one event loop. Children talk to the runner over IPC.
 */
import { type ChildProcess, fork } from "node:child_process";
import { basename } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { pin } from "./cpu.js";

/** The first message every child sends: it is listening (servers) or finished (measurements). */
export interface ReadyMessage {
  type: "ready";
  /** Base URL of the child's server, when it runs one. */
  url?: string;
}

/** A message a child sends back to the runner. */
export interface ChildMessage {
  type: string;
  id?: number;
  [key: string]: unknown;
}

/** A running child. */
export interface BenchChild {
  pid: number;
  /** What the child announced when it became ready. */
  ready: ReadyMessage & Record<string, unknown>;
  /**
   * Sends `message` with a fresh `id` and resolves with the child's reply carrying the same `id`; rejects
   * when the child answers with an `error` message.
   */
  request<T extends ChildMessage>(message: { type: string; [key: string]: unknown }): Promise<T>;
  /** Waits for the next message of `type` (for children that report once and exit). */
  next<T extends ChildMessage>(type: string, timeoutMs: number): Promise<T>;
  /** Ends the child (SIGTERM, then SIGKILL after a grace period) and waits for its exit. */
  stop(): Promise<void>;
}

/** Options of {@link startChild}. */
export interface StartChildOptions {
  /** Extra environment for the child (merged over the runner's). */
  env?: Record<string, string>;
  /** Give up when the child has not sent `ready` within this many milliseconds. Default 60 s. */
  readyTimeoutMs?: number;
  /** Node flags of the child (e.g. `--cpu-prof`); default none. */
  execArgv?: string[];
  /** CPUs the child (every thread) is pinned to, as `taskset -c` takes them; default: the runner's. */
  cpuList?: string;
}

const live = new Set<number>();

/** Process ids of the children that are running. */
export function liveChildPids(): ReadonlySet<number> {
  return live;
}

/** Absolute path of a child entry in `bench/children/`. */
export function childEntry(name: string): string {
  return fileURLToPath(new URL(`./children/${name}`, import.meta.url));
}

const bundles = new Map<string, Promise<string>>();

/**
 * Bundles a child entry with esbuild (packages stay external) so it runs on plain `node`, as `npm start` runs the
 * gateway: a `tsx` loader keeps a module-hooks worker thread alive that adds about 100 MB of RSS to every process.
 */
function bundled(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    const outfile = fileURLToPath(
      new URL(`./results/children/${basename(entry, ".ts")}.mjs`, import.meta.url),
    );
    bundle = build({
      entryPoints: [entry],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      target: "node20",
      logLevel: "warning",
    }).then(() => outfile);
    bundles.set(entry, bundle);
  }
  return bundle;
}

/** Forks `entry` (bundled, on plain node) and resolves once it sends its `ready` message. */
export async function startChild(entry: string, options: StartChildOptions = {}): Promise<BenchChild> {
  const child = fork(await bundled(entry), [], {
    execArgv: options.execArgv ?? [],
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const pid = child.pid;
  if (pid !== undefined) {
    live.add(pid);
    child.once("exit", () => live.delete(pid));
    if (options.cpuList) pin(pid, options.cpuList);
  }
  const waiters = new Map<number, (message: ChildMessage) => void>();
  const typed: Array<{ type: string; resolve: (message: ChildMessage) => void }> = [];
  const unclaimed: ChildMessage[] = [];
  let nextId = 1;
  child.on("message", (raw) => {
    const message = raw as ChildMessage;
    if (message.id !== undefined && waiters.has(message.id)) {
      waiters.get(message.id)?.(message);
      waiters.delete(message.id);
      return;
    }
    const index = typed.findIndex((w) => w.type === message.type);
    if (index >= 0) typed.splice(index, 1)[0]?.resolve(message);
    else unclaimed.push(message);
  });
  const next = <T extends ChildMessage>(type: string, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const waiting = unclaimed.findIndex((m) => m.type === type);
      if (waiting >= 0) return resolve(unclaimed.splice(waiting, 1)[0] as T);
      const timer = setTimeout(() => {
        reject(new Error(`${entry}: no "${type}" message within ${timeoutMs} ms`));
      }, timeoutMs);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`${entry} exited (code ${code}) before sending "${type}"`));
      };
      child.once("exit", onExit);
      typed.push({
        type,
        resolve: (message) => {
          clearTimeout(timer);
          child.off("exit", onExit);
          resolve(message as T);
        },
      });
    });
  return next<ReadyMessage & ChildMessage>("ready", options.readyTimeoutMs ?? 60_000).then(
    (ready) => ({
      pid: child.pid ?? -1,
      ready,
      next,
      request<T extends ChildMessage>(message: { type: string; [key: string]: unknown }) {
        const id = nextId++;
        return new Promise<T>((resolve, reject) => {
          waiters.set(id, (reply) =>
            reply.type === "error"
              ? reject(new Error(`${entry}: ${String(reply.error)}`))
              : resolve(reply as T),
          );
          child.send({ ...message, id }, (error) => {
            if (error) {
              waiters.delete(id);
              reject(error);
            }
          });
        });
      },
      stop: () => stopProcess(child),
    }),
    async (error: unknown) => {
      await stopProcess(child);
      throw error;
    },
  );
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill("SIGKILL"), 3_000);
    child.once("exit", () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
