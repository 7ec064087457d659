/**
 * Where an OTP code may appear: in the sending caller's own answer (and upstream, where it must go), and nowhere
 * else: not in any log line, the metrics, the audit trail, another MCP caller's answers (its send_otp, its replay
 * attempt with the same key, its campaign list), nor GraphQL reads of the campaigns.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SecretRegistry } from "../../src/ops/secret-registry.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const text = (result: unknown) => JSON.stringify(result);

describe("the OTP code reaches only its caller", () => {
  let gw: TestGateway;
  let alice: Client;
  let bob: Client;
  beforeAll(async () => {
    gw = await startTestGateway({ mcp: true });
    alice = await gw.connectMcp();
    bob = await gw.connectMcp();
  });
  afterAll(() => gw.close());

  it("is in the sender's answer and in no log, metric, audit entry or other caller's answer", async () => {
    const args = {
      dltTemplateId: DEMO_TEMPLATES.otpCode,
      mobileNumber: "9876543210",
      codeLength: 8,
      idempotencyKey: "login-alice-1",
    };
    const sent = await alice.callTool({ name: "send_otp", arguments: args });
    expect(sent.isError).toBeFalsy();
    const code = (sent.structuredContent as { otp: { code: string } }).otp.code;
    expect(code).toMatch(/^[0-9]{8}$/);
    expect(gw.sandbox.calls.find((c) => c.endpoint === "send-otp")?.params.v1).toBe(code);
    const replay = await alice.callTool({ name: "send_otp", arguments: args });
    expect((replay.structuredContent as { otp: { code: string; replayed: boolean } }).otp).toMatchObject({
      code,
      replayed: true,
    });

    const others = [
      await bob.callTool({ name: "send_otp", arguments: args }),
      await bob.callTool({ name: "send_otp", arguments: { ...args, idempotencyKey: "login-bob-1" } }),
      await bob.callTool({ name: "list_campaigns", arguments: { limit: 5 } }),
      (await gw.gql("{ campaigns(first: 5) { edges { node { message } } } }")).body,
    ];
    expect(text(others[0])).toContain("IDEMPOTENCY_KEY_REUSED");
    expect(text(others[1])).toContain("OTP_THROTTLED");
    expect(text(others[2])).toContain("Your QuickCom verification code is ********.");
    expect(text(others[3])).toContain("Your QuickCom verification code is ********.");
    for (const answer of others) expect(text(answer)).not.toContain(code);

    const metrics = await (await fetch(`${gw.url}/metrics`)).text();
    expect(metrics).toContain("send");
    expect(metrics).not.toContain(code);

    const audit = await gw.audit.list({ first: 50 });
    expect(audit.entries.length).toBeGreaterThanOrEqual(3);
    expect(text(audit.entries)).not.toContain(code);
    const digests = new Set(audit.entries.map((e) => e.otpCodeDigest));
    expect([...digests].every((d) => /^hmac-sha256:[A-Za-z0-9_-]{22}$/.test(d ?? ""))).toBe(true);

    expect(gw.logs.length).toBeGreaterThan(0);
    for (const line of gw.logs) expect(line).not.toContain(code);
  });
});

describe("SecretRegistry.registerTransient", () => {
  it("redacts a code from every line while it is held, in every spelling, and forgets it after", () => {
    const secrets = new SecretRegistry();
    const release = secrets.registerTransient("48291377");
    expect(secrets.scrub('{"msg":"GET /send-otp?v1=48291377&message=Code%20is%2048291377"}')).toBe(
      '{"msg":"GET /send-otp?v1=[REDACTED]&message=Code%20is%20[REDACTED]"}',
    );
    release();
    expect(secrets.scrub("v1=48291377")).toBe("v1=48291377");
    expect(secrets.size).toBe(0);
  });
});
