/**
 * Confirmation across processes, as the MCP Inspector CLI and assistants that start a stdio server per call use
 * it: a token from `preview_message` in one `npm run mcp` process confirms the send in another, a third process
 * replaying it is refused with nothing sent, and a token of another data directory (another key) or of another
 * input is refused saying so. Each process runs the built bundle against one shared sandbox.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildBundles } from "../../scripts/build.mjs";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";

const INPUT = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210"],
  route: "OTP",
  variables: ["482913", "10"],
};

let sandbox: Sandbox;
beforeAll(async () => {
  await buildBundles();
  sandbox = await startSandbox();
}, 60_000);
afterAll(() => sandbox.close());

/** Starts one stdio server process on `dataDir`, calls one tool, and stops the process. */
async function callInNewProcess(
  dataDir: string,
  name: string,
  args: Record<string, unknown>,
): Promise<CallToolResult> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: ["dist/mcp/stdio.js"],
    env: {
      ...(process.env as Record<string, string>),
      LOG_LEVEL: "warn",
      AUDIT_FILE: join(dataDir, "send-audit.jsonl"),
      QUICKCOM_BASE_URL: sandbox.url,
      QUICKCOM_APP_KEY: DEMO_ACCOUNT.appKey,
      QUICKCOM_APP_SECRET: DEMO_ACCOUNT.appSecret,
    },
    stderr: "pipe",
  });
  const client = new Client({ name: "confirmation-processes", version: "1.0.0" });
  await client.connect(transport);
  try {
    return (await client.callTool({ name, arguments: args })) as CallToolResult;
  } finally {
    await client.close();
  }
}

function textOf(result: CallToolResult): string {
  return result.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
}

describe("confirmation tokens across stdio processes", () => {
  it("preview in one process, send in a second, replay in a third refused; nothing sent twice", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qc-confirm-"));
    const preview = await callInNewProcess(dataDir, "preview_message", INPUT);
    const token = preview.structuredContent?.confirmationToken as string;
    expect(token).toBeTruthy();

    const before = sandbox.sends();
    const sent = await callInNewProcess(dataDir, "send_message", {
      ...INPUT,
      idempotencyKey: "cross-process-1",
      confirmationToken: token,
    });
    expect(sent.structuredContent).toMatchObject({ sent: true });
    expect(sandbox.sends()).toBe(before + 1);

    const replay = await callInNewProcess(dataDir, "send_message", {
      ...INPUT,
      idempotencyKey: "cross-process-2",
      confirmationToken: token,
    });
    expect(replay.isError).toBe(true);
    expect(textOf(replay)).toContain("already used");
    expect(sandbox.sends()).toBe(before + 1);
  }, 60_000);

  it("refuses another input's token and another key's token, each saying so, with nothing sent", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qc-confirm-"));
    const otherDir = await mkdtemp(join(tmpdir(), "qc-confirm-other-"));
    const token = (await callInNewProcess(dataDir, "preview_message", INPUT)).structuredContent
      ?.confirmationToken as string;
    const before = sandbox.sends();

    const otherInput = await callInNewProcess(dataDir, "send_message", {
      ...INPUT,
      variables: ["999999", "10"],
      confirmationToken: token,
    });
    expect(otherInput.isError).toBe(true);
    expect(textOf(otherInput)).toContain("issued for a different input");

    const otherKey = await callInNewProcess(otherDir, "send_message", { ...INPUT, confirmationToken: token });
    expect(otherKey.isError).toBe(true);
    expect(textOf(otherKey)).toContain("not issued by this gateway");
    expect(sandbox.sends()).toBe(before);
  }, 60_000);

  it("tells the caller to quote a DLT template ID given as a JSON number", async () => {
    const dataDir = await mkdtemp(join(tmpdir(), "qc-confirm-"));
    const result = await callInNewProcess(dataDir, "preview_message", {
      ...INPUT,
      dltTemplateId: Number(DEMO_TEMPLATES.otp),
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("quote the ID");
  }, 30_000);
});
