/**
 * Benchmark upstream: the QuickCom sandbox with a fixed added latency (BENCH_UPSTREAM_LATENCY_MS, default
 * 2) and a rate limit high enough that load runs never see a 429. Announces `{ url }` (the `/api/v1` base).
 * Idle connections stay open for a minute: with Node's 5 s, a side idle while the other side ran (its warm-up,
 * or two runs in a row) found its upstream connections closed and opened them again in its next run.
 */
import { startSandbox } from "../../src/sandbox/server.js";
import { answerRequests, envInt, exitOnSignal, tell } from "./ipc.js";

const sandbox = await startSandbox({
  port: 0,
  latencyMs: envInt("BENCH_UPSTREAM_LATENCY_MS", 2),
  rateLimitPerMinute: 1_000_000_000,
  keepAliveTimeoutMs: 60_000,
});
answerRequests();
exitOnSignal(() => sandbox.close());
tell({ type: "ready", url: sandbox.url });
