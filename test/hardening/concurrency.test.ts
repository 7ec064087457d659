/**
 * Sends under concurrency over real HTTP: many requests with one idempotency key send once, and concurrent
 * sends never spend past DAILY_MAX_CREDITS, also when the audit store is slow (as a shared database is), which
 * widens every gap between checking and recording.
 */
import { afterEach, describe, expect, it } from "vitest";
import { MemoryAuditStore } from "../../src/gateway/audit.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, SEND_MUTATION } from "./helpers.js";

/** An audit store whose reads and writes take a database round trip. */
class SlowAuditStore extends MemoryAuditStore {
  override async creditsSince(credential: string, since: Date): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, 25));
    return super.creditsSince(credential, since);
  }

  protected override async persist(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const STORES = [
  ["in-memory audit store", () => new MemoryAuditStore()],
  ["slow audit store", () => new SlowAuditStore()],
] as const;

async function sendAll(gw: TestGateway, inputs: Record<string, unknown>[]): Promise<string[]> {
  const answers = await Promise.all(inputs.map((input) => gw.gql(SEND_MUTATION, { input })));
  return answers.map((a) => {
    expect(a.status).toBe(200);
    expect(a.body.errors).toBeUndefined();
    return String((a.body.data as { sendMessage: { __typename: string } }).sendMessage.__typename);
  });
}

describe.each(STORES)("concurrent sends with an %s", (_name, store) => {
  let gw: TestGateway | undefined;
  afterEach(async () => {
    await gw?.close();
    gw = undefined;
  });

  it("ten requests with one idempotency key send once; the others wait or replay", async () => {
    gw = await startTestGateway({ env: { DAILY_MAX_CREDITS: "1000" }, audit: store() });
    const results = await sendAll(gw, Array(10).fill(otpInput({ idempotencyKey: "one-key" })));
    expect(gw.sandbox.callCount("send-message")).toBe(1);
    expect(results.filter((r) => r === "SendMessageSuccess").length).toBeGreaterThanOrEqual(1);
    for (const r of results) expect(["SendMessageSuccess", "SendInProgressError"]).toContain(r);
    const replay = await sendAll(gw, [otpInput({ idempotencyKey: "one-key" })]);
    expect(replay).toEqual(["SendMessageSuccess"]);
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });

  it("twelve concurrent 1-credit sends under DAILY_MAX_CREDITS=5 spend exactly 5", async () => {
    gw = await startTestGateway({ env: { DAILY_MAX_CREDITS: "5" }, audit: store() });
    const inputs = Array.from({ length: 12 }, (_, i) =>
      otpInput({ idempotencyKey: `cap-${i}`, variables: [String(100_000 + i), "10"] }),
    );
    const results = await sendAll(gw, inputs);
    expect(gw.sandbox.callCount("send-message")).toBe(5);
    expect(results.filter((r) => r === "SendMessageSuccess")).toHaveLength(5);
    expect(results.filter((r) => r === "CapExceededError")).toHaveLength(7);
    const later = await sendAll(gw, [otpInput({ idempotencyKey: "cap-later" })]);
    expect(later).toEqual(["CapExceededError"]);
  });
});
