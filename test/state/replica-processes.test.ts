/**
 * Two real gateway processes (`src/main.ts`, as `npm start` runs it) with REDIS_URL on one redis-server and one
 * sandbox: concurrent sends of one idempotency key spread over both send once, and concurrent sends under
 * DAILY_MAX_CREDITS spend exactly the cap.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";
import { startTestRedis, type TestRedis } from "../support/redis.js";
import { otpInput } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { __typename ... on Error { code } }
}`;

let sandbox: Sandbox;
let redis: TestRedis;
let replicas: { child: ChildProcess; url: string }[] = [];

async function startReplica(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const dir = await mkdtemp(join(tmpdir(), "qc-replica-"));
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: {
      ...process.env,
      PORT: "0",
      LOG_LEVEL: "warn",
      AUDIT_FILE: join(dir, "audit.jsonl"),
      REDIS_URL: redis.url,
      CONFIRMATION_SECRET: "r".repeat(40),
      QUICKCOM_BASE_URL: sandbox.url,
      QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
      QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`replica exited early (${code}): ${out}`)));
  });
}

async function send(
  url: string,
  input: Record<string, unknown>,
): Promise<{ __typename: string; code?: string }> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: SEND, variables: { input } }),
  });
  return ((await response.json()) as { data: { sendMessage: { __typename: string; code?: string } } }).data
    .sendMessage;
}

beforeAll(async () => {
  sandbox = await startSandbox();
  redis = await startTestRedis();
});
afterAll(async () => {
  for (const { child } of replicas) child.kill("SIGKILL");
  await redis.close();
  await sandbox.close();
});

describe("two gateway processes on one Redis", () => {
  it("send a key once and spend exactly DAILY_MAX_CREDITS", async () => {
    replicas = await Promise.all([1, 2].map(() => startReplica({ DAILY_MAX_CREDITS: "5" })));
    const urls = replicas.map((r) => r.url);
    const sameKey = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        send(urls[i % 2] as string, otpInput({ idempotencyKey: "proc-key" })),
      ),
    );
    expect(sandbox.sends()).toBe(1);
    // Each duplicate reserves its credit before it finds the key taken, so under the cap some are CAP_EXCEEDED.
    const seen = new Set(sameKey.map((r) => r.__typename));
    for (const name of seen) {
      expect(["SendMessageSuccess", "SendInProgressError", "CapExceededError"]).toContain(name);
    }
    expect(seen.has("SendMessageSuccess")).toBe(true);

    const capped = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        send(urls[i % 2] as string, otpInput({ idempotencyKey: `proc-cap-${i}` })),
      ),
    );
    expect(capped.filter((r) => r.__typename === "SendMessageSuccess")).toHaveLength(4);
    expect(sandbox.sends()).toBe(5);
    for (const r of capped.filter((x) => x.__typename !== "SendMessageSuccess"))
      expect(r.code).toBe("CAP_EXCEEDED");
  }, 60_000);
});
