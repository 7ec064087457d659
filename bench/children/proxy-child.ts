/**
 * Benchmark baseline server: the minimal `node:http` proxy in front of BENCH_UPSTREAM_URL, demo credentials.
 */
import type { AddressInfo } from "node:net";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { createMinimalProxy } from "../minimal-proxy.js";
import { answerRequests, exitOnSignal, tell } from "./ipc.js";

const upstreamUrl = process.env.BENCH_UPSTREAM_URL;
if (!upstreamUrl) throw new Error("BENCH_UPSTREAM_URL is required");
const server = createMinimalProxy({
  upstreamUrl,
  appKey: DEMO_ACCOUNT.appKey,
  appSecret: DEMO_ACCOUNT.appSecret,
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
answerRequests();
exitOnSignal(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});
tell({ type: "ready", url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` });
