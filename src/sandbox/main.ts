/**
 * `npm run sandbox`: the sandbox upstream alone. Env: SANDBOX_PORT (4010), SANDBOX_HOST (127.0.0.1),
 * SANDBOX_LATENCY_MS (0). Prints the base URL and the demo credentials; closes on SIGINT/SIGTERM.
 */
import { DEMO_ACCOUNTS } from "./seed.js";
import { startSandbox } from "./server.js";

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) {
    console.error(`${name} must be a non-negative integer, got "${raw}"`);
    process.exit(1);
  }
  return value;
}

const sandbox = await startSandbox({
  port: envInt("SANDBOX_PORT", 4010),
  host: process.env.SANDBOX_HOST || "127.0.0.1",
  latencyMs: envInt("SANDBOX_LATENCY_MS", 0),
});

console.log(`QuickCom sandbox listening: ${sandbox.url}`);
console.log("Demo credentials (app_key / app_secret):");
for (const [label, creds] of Object.entries(DEMO_ACCOUNTS)) {
  console.log(`  ${label.padEnd(20)} ${creds.appKey} / ${creds.appSecret}  (${creds.name})`);
}
console.log(
  `Admin: POST|DELETE ${sandbox.url.replace(/\/api\/v1$/, "")}/__sandbox/faults, POST /__sandbox/reset, GET /__sandbox/calls, GET|POST /__sandbox/clock`,
);

let closing = false;
function shutdown(signal: string): void {
  if (closing) return;
  closing = true;
  console.log(`${signal} received, closing the sandbox`);
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));
