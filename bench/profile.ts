/**
 * `npx tsx bench/profile.ts`: the overhead comparison's gateway under load with `--cpu-prof`, then the profile's
 * self time by package/file and by function, and the busy (non-idle) microseconds per request.
 * `PROFILE_TARGET=proxy` profiles `minimal-proxy.ts` instead, for comparison. Not part of `npm run bench`.
 */
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { childEntry, startChild } from "./child-process.js";
import { runLoad } from "./load.js";
import { BALANCE_QUERY } from "./measurements.js";

const seconds = Number(process.env.PROFILE_SECONDS ?? 15);
const query = process.env.PROFILE_QUERY ?? BALANCE_QUERY;

const sandbox = await startChild(childEntry("sandbox-child.ts"), { env: { BENCH_UPSTREAM_LATENCY_MS: "0" } });
const upstreamUrl = sandbox.ready.url ?? "";
const target = process.env.PROFILE_TARGET === "proxy" ? "proxy-child.ts" : "gateway-child.ts";
const dir = join(import.meta.dirname, "results", `profile-${target.replace(".ts", "")}`);
rmSync(dir, { recursive: true, force: true });
const gateway = await startChild(childEntry(target), {
  env: { BENCH_UPSTREAM_URL: upstreamUrl, BENCH_GATEWAY_ENV: process.env.PROFILE_GATEWAY_ENV ?? "{}" },
  execArgv: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
});
const url = `${gateway.ready.url}/graphql`;
const body = JSON.stringify({ query });
await runLoad({ url, body, connections: 20, durationSeconds: 4 });
const result = await runLoad({ url, body, connections: 20, durationSeconds: seconds });
console.log(
  `req/s ${result.requestsPerSecond.toFixed(0)} p99 ${result.latencyP99Ms} ms non2xx ${result.non2xx}`,
);
await gateway.stop();
await sandbox.stop();

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
if (!file) throw new Error("no profile written");
const profile = JSON.parse(readFileSync(join(dir, file), "utf8")) as {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
};
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => {
  self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
});
const total = [...self.values()].reduce((a, b) => a + b, 0);
const group = (key: (n: Node) => string) => {
  const sums = new Map<string, number>();
  for (const [id, t] of self) {
    const k = key(byId.get(id) as Node);
    sums.set(k, (sums.get(k) ?? 0) + t);
  }
  return [...sums].sort((a, b) => b[1] - a[1]);
};
const where = (n: Node) => {
  const u = n.callFrame.url;
  if (!u) return `(${n.callFrame.functionName || "native"})`;
  const m = u.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/);
  if (m) return m[1] as string;
  return u.replace(/^.*\/(src|bench)\//, "$1/");
};
const idle = group(where).find(([k]) => k === "((idle))")?.[1] ?? 0;
const requests = result.requestsPerSecond * seconds;
console.log(
  `busy ${((total - idle) / requests).toFixed(1)} µs per request (profile time less idle, over ${requests.toFixed(0)} requests)`,
);
const top = Number(process.env.PROFILE_TOP ?? 30);
const perRequest = (t: number) => `${(t / requests).toFixed(1).padStart(6)} µs`;
console.log(`\nself time by package/file (total ${(total / 1e6).toFixed(2)} s)`);
for (const [k, t] of group(where).slice(0, top))
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)}% ${perRequest(t)}  ${k}`);
console.log("\nself time by function");
for (const [k, t] of group(
  (n) => `${n.callFrame.functionName || "(anon)"}  ${where(n)}:${n.callFrame.lineNumber}`,
).slice(0, top))
  console.log(`${((100 * t) / total).toFixed(1).padStart(5)}%  ${k}`);
