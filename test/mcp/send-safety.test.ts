import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/gateway/context.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { type InMemoryMcp, type InMemoryMcpOptions, startInMemoryMcp } from "./helpers.js";
import { OTP_INPUT, textOf } from "./read-tool-cases.js";

const TWO = { ...OTP_INPUT, mobileNumbers: ["9876543210", "9123456780"] };
const THREE = { ...OTP_INPUT, mobileNumbers: ["9876543210", "9123456780", "9988776655"] };

async function previewToken(mcp: InMemoryMcp, input: Record<string, unknown>): Promise<string> {
  const result = await mcp.client.callTool({ name: "preview_message", arguments: input });
  expect(result.isError, textOf(result)).toBeFalsy();
  return (result.structuredContent as { confirmationToken: string }).confirmationToken;
}

async function send(mcp: InMemoryMcp, input: Record<string, unknown>) {
  const result = await mcp.client.callTool({ name: "send_message", arguments: input });
  return { result, text: textOf(result), structured: result.structuredContent as any };
}

async function withMcp(options: InMemoryMcpOptions, body: (mcp: InMemoryMcp) => Promise<void>) {
  const mcp = await startInMemoryMcp(options);
  try {
    await body(mcp);
  } finally {
    await mcp.close();
  }
}

describe("send_message without elicitation: the preview's confirmation token", () => {
  let mcp: InMemoryMcp;
  beforeAll(async () => {
    mcp = await startInMemoryMcp();
  });
  afterAll(() => mcp.close());
  beforeEach(() => mcp.sandbox.reset());

  const refusals: [string, (m: InMemoryMcp) => Promise<Record<string, unknown>>, string, string][] = [
    ["no token", async () => OTP_INPUT, "CONFIRMATION_REQUIRED", "Sending needs confirmation"],
    [
      "a malformed token",
      async () => ({ ...OTP_INPUT, confirmationToken: "yes-please" }),
      "CONFIRMATION_REQUIRED",
      "not in the form this gateway issues",
    ],
    [
      "a forged token",
      async () => ({
        ...OTP_INPUT,
        confirmationToken: `${Date.now() + 60_000}.${"B".repeat(16)}.${"A".repeat(8)}.${"C".repeat(22)}.${"A".repeat(43)}`,
      }),
      "CONFIRMATION_REQUIRED",
      "not issued by this gateway",
    ],
    [
      "the token of another input",
      async (m) => ({
        ...OTP_INPUT,
        confirmationToken: await previewToken(m, { ...OTP_INPUT, variables: ["999999", "10"] }),
      }),
      "CONFIRMATION_REQUIRED",
      "different input",
    ],
    [
      "the token of other recipients",
      async (m) => ({ ...TWO, confirmationToken: await previewToken(m, OTP_INPUT) }),
      "CONFIRMATION_REQUIRED",
      "different input",
    ],
    [
      "an expired token",
      async (m) => {
        const confirmationToken = await previewToken(m, OTP_INPUT);
        m.clock.advance(5 * 60_000 + 1_000);
        return { ...OTP_INPUT, confirmationToken };
      },
      "CONFIRMATION_REQUIRED",
      "expired",
    ],
    [
      "a valid token for an invalid number",
      async (m) => {
        const input = { ...OTP_INPUT, mobileNumbers: ["9876543210", "12345"] };
        return { ...input, confirmationToken: await previewToken(m, input) };
      },
      "INVALID_NUMBERS",
      "10 digits starting 6-9",
    ],
  ];

  it.each(refusals)("refuses %s without calling send-message", async (_name, build, code, hint) => {
    const { result, text } = await send(mcp, await build(mcp));
    expect(result.isError).toBe(true);
    expect(text).toContain(`Error ${code}`);
    expect(text).toContain(hint);
    expect(mcp.sandbox.callCount("send-message")).toBe(0);
    expect(mcp.sandbox.sends()).toBe(0);
  });

  it("sends exactly once with the preview's token, and a retry with the same key replays", async () => {
    const input = { ...TWO, idempotencyKey: "mcp-confirmed-1" };
    const confirmationToken = await previewToken(mcp, input);
    const first = await send(mcp, { ...input, confirmationToken });
    expect(first.result.isError, first.text).toBeFalsy();
    expect(first.structured).toMatchObject({
      sent: true,
      reason: null,
      campaign: { totalContacts: 2, creditsDeducted: 2, idempotencyKey: "mcp-confirmed-1", replayed: false },
    });
    const [json, next] = first.result.content as { text: string }[];
    expect(JSON.parse(json?.text ?? "")).toEqual(first.structured);
    expect(next?.text).toContain("get_delivery_report");
    expect(mcp.sandbox.callCount("send-message")).toBe(1);

    const retry = await send(mcp, { ...input, confirmationToken });
    expect(retry.structured.campaign).toMatchObject({ uuid: first.structured.campaign.uuid, replayed: true });
    expect(mcp.sandbox.callCount("send-message")).toBe(1);
    expect(mcp.sandbox.sends()).toBe(1);
  });

  it("a token pays for one send: reusing it with another key or none is refused, and nothing more is sent", async () => {
    const confirmationToken = await previewToken(mcp, OTP_INPUT);
    const first = await send(mcp, { ...OTP_INPUT, idempotencyKey: "once-1", confirmationToken });
    expect(first.result.isError, first.text).toBeFalsy();
    for (const idempotencyKey of ["once-2", undefined]) {
      const again = await send(mcp, { ...OTP_INPUT, idempotencyKey, confirmationToken });
      expect(again.result.isError).toBe(true);
      expect(again.text).toContain("Error CONFIRMATION_REQUIRED");
      expect(again.text).toContain("already used");
    }
    expect(mcp.sandbox.callCount("send-message")).toBe(1);
    const fresh = await send(mcp, {
      ...OTP_INPUT,
      idempotencyKey: "once-3",
      confirmationToken: await previewToken(mcp, OTP_INPUT),
    });
    expect(fresh.result.isError, fresh.text).toBeFalsy();
    expect(mcp.sandbox.callCount("send-message")).toBe(2);
  });

  it("two concurrent sends with one token: exactly one goes out", async () => {
    const confirmationToken = await previewToken(mcp, OTP_INPUT);
    const results = await Promise.all(
      ["race-1", "race-2", "race-3"].map((idempotencyKey) =>
        send(mcp, { ...OTP_INPUT, idempotencyKey, confirmationToken }),
      ),
    );
    expect(results.filter((r) => !r.result.isError)).toHaveLength(1);
    expect(mcp.sandbox.callCount("send-message")).toBe(1);
  });

  it("audits MCP sends with transport mcp and the session as actor", async () => {
    const input = { ...OTP_INPUT, idempotencyKey: "mcp-audited" };
    await send(mcp, { ...input, confirmationToken: await previewToken(mcp, input) });
    const { entries } = await mcp.audit.list({ first: 100 });
    const entry = entries.find((e) => e.idempotencyKey === "mcp-audited" && e.outcome === "SENT");
    expect(entry).toMatchObject({ transport: "mcp", actor: "mcp:in-memory", recipients: 1 });
  });
});

describe("operator caps", () => {
  it("refuses more recipients than SEND_MAX_RECIPIENTS, even before confirmation", async () => {
    await withMcp({ env: { SEND_MAX_RECIPIENTS: "2" } }, async (mcp) => {
      const { result, text } = await send(mcp, THREE);
      expect(result.isError).toBe(true);
      expect(text).toContain("Error CAP_EXCEEDED");
      expect(text).toContain("SEND_MAX_RECIPIENTS");
      expect(text).toContain("do not split");
      expect(mcp.sandbox.callCount("send-message")).toBe(0);
    });
  });

  it("refuses a confirmed send over SEND_MAX_CREDITS", async () => {
    await withMcp({ env: { SEND_MAX_CREDITS: "2" } }, async (mcp) => {
      const { result, text } = await send(mcp, {
        ...THREE,
        confirmationToken: await previewToken(mcp, THREE),
      });
      expect(result.isError).toBe(true);
      expect(text).toContain("SEND_MAX_CREDITS");
      expect(mcp.sandbox.callCount("send-message")).toBe(0);
    });
  });

  it("refuses a confirmed send that would breach DAILY_MAX_CREDITS", async () => {
    await withMcp({ env: { DAILY_MAX_CREDITS: "2" } }, async (mcp) => {
      const first = await send(mcp, { ...TWO, confirmationToken: await previewToken(mcp, TWO) });
      expect(first.structured.sent).toBe(true);
      const second = await send(mcp, { ...OTP_INPUT, confirmationToken: await previewToken(mcp, OTP_INPUT) });
      expect(second.result.isError).toBe(true);
      expect(second.text).toContain("DAILY_MAX_CREDITS");
      expect(mcp.sandbox.callCount("send-message")).toBe(1);
    });
  });
});

describe("scopes and operator opt-out", () => {
  it("refuses a caller without the send scope", async () => {
    const caller: Caller = { kind: "token", name: "reader", scopes: new Set(["read"]), credentials: null };
    await withMcp({ caller }, async (mcp) => {
      const { result, text } = await send(mcp, {
        ...OTP_INPUT,
        confirmationToken: await previewToken(mcp, OTP_INPUT),
      });
      expect(result.isError).toBe(true);
      expect(text).toContain("Error FORBIDDEN");
      expect(mcp.sandbox.callCount("send-message")).toBe(0);
    });
  });

  it("sends without a token when the operator set MCP_SEND_CONFIRMATION=off", async () => {
    await withMcp({ env: { MCP_SEND_CONFIRMATION: "off" } }, async (mcp) => {
      const { structured } = await send(mcp, OTP_INPUT);
      expect(structured.sent).toBe(true);
      expect(mcp.sandbox.callCount("send-message")).toBe(1);
    });
  });

  it("forwards bulk-send progress as notifications/progress", async () => {
    await withMcp(
      { env: { MCP_SEND_CONFIRMATION: "off", SEND_URL_MAX_BYTES: "320", SEND_CONCURRENCY: "1" } },
      async (mcp) => {
        const numbers = Array.from({ length: 12 }, (_, i) => `98765${String(43210 + i)}`);
        const progress: { progress: number; total?: number }[] = [];
        const result = await mcp.client.callTool(
          { name: "send_message", arguments: { ...OTP_INPUT, mobileNumbers: numbers } },
          undefined,
          { onprogress: (p) => progress.push(p) },
        );
        expect(result.isError, textOf(result)).toBeFalsy();
        const chunks = (result.structuredContent as any).campaign.chunks.length;
        expect(chunks).toBeGreaterThan(1);
        expect(progress).toHaveLength(chunks);
        expect(progress.at(-1)).toMatchObject({ progress: chunks, total: chunks });
        expect(mcp.sandbox.callCount("send-message")).toBe(chunks);
      },
    );
  });
});

describe("bulk sends through send_message", () => {
  it("10,000 recipients: a chunk refused part-way is PARTIAL_SEND; the same key then sends only the rest", async () => {
    await withMcp(
      { env: { MCP_SEND_CONFIRMATION: "off", SEND_URL_MAX_BYTES: "8192", SEND_CONCURRENCY: "1" } },
      async (mcp) => {
        const numbers = Array.from(
          { length: 10_000 },
          (_, i) => `${6 + (i % 4)}${String(i).padStart(9, "0")}`,
        );
        const input = { ...OTP_INPUT, mobileNumbers: numbers, idempotencyKey: "mcp-bulk" };
        // A no-op rule used up by the first two send-message calls makes the 429 hit exactly the third.
        mcp.sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 0 }, times: 2 });
        mcp.sandbox.injectFault({
          endpoint: "send-message",
          fault: { type: "rateLimit", retryAfterSeconds: 1 },
          times: 1,
        });
        const first = await send(mcp, input);
        expect(first.result.isError).toBe(true);
        expect(first.text).toContain("Error PARTIAL_SEND");
        expect(first.text).toContain("same input and idempotencyKey");
        const sentFirst = mcp.sandbox.sends();
        expect(sentFirst).toBe(2);

        const retry = await send(mcp, input);
        expect(retry.result.isError, retry.text).toBeFalsy();
        const chunks = retry.structured.campaign.chunks;
        expect(chunks.length).toBeGreaterThan(3);
        expect(chunks.every((c: { status: string }) => c.status === "SENT")).toBe(true);
        expect(retry.structured.campaign.totalContacts).toBe(10_000);
        const sent = mcp.sandbox.calls
          .filter((c) => c.endpoint === "send-message")
          .filter((_, i) => i !== 2)
          .flatMap((c) => (c.params.mobile_numbers ?? "").split(","));
        expect(sent).toHaveLength(10_000);
        expect(new Set(sent).size).toBe(10_000);
      },
    );
  });
});

describe("send_message with elicitation", () => {
  it("asks the human with the preview and sends exactly once on accept", async () => {
    await withMcp({ elicit: () => ({ action: "accept", content: { confirm: true } }) }, async (mcp) => {
      const { result, structured, text } = await send(mcp, TWO);
      expect(result.isError, text).toBeFalsy();
      expect(structured).toMatchObject({ sent: true, campaign: { totalContacts: 2 } });
      expect(mcp.sandbox.callCount("send-message")).toBe(1);
      // One preview: the send reads the balance once and asks the human at that point, with no token round trip.
      expect(mcp.sandbox.callCount("check-balance")).toBe(1);
      expect(mcp.elicitations).toHaveLength(1);
      const asked = mcp.elicitations[0] ?? "";
      expect(asked).toContain("Your OTP is 123456. Valid for 10 minutes.");
      expect(asked).toContain("Recipients: 2 (9876543210, 9123456780)");
      expect(asked).toContain("Credits: 2");
      expect(asked).toContain(`DLT ${DEMO_TEMPLATES.otp}`);
      expect(asked).toMatch(/Sender: the DLT header \d{19} registered for the template/);
    });
  });

  it.each([
    ["decline", { action: "decline" as const }, "declined"],
    ["cancel", { action: "cancel" as const }, "dismissed"],
    ["accept with the box unticked", { action: "accept" as const, content: { confirm: false } }, "declined"],
  ])("sends nothing on %s and says so without an error", async (_name, answer, reason) => {
    await withMcp({ elicit: () => answer }, async (mcp) => {
      const { result, structured, text } = await send(mcp, TWO);
      expect(result.isError).toBeFalsy();
      expect(structured).toMatchObject({ sent: false, campaign: null });
      expect(structured.reason).toContain(reason);
      expect(text).toContain("nothing was sent");
      expect(mcp.elicitations).toHaveLength(1);
      expect(mcp.sandbox.callCount("send-message")).toBe(0);
    });
  });

  it("does not ask the human about a send the preview refuses", async () => {
    await withMcp({ elicit: () => ({ action: "accept", content: { confirm: true } }) }, async (mcp) => {
      const { result, text } = await send(mcp, { ...TWO, variables: ["1"] });
      expect(result.isError).toBe(true);
      expect(text).toContain("TEMPLATE_VARIABLES");
      expect(mcp.elicitations).toHaveLength(0);
      expect(mcp.sandbox.callCount("send-message")).toBe(0);
    });
  });

  it("still enforces caps after the human accepted", async () => {
    await withMcp(
      { env: { SEND_MAX_CREDITS: "1" }, elicit: () => ({ action: "accept", content: { confirm: true } }) },
      async (mcp) => {
        const { result, text } = await send(mcp, TWO);
        expect(result.isError).toBe(true);
        expect(text).toContain("CAP_EXCEEDED");
        expect(mcp.sandbox.callCount("send-message")).toBe(0);
      },
    );
  });
});
