/**
 * Bulk `sendMessage`: 100,000 recipients split into send-message requests whose URLs stay under
 * SEND_URL_MAX_BYTES, every number sent exactly once; a chunk failing part-way gives a PartialSendError, and a
 * retry with the same idempotency key sends only what was not sent; never more than SEND_CONCURRENCY requests
 * in flight.
 */
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import type { SandboxCall } from "../../src/sandbox/server.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on Error { message code }
    ... on SendMessageSuccess { campaign { uuid message totalContacts creditsPerMessage creditsDeducted
      idempotencyKey replayed chunks { index recipients status uuid creditsDeducted code } } }
    ... on PartialSendError { idempotencyKey chunks { index recipients status uuid creditsDeducted code message } }
  }
}`;

type Chunk = { index: number; recipients: number; status: string; uuid: string | null; code: string | null };

const MESSAGE = "Your OTP is 482913. Valid for 10 minutes.";

function send(gw: TestGateway, input: Record<string, unknown>) {
  return sendMessage(gw, SEND, input);
}

/** `count` distinct valid 10-digit numbers starting 6-9. */
function numbers(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${6 + (i % 4)}${String(i).padStart(9, "0")}`);
}

function bulk(mobileNumbers: string[], idempotencyKey: string): Record<string, unknown> {
  return otpInput({ idempotencyKey }, mobileNumbers);
}

function sendCalls(gw: TestGateway): SandboxCall[] {
  return gw.sandbox.calls.filter((c) => c.endpoint === "send-message");
}

/** Numbers each send-message call carried. */
function recipientsOf(calls: SandboxCall[]): string[][] {
  return calls.map((c) => (c.params.mobile_numbers ?? "").split(","));
}

/** The URL the gateway requested, rebuilt from what the sandbox received (it records all but the secret). */
function urlOf(gw: TestGateway, call: SandboxCall): string {
  const query = new URLSearchParams([
    ["app_key", DEMO_ACCOUNT.appKey],
    ["app_secret", DEMO_ACCOUNT.appSecret],
  ]);
  for (const [name, value] of Object.entries(call.params)) if (name !== "app_key") query.append(name, value);
  return `${gw.sandbox.url}/send-message?${query}`;
}

function expectEachOnce(sent: string[][], expected: string[]): void {
  const flat = sent.flat();
  expect(flat).toHaveLength(expected.length);
  expect(new Set(flat).size).toBe(expected.length);
  expect([...flat].sort()).toEqual([...expected].sort());
}

describe("100,000 recipients under the default 8 KB URL limit", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway();
  });
  afterAll(() => gw.close());

  it("sends every number exactly once in URL-bounded chunks and reports them", async () => {
    const all = numbers(100_000);
    const before = gw.sandbox.state.accounts[0]?.transactionalBalance ?? 0;
    const result = await send(gw, bulk(all, "bulk-100k"));

    expect(result.__typename).toBe("SendMessageSuccess");
    const calls = sendCalls(gw);
    const chunks: Chunk[] = result.campaign.chunks;
    expect(calls.length).toBeGreaterThan(100);
    expect(chunks).toHaveLength(calls.length);
    expect(chunks.map((c) => c.index)).toEqual(chunks.map((_, i) => i));
    expect(chunks.every((c) => c.status === "SENT" && c.code === null)).toBe(true);
    expect(new Set(chunks.map((c) => c.uuid)).size).toBe(chunks.length);
    expect(chunks.reduce((n, c) => n + c.recipients, 0)).toBe(100_000);
    expect(result.campaign).toMatchObject({
      message: MESSAGE,
      totalContacts: 100_000,
      creditsPerMessage: 1,
      creditsDeducted: 100_000,
      replayed: false,
    });
    expect(gw.sandbox.state.accounts[0]?.transactionalBalance).toBe(before - 100_000);

    const sent = recipientsOf(calls);
    expectEachOnce(sent, all);
    expect(sent.map((s) => s.length).sort()).toEqual(chunks.map((c) => c.recipients).sort());

    // The rebuilt URL is exactly what the client measures, so the bound below is the real one.
    const client = new QuickcomClient({ baseUrl: gw.sandbox.url, credentials: DEMO_ACCOUNT });
    const first = calls[0] as SandboxCall;
    expect(Buffer.byteLength(urlOf(gw, first))).toBe(
      client.sendMessageUrlLength({
        dltTemplateId: DEMO_TEMPLATES.otp,
        mobileNumbers: sent[0] ?? [],
        route: 0,
        message: MESSAGE,
        variables: ["482913", "10"],
      }),
    );
    const lengths = calls.map((c) => Buffer.byteLength(urlOf(gw, c)));
    expect(Math.max(...lengths)).toBeLessThanOrEqual(8192);
    // Greedy packing: every chunk but the last is within one number ("%2C" + 10 digits) of the limit.
    for (const length of lengths.slice(0, -1)) expect(length).toBeGreaterThan(8192 - 13);

    const progress = gw.logs.filter((line) => line.includes("send chunk finished"));
    expect(progress).toHaveLength(calls.length);
  }, 60_000);
});

describe("partial failure and retry with the same key", () => {
  const ALL = numbers(2_000);

  async function partial(env: Record<string, string>, key: string) {
    const gw = await startTestGateway({ env: { SEND_URL_MAX_BYTES: "2048", ...env } });
    // The sandbox applies the first matching rule and counts `times` per matching request, so a no-op
    // latency rule used up by the first two send-message calls makes the 429 hit exactly the third.
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 0 }, times: 2 });
    gw.sandbox.injectFault({
      endpoint: "send-message",
      fault: { type: "rateLimit", retryAfterSeconds: 5 },
      times: 1,
    });
    const result = await send(gw, bulk(ALL, key));
    return { gw, result };
  }

  it("counts a retry's remaining chunks against the daily cap like a new send", async () => {
    const { gw, result } = await partial({ SEND_CONCURRENCY: "1", DAILY_MAX_CREDITS: "2000" }, "bulk-capped");
    try {
      expect(result.__typename).toBe("PartialSendError");
      const chunks: Chunk[] = result.chunks;
      const sent = chunks.filter((c) => c.status === "SENT").reduce((n, c) => n + c.recipients, 0);
      // Another send spends the credits the retry would need.
      const other = await send(
        gw,
        otpInput({ idempotencyKey: "other" }, numbers(ALL.length).slice(0, 2_000 - sent - 1)),
      );
      expect(other.__typename).toBe("SendMessageSuccess");
      const calls = gw.sandbox.callCount("send-message");
      const retry = await send(gw, bulk(ALL, "bulk-capped"));
      expect(retry).toMatchObject({ __typename: "CapExceededError", code: "CAP_EXCEEDED" });
      expect(retry.message).toContain("DAILY_MAX_CREDITS");
      expect(gw.sandbox.callCount("send-message")).toBe(calls);
    } finally {
      await gw.close();
    }
  }, 60_000);

  it("reports SENT, FAILED and not-attempted chunks, then resends only those", async () => {
    const { gw, result } = await partial({ SEND_CONCURRENCY: "1" }, "bulk-partial");
    try {
      expect(result).toMatchObject({
        __typename: "PartialSendError",
        code: "PARTIAL_SEND",
        idempotencyKey: "bulk-partial",
      });
      const chunks: Chunk[] = result.chunks;
      expect(chunks.length).toBeGreaterThan(5);
      expect(chunks.slice(0, 2).map((c) => c.status)).toEqual(["SENT", "SENT"]);
      expect(chunks[2]).toMatchObject({ status: "FAILED", code: "RATE_LIMITED", uuid: null });
      for (const c of chunks.slice(3)) expect(c).toMatchObject({ status: "FAILED", code: "NOT_ATTEMPTED" });
      expect(gw.sandbox.callCount("send-message")).toBe(3);
      expect(gw.sandbox.sends()).toBe(2);
      const sentFirst = chunks[0]?.recipients ?? 0;
      expect(result.message).toContain(`Sent to ${sentFirst + (chunks[1]?.recipients ?? 0)} recipient(s)`);

      const retry = await send(gw, bulk(ALL, "bulk-partial"));
      expect(retry.__typename).toBe("SendMessageSuccess");
      expect(gw.sandbox.callCount("send-message")).toBe(3 + chunks.length - 2);
      expect(gw.sandbox.sends()).toBe(chunks.length);
      expect(retry.campaign).toMatchObject({ totalContacts: 2_000, creditsDeducted: 2_000, replayed: false });
      const retried: Chunk[] = retry.campaign.chunks;
      expect(retried.every((c) => c.status === "SENT")).toBe(true);
      expect(retried.slice(0, 2).map((c) => c.uuid)).toEqual(chunks.slice(0, 2).map((c) => c.uuid));
      const delivered = recipientsOf(sendCalls(gw)).filter((_, i) => i !== 2);
      expectEachOnce(delivered, ALL);

      const again = await send(gw, bulk(ALL, "bulk-partial"));
      expect(again.campaign.replayed).toBe(true);
      expect(gw.sandbox.sends()).toBe(chunks.length);

      // One audit entry per attempt; their credits add up to what the upstream deducted, counted once.
      const entries = (await gw.audit.list({ first: 100 })).entries.filter(
        (e) => e.idempotencyKey === "bulk-partial",
      );
      expect(entries.reverse().map((e) => [e.outcome, e.code])).toEqual([
        ["PARTIAL", "PARTIAL_SEND"],
        ["SENT", null],
        ["REPLAYED", null],
      ]);
      expect(entries.reduce((n, e) => n + e.creditsDeducted, 0)).toBe(2_000);
      expect(new Set(entries.flatMap((e) => e.campaignUuids)).size).toBe(chunks.length);
    } finally {
      await gw.close();
    }
  });

  it("with concurrent chunks, every number still goes out exactly once", async () => {
    const { gw, result } = await partial({ SEND_CONCURRENCY: "4" }, "bulk-concurrent");
    try {
      expect(result.__typename).toBe("PartialSendError");
      const chunks: Chunk[] = result.chunks;
      expect(chunks.filter((c) => c.code === "RATE_LIMITED")).toHaveLength(1);
      expect(chunks.filter((c) => c.status === "SENT").length).toBe(gw.sandbox.sends());
      const retry = await send(gw, bulk(ALL, "bulk-concurrent"));
      expect(retry.__typename).toBe("SendMessageSuccess");
      expect(gw.sandbox.sends()).toBe(chunks.length);
      // The sandbox records calls in arrival order: the third to arrive was the refused one.
      expectEachOnce(
        recipientsOf(sendCalls(gw)).filter((_, i) => i !== 2),
        ALL,
      );
    } finally {
      await gw.close();
    }
  });

  it("an unknown chunk is never resent; the rest are", async () => {
    const gw = await startTestGateway({ env: { SEND_URL_MAX_BYTES: "2048", SEND_CONCURRENCY: "1" } });
    try {
      gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 0 }, times: 2 });
      gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "drop" }, times: 1, phase: "after" });
      const first = await send(gw, bulk(ALL, "bulk-unknown"));
      expect(first.__typename).toBe("PartialSendError");
      const chunks: Chunk[] = first.chunks;
      expect(chunks[2]).toMatchObject({ status: "UNKNOWN", code: "SEND_OUTCOME_UNKNOWN" });
      expect(first.message).toContain(`${chunks[2]?.recipients} unknown`);

      const retry = await send(gw, bulk(ALL, "bulk-unknown"));
      expect(retry.__typename).toBe("PartialSendError");
      expect(retry.chunks.map((c: Chunk) => c.status)).toEqual(
        chunks.map((_, i) => (i === 2 ? "UNKNOWN" : "SENT")),
      );
      expect(gw.sandbox.callCount("send-message")).toBe(chunks.length);
      // The dropped answer hid a real send: every number reached the upstream exactly once.
      expect(gw.sandbox.sends()).toBe(chunks.length);
      expectEachOnce(recipientsOf(sendCalls(gw)), ALL);

      await send(gw, bulk(ALL, "bulk-unknown"));
      expect(gw.sandbox.callCount("send-message")).toBe(chunks.length);

      // The first attempt's entry says what it certainly spent and what it may have spent (the unknown chunk).
      const [firstEntry] = (await gw.audit.list({ first: 100 })).entries.slice(-1);
      const recipients = (from: number, to: number) =>
        chunks.slice(from, to).reduce((n, c) => n + c.recipients, 0);
      expect(firstEntry).toMatchObject({
        outcome: "PARTIAL",
        creditsDeducted: recipients(0, 2),
        estimatedCredits: recipients(0, 3),
      });
    } finally {
      await gw.close();
    }
  });
});

describe("bounded concurrency", () => {
  it("never has more than SEND_CONCURRENCY send-message requests in flight", async () => {
    // A pass-through proxy in front of the sandbox counts send-message requests in flight.
    let inFlight = 0;
    let most = 0;
    let upstream = "";
    const proxy = createServer((req, res) => {
      const sending = (req.url ?? "").includes("/send-message");
      if (sending) most = Math.max(most, ++inFlight);
      const target = new URL(req.url ?? "/", upstream);
      const forwarded = request(target, { method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on("end", () => {
          if (sending) inFlight--;
        });
      });
      req.pipe(forwarded);
    });
    await new Promise<void>((resolve) => proxy.listen(0, "127.0.0.1", resolve));
    const { port } = proxy.address() as AddressInfo;
    const gw = await startTestGateway({
      env: { SEND_URL_MAX_BYTES: "2048", SEND_CONCURRENCY: "3" },
      sandbox: { latencyMs: 30 },
      upstreamUrl: `http://127.0.0.1:${port}/api/v1`,
    });
    upstream = gw.sandbox.url.replace(/\/api\/v1$/, "");
    try {
      const all = numbers(2_000);
      const result = await send(gw, bulk(all, "bulk-bounded"));
      expect(result.__typename).toBe("SendMessageSuccess");
      expect(result.campaign.chunks.length).toBeGreaterThan(6);
      expect(most).toBeLessThanOrEqual(3);
      expect(most).toBeGreaterThanOrEqual(2);
      expectEachOnce(recipientsOf(sendCalls(gw)), all);
    } finally {
      await gw.close();
      await new Promise((resolve) => proxy.close(resolve));
    }
  });
});
