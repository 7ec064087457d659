/**
 * Graceful shutdown of the real `npm start` entry point: a send in flight when SIGTERM arrives finishes, is
 * answered and audited, and the process exits 0.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../src/quickcom/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../src/quickcom/sandbox/server.js";

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ latencyMs: 1_500 });
});
afterAll(() => sandbox.close());

function startGateway(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1] });
    });
    child.on("exit", (code) => reject(new Error(`gateway exited early (${code}): ${out}`)));
  });
}

describe("graceful shutdown", () => {
  it("finishes a send that is in flight when SIGTERM arrives, then exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qc-shutdown-"));
    const auditFile = join(dir, "audit.jsonl");
    const { child, url } = await startGateway({
      PORT: "0",
      LOG_LEVEL: "warn",
      AUDIT_FILE: auditFile,
      QUICKCOM_BASE_URL: sandbox.url,
      QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
      QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
    });
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    const answer = fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query: `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
        variables: {
          input: {
            dltTemplateId: DEMO_TEMPLATES.welcome,
            mobileNumbers: ["9876543210"],
            route: "TRANSACTIONAL",
          },
        },
      }),
    });
    // The send's reads take 1.5 s each upstream; SIGTERM arrives while it is under way.
    await new Promise((resolve) => setTimeout(resolve, 800));
    child.kill("SIGTERM");
    const body = await (await answer).json();
    expect(body.data.sendMessage.__typename).toBe("SendMessageSuccess");
    expect(await exited).toBe(0);
    expect(sandbox.sends()).toBe(1);
    const [intent, entry, ...rest] = (await readFile(auditFile, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(rest).toEqual([]);
    expect(intent.intent).toMatchObject({ recipients: 1, estimatedCredits: 1 });
    expect(entry).toMatchObject({ outcome: "SENT", attempt: intent.intent.attempt });
  }, 30_000);
});
