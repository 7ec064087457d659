import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { OPERATION_TOOLS } from "../../src/mcp/generated/tools.js";
import { hashToken } from "../../src/ops/token-records.js";
import { DEMO_ACCOUNT, SECOND_ACCOUNT } from "../../src/sandbox/seed.js";
import { type HttpMcp, startHttpMcp } from "./helpers.js";
import { callStructured, OTP_INPUT, READ_TOOL_CASES, textOf } from "./read-tool-cases.js";

const INITIALIZE = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } },
});

/** A raw POST to /mcp with full control over Host and Origin (fetch would not allow setting Host). */
function rawPost(
  url: string,
  headers: Record<string, string>,
  body = INITIALIZE,
): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const target = new URL(`${url}/mcp`);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          "content-type": "application/json",
          accept: "application/json, text/event-stream",
          ...headers,
        },
      },
      (res) => {
        let text = "";
        res.on("data", (chunk) => {
          text += chunk;
          if (text.includes('"result"') || text.includes('"error"')) res.destroy();
        });
        res.on("close", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

describe("MCP over Streamable HTTP on the full app", () => {
  let gw: HttpMcp;
  beforeAll(async () => {
    gw = await startHttpMcp();
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("lists every tool of the registry with send_message marked destructive", async () => {
    const client = await gw.connect();
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name)).toEqual(OPERATION_TOOLS.map((t) => t.name));
    expect(tools.find((t) => t.name === "send_message")?.annotations).toMatchObject({
      destructiveHint: true,
      idempotentHint: false,
      openWorldHint: true,
    });
    expect(tools.find((t) => t.name === "list_campaigns")?.annotations?.readOnlyHint).toBe(true);
  });

  it.each(READ_TOOL_CASES)("$tool returns structured content over HTTP", async (c) => {
    const client = await gw.connect();
    const { structured } = await callStructured(client, c.tool, c.args);
    c.check(structured);
  });

  it("uses the QuickCom credentials of each request's headers, and never logs the secret", async () => {
    const second = await gw.connect({
      headers: {
        "x-quickcom-app-key": SECOND_ACCOUNT.appKey,
        "x-quickcom-app-secret": SECOND_ACCOUNT.appSecret,
      },
    });
    const demo = await gw.connect();
    const a = await callStructured(second, "get_account", {});
    const b = await callStructured(demo, "get_account", {});
    expect(a.structured.account.name).toBe(SECOND_ACCOUNT.name);
    expect(b.structured.account.name).toBe(DEMO_ACCOUNT.name);
    expect(gw.sandbox.callCount("check-balance", SECOND_ACCOUNT.appKey)).toBeGreaterThan(0);
    const logs = gw.logs.join("");
    expect(logs).toContain("MCP session opened");
    expect(logs).not.toContain(SECOND_ACCOUNT.appSecret);
    expect(logs).not.toContain(DEMO_ACCOUNT.appSecret);
  });

  it("refuses an unconfirmed send and sends exactly once with the preview's token", async () => {
    const client = await gw.connect();
    const refused = await client.callTool({ name: "send_message", arguments: OTP_INPUT });
    expect(refused.isError).toBe(true);
    expect(textOf(refused)).toContain("CONFIRMATION_REQUIRED");
    expect(gw.sandbox.callCount("send-message")).toBe(0);

    const preview = await callStructured(client, "preview_message", OTP_INPUT);
    const sent = await callStructured(client, "send_message", {
      ...OTP_INPUT,
      confirmationToken: preview.structured.confirmationToken,
    });
    expect(sent.structured.sent).toBe(true);
    expect(gw.sandbox.callCount("send-message")).toBe(1);
    const { entries } = await gw.audit.list({ first: 10 });
    expect(entries[0]).toMatchObject({ outcome: "SENT", transport: "mcp" });
    expect(entries[0]?.actor).toMatch(/^mcp:[0-9a-f-]{36}$/);
  });

  it("refuses every unconfirmed form of send over HTTP, and nothing reaches send-message", async () => {
    const client = await gw.connect();
    const tokenOf = async (input: Record<string, unknown>) =>
      (await callStructured(client, "preview_message", input)).structured.confirmationToken as string;
    const used = await tokenOf(OTP_INPUT);
    expect(
      (await callStructured(client, "send_message", { ...OTP_INPUT, confirmationToken: used })).structured,
    ).toMatchObject({ sent: true });
    const expiring = await tokenOf(OTP_INPUT);
    const attempts: [string, () => Promise<Record<string, unknown>>, string][] = [
      [
        "a forged token",
        async () => ({
          ...OTP_INPUT,
          confirmationToken: `${Date.now() + 60_000}.${"B".repeat(16)}.${"A".repeat(8)}.${"C".repeat(22)}.${"A".repeat(43)}`,
        }),
        "not issued by this gateway",
      ],
      [
        "another input's token",
        async () => ({
          ...OTP_INPUT,
          confirmationToken: await tokenOf({ ...OTP_INPUT, variables: ["999999", "10"] }),
        }),
        "different input",
      ],
      [
        "a used token",
        async () => ({ ...OTP_INPUT, idempotencyKey: "http-reuse", confirmationToken: used }),
        "already used",
      ],
      [
        "an expired token",
        async () => {
          gw.clock.advance(5 * 60_000 + 1_000);
          return { ...OTP_INPUT, confirmationToken: expiring };
        },
        "expired",
      ],
    ];
    for (const [name, build, hint] of attempts) {
      const result = await client.callTool({ name: "send_message", arguments: await build() });
      expect(result.isError, name).toBe(true);
      expect(textOf(result), name).toContain("CONFIRMATION_REQUIRED");
      expect(textOf(result), name).toContain(hint);
    }
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });

  it.each([
    ["accept", { action: "accept" as const, content: { confirm: true } }, 1],
    ["decline", { action: "decline" as const }, 0],
  ])("elicits the confirmation mid-call over HTTP (%s → %i send)", async (_name, answer, sends) => {
    const client = await gw.connect({ elicit: () => answer });
    const before = gw.elicitations.length;
    const result = await client.callTool({ name: "send_message", arguments: OTP_INPUT });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect((result.structuredContent as { sent: boolean }).sent).toBe(sends === 1);
    expect(gw.elicitations.length).toBe(before + 1);
    expect(gw.sandbox.callCount("send-message")).toBe(sends);
  });

  it("closes a session on DELETE and forgets it", async () => {
    const client = await gw.connect();
    const opened = gw.mcp.sessionCount();
    await (client.transport as unknown as { terminateSession(): Promise<void> }).terminateSession();
    expect(gw.mcp.sessionCount()).toBe(opened - 1);
  });

  it("answers 404 to an unknown session and 400 to a request without one", async () => {
    const port = new URL(gw.url).port;
    const unknown = await rawPost(gw.url, { host: `127.0.0.1:${port}`, "mcp-session-id": "nope" });
    expect(unknown.status).toBe(404);
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 2, method: "ping" });
    const sessionless = await rawPost(gw.url, { host: `127.0.0.1:${port}` }, ping);
    expect(sessionless.status).toBe(400);
  });

  describe("DNS-rebinding protection", () => {
    it.each([
      ["a foreign Host", (port: string) => ({ host: `evil.example.com:${port}` }), 403],
      ["a foreign Host without port", () => ({ host: "evil.example.com" }), 403],
      [
        "a foreign Origin",
        (port: string) => ({ host: `127.0.0.1:${port}`, origin: "http://evil.example.com" }),
        403,
      ],
      ["127.0.0.1 with its port", (port: string) => ({ host: `127.0.0.1:${port}` }), 200],
      [
        "localhost with a local Origin",
        (port: string) => ({ host: `localhost:${port}`, origin: `http://localhost:${port}` }),
        200,
      ],
    ])("%s → %i", async (_name, headers, status) => {
      const sessions = gw.mcp.sessionCount();
      const answer = await rawPost(gw.url, headers(new URL(gw.url).port));
      expect(answer.status).toBe(status);
      expect(gw.mcp.sessionCount()).toBe(status === 200 ? sessions + 1 : sessions);
      if (status === 200) expect(answer.headers["mcp-session-id"]).toBeTruthy();
    });
  });
});

describe("MCP over HTTP with gateway tokens", () => {
  const TOKENS = { reader: "reader-token-123456", writer: "writer-token-654321" };
  let gw: HttpMcp;
  beforeAll(async () => {
    gw = await startHttpMcp({
      tokens: [
        { name: "reader", sha256: hashToken(TOKENS.reader), scopes: ["read"] },
        { name: "writer", sha256: hashToken(TOKENS.writer), scopes: ["read", "send"] },
      ],
    });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("refuses a send over an operator cap with isError, and nothing is sent", async () => {
    const capped = await startHttpMcp({ env: { SEND_MAX_RECIPIENTS: "1", MCP_SEND_CONFIRMATION: "off" } });
    try {
      const client = await capped.connect();
      const result = await client.callTool({
        name: "send_message",
        arguments: { ...OTP_INPUT, mobileNumbers: ["9876543210", "8765432109"] },
      });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("CAP_EXCEEDED");
      expect(capped.sandbox.callCount("send-message")).toBe(0);
    } finally {
      await capped.close();
    }
  });

  it("refuses a request without a token", async () => {
    const answer = await rawPost(gw.url, { host: `127.0.0.1:${new URL(gw.url).port}` });
    expect(answer.status).toBe(401);
    expect(gw.mcp.sessionCount()).toBe(0);
  });

  it("refuses a send to a token without the send scope", async () => {
    const client = await gw.connect({ headers: { authorization: `Bearer ${TOKENS.reader}` } });
    const preview = await callStructured(client, "preview_message", OTP_INPUT);
    const result = await client.callTool({
      name: "send_message",
      arguments: { ...OTP_INPUT, confirmationToken: preview.structured.confirmationToken },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("Error FORBIDDEN");
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });

  it("binds a session to the token that opened it", async () => {
    const client = await gw.connect({ headers: { authorization: `Bearer ${TOKENS.writer}` } });
    const sessionId = (client.transport as { sessionId?: string }).sessionId ?? "";
    expect(sessionId).not.toBe("");
    const port = new URL(gw.url).port;
    const ping = JSON.stringify({ jsonrpc: "2.0", id: 9, method: "ping" });
    const hijack = await rawPost(
      gw.url,
      {
        host: `127.0.0.1:${port}`,
        authorization: `Bearer ${TOKENS.reader}`,
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-06-18",
      },
      ping,
    );
    expect(hijack.status).toBe(404);
    const owner = await rawPost(
      gw.url,
      {
        host: `127.0.0.1:${port}`,
        authorization: `Bearer ${TOKENS.writer}`,
        "mcp-session-id": sessionId,
        "mcp-protocol-version": "2025-06-18",
      },
      ping,
    );
    expect(owner.status).toBe(200);
  });
});
