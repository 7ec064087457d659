/**
 * The redis-server of the Redis overhead row: started the way the tests start theirs (`test/support/redis.ts`: a
 * free loopback port, no persistence, killed afterwards), or none when `redis-server` is not installed.
 */
import { spawnSync } from "node:child_process";
import { startTestRedis } from "../test/support/redis.js";

/** A running redis-server on loopback. */
export interface BenchRedis {
  /** `redis://127.0.0.1:PORT`. */
  url: string;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Whether a `redis-server` binary answers `--version` on this machine. */
export function redisServerInstalled(): boolean {
  const probe = spawnSync("redis-server", ["--version"], { stdio: "ignore" });
  return probe.error === undefined && probe.status === 0;
}

/** Starts redis-server on a free loopback port; null when it is not installed. */
export async function startBenchRedis(): Promise<BenchRedis | null> {
  if (!redisServerInstalled()) return null;
  const redis = await startTestRedis();
  return { url: redis.url, close: () => redis.close() };
}
