/**
 * The real entry points as processes. `npm start` as shipped (the esbuild bundle on plain node, embedded sandbox)
 * serves GraphiQL and answers the balance query. Graceful shutdown: a send in flight when `npm start` gets SIGTERM, or when
 * the desktop assistant of `npm run mcp` goes away, finishes, is audited, and the process exits 0. Start-up:
 * a non-loopback HOST without gateway tokens is refused (but not for `npm run mcp`, which never listens), and so
 * is a REDIS_URL where no Redis answers (a configuration error; nothing listens).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import {
  buildClientSchema,
  getIntrospectionQuery,
  type IntrospectionQuery,
  lexicographicSortSchema,
  printSchema,
} from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../src/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../src/sandbox/server.js";
import { freePort } from "./support/redis.js";

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

describe("graceful shutdown of npm run mcp (stdio)", () => {
  it("finishes a send under way when the assistant closes the connection, then exits 0", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qc-stdio-"));
    const auditFile = join(dir, "audit.jsonl");
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", "src/mcp/stdio.ts"],
      env: {
        ...(process.env as Record<string, string>),
        LOG_LEVEL: "warn",
        AUDIT_FILE: auditFile,
        MCP_SEND_CONFIRMATION: "off",
        QUICKCOM_BASE_URL: sandbox.url,
        QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
        QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
      },
      stderr: "pipe",
    });
    const client = new Client({ name: "shutdown-test", version: "1.0.0" });
    await client.connect(transport);
    const pid = transport.pid;
    expect(pid).not.toBeNull();
    const call = client
      .callTool({
        name: "send_message",
        arguments: {
          dltTemplateId: DEMO_TEMPLATES.welcome,
          mobileNumbers: ["9876543210"],
          route: "TRANSACTIONAL",
          idempotencyKey: "stdio-shutdown",
        },
      })
      .catch(() => null);
    // The send's reads take 1.5 s each upstream; the assistant goes away while it is under way.
    await new Promise((resolve) => setTimeout(resolve, 800));
    const before = sandbox.sends();
    await client.close();
    await call;
    await waitUntilGone(pid ?? 0, 15_000);
    expect(sandbox.sends()).toBe(before + 1);
    const lines = (await readFile(auditFile, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({
      outcome: "SENT",
      idempotencyKey: "stdio-shutdown",
      transport: "mcp",
    });
  }, 30_000);
});

/** Runs `npm start`'s entry point with `env` until it exits; its exit code and stderr. */
async function runToExit(env: Record<string, string>): Promise<{ code: number | null; err: string }> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let err = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    err += chunk;
  });
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  return { code, err };
}

describe("start-up refusals", () => {
  it("refuses a non-loopback HOST without GATEWAY_TOKENS_FILE, naming the fix", async () => {
    const { code, err } = await runToExit({
      HOST: "0.0.0.0",
      PORT: "0",
      GATEWAY_TOKENS_FILE: "",
      QUICKCOM_BASE_URL: sandbox.url,
      QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
      QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
    });
    expect(code).toBe(1);
    expect(err).toContain("Refusing to listen on 0.0.0.0 without GATEWAY_TOKENS_FILE");
  }, 30_000);

  it("refuses a REDIS_URL where no Redis answers, as a configuration error without its password", async () => {
    const port = await freePort();
    const { code, err } = await runToExit({
      PORT: "0",
      REDIS_URL: `redis://:hunter2-password@127.0.0.1:${port}/0`,
      CONFIRMATION_SECRET: "c".repeat(40),
      QUICKCOM_BASE_URL: sandbox.url,
      QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
      QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
    });
    expect(code).toBe(1);
    expect(err).toContain(
      `Invalid configuration:\n  REDIS_URL: Redis at redis://:***@127.0.0.1:${port}/0 does not answer`,
    );
    expect(err).not.toContain("hunter2-password");
  }, 30_000);

  it("does not refuse `npm run mcp` for that HOST: it talks over stdio and never listens", async () => {
    const dir = await mkdtemp(join(tmpdir(), "qc-stdio-host-"));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--import", "tsx", "src/mcp/stdio.ts"],
      env: {
        ...(process.env as Record<string, string>),
        HOST: "0.0.0.0",
        GATEWAY_TOKENS_FILE: "",
        LOG_LEVEL: "warn",
        AUDIT_FILE: join(dir, "audit.jsonl"),
        QUICKCOM_BASE_URL: sandbox.url,
        QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
        QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
      },
      stderr: "pipe",
    });
    const client = new Client({ name: "stdio-host-test", version: "1.0.0" });
    await client.connect(transport);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toContain("send_message");
    await client.close();
  }, 30_000);

  it("exits 1 listing every bad variable, secrets not echoed", async () => {
    const { code, err } = await runToExit({
      PORT: "eighty",
      QUICKCOM_APP_SECRET: "s3cr3t-value",
      SEND_CONCURRENCY: "0",
    });
    expect(code).toBe(1);
    expect(err).toContain('PORT: must be a number (got "eighty")');
    expect(err).toContain("SEND_CONCURRENCY: must be greater than 0");
    expect(err).toContain("QUICKCOM_APP_KEY: QUICKCOM_APP_KEY and QUICKCOM_APP_SECRET go together");
    expect(err).not.toContain("s3cr3t-value");
  }, 30_000);
});

async function waitUntilGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    if (Date.now() > deadline) throw new Error(`process ${pid} still running after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Spawns an npm script in its own process group with `env`; resolves once its stdout contains `ready`. */
function npmScript(
  script: string[],
  env: Record<string, string>,
  ready: string,
): Promise<{ child: ChildProcess; out: string }> {
  const child = spawn("npm", script, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk;
      if (out.includes(ready)) resolve({ child, out });
    });
    child.on("exit", (code) => reject(new Error(`npm ${script.join(" ")} exited early (${code}): ${out}`)));
  });
}

/** SIGTERMs a process group started by {@link npmScript} and waits for its leader to exit. */
async function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.on("exit", resolve));
  process.kill(-(child.pid ?? 0), "SIGTERM");
  await exited;
}

/** The served schema, printed sorted exactly as `npm run codegen` prints schema.graphql. */
async function servedSchema(url: string): Promise<string> {
  const answer = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query: getIntrospectionQuery() }),
  });
  const body = (await answer.json()) as { data: IntrospectionQuery };
  return printSchema(lexicographicSortSchema(buildClientSchema(body.data)));
}

const UNKNOWN_TEMPLATE_SEND = {
  dltTemplateId: "1507162019748200001",
  mobileNumbers: ["9876543210"],
  route: "TRANSACTIONAL",
};

describe("npm start as shipped", () => {
  let gateway: { child: ChildProcess; out: string };
  let url = "";
  beforeAll(async () => {
    const dir = await mkdtemp(join(tmpdir(), "qc-start-"));
    gateway = await npmScript(
      ["start", "--silent"],
      { PORT: "0", LOG_LEVEL: "warn", AUDIT_FILE: join(dir, "audit.jsonl") },
      "demo credentials",
    );
    url = /listening on (http:\/\/\S+)/.exec(gateway.out)?.[1] ?? "";
  }, 60_000);
  afterAll(() => stopGroup(gateway.child));

  it("runs the bundle with the embedded sandbox: prints URLs and demo credentials, serves GraphiQL and the balance", async () => {
    expect(readPackageScript("start")).toContain("dist/main.js");
    expect(gateway.out).toContain(`GraphiQL  ${url}/graphql`);
    expect(gateway.out).toContain("embedded QuickCom sandbox");
    expect(gateway.out).toContain(`app_key=${DEMO_ACCOUNT.appKey}`);
    const page = await fetch(`${url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect((await page.text()).toLowerCase()).toContain("graphiql");
    const answer = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: "{ account { balance { transactional } } }" }),
    });
    const body = await answer.json();
    expect(body.data.account.balance.transactional).toBeGreaterThan(0);
  });

  it("serves exactly schema.graphql (every type under its published name)", async () => {
    const committed = await readFile(new URL("../schema.graphql", import.meta.url), "utf8");
    const served = await servedSchema(url);
    expect(served.match(/^type \w+2 /gm)).toBeNull();
    expect(served.trimEnd()).toBe(committed.trimEnd());
  });

  it("names an unknown template's failure TemplateNotFoundError over /graphql, npm run mcp and the bin alike", async () => {
    const answer = await fetch(`${url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "mutation ($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on Error { code } } }",
        variables: { input: UNKNOWN_TEMPLATE_SEND },
      }),
    });
    const body = await answer.json();
    expect(body.data.sendMessage).toEqual({ __typename: "TemplateNotFoundError", code: "1011" });

    const dir = await mkdtemp(join(tmpdir(), "qc-stdio-names-"));
    for (const [command, args] of [
      ["npm", ["run", "--silent", "mcp"]],
      [process.execPath, ["bin/quickcom-gateway.js", "mcp"]],
    ] as const) {
      const transport = new StdioClientTransport({
        command,
        args: [...args],
        env: {
          ...(process.env as Record<string, string>),
          LOG_LEVEL: "warn",
          AUDIT_FILE: join(dir, "audit.jsonl"),
          MCP_SEND_CONFIRMATION: "off",
        },
        stderr: "pipe",
      });
      const client = new Client({ name: "names-test", version: "1.0.0" });
      await client.connect(transport);
      try {
        const result = await client.callTool({ name: "send_message", arguments: UNKNOWN_TEMPLATE_SEND });
        expect(result.isError, command).toBe(true);
        expect(result._meta?.errors, command).toEqual([
          expect.objectContaining({ type: "TemplateNotFoundError", code: "1011" }),
        ]);
      } finally {
        await client.close();
      }
    }
  }, 60_000);
});

function readPackageScript(name: string): string {
  return JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")).scripts[name];
}
