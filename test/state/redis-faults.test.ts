/**
 * The Redis engine lost while the gateway runs (the real redis-server killed mid-test) and brought back: reads keep
 * answering from the upstream, sends are refused with STATE_UNAVAILABLE and reach no upstream, `/readyz` says
 * "state unavailable", and once Redis answers again sends work with no restart. A send whose messages went out
 * before Redis was lost still answers with its result.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRedisState } from "../../src/state/redis-state.js";
import type { SharedState } from "../../src/state/shared-state.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { startTestRedis, type TestRedis } from "../support/redis.js";
import { otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on SendMessageSuccess { campaign { uuid } }
    ... on Error { code message }
  }
}`;

let redis: TestRedis;
let state: SharedState;
let gw: TestGateway;

beforeAll(async () => {
  redis = await startTestRedis();
  state = createRedisState(await redis.client());
  gw = await startTestGateway({ state, env: { READ_CACHE_TTL_MS: "60000", DAILY_MAX_CREDITS: "100" } });
});
afterAll(async () => {
  await gw.close();
  await redis.close();
});

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const readyz = async () => {
  const response = await fetch(`${gw.url}/readyz`);
  return { status: response.status, body: await response.json() };
};

describe("Redis lost and recovered while running", () => {
  it("reads go on, sends are refused with STATE_UNAVAILABLE, /readyz says so, and it recovers without restart", async () => {
    expect((await sendMessage(gw, SEND, otpInput({ idempotencyKey: "before" }))).__typename).toBe(
      "SendMessageSuccess",
    );
    expect(await readyz()).toEqual({ status: 200, body: { status: "ready" } });

    await redis.stop();
    await until(() => !state.available());
    const templates = await gw.gql<{ templates: { totalCount: number } }>(
      "{ templates(first: 2) { totalCount } }",
    );
    expect(templates.body.errors).toBeUndefined();
    expect(templates.body.data?.templates.totalCount).toBeGreaterThan(0);
    const account = await gw.gql("{ account { active email } }");
    expect(account.body.errors).toBeUndefined();

    const sendsBefore = gw.sandbox.sends();
    for (const key of ["during-1", "before", undefined]) {
      const refused = await sendMessage(gw, SEND, otpInput({ idempotencyKey: key }));
      expect(refused).toMatchObject({ __typename: "StateUnavailableError", code: "STATE_UNAVAILABLE" });
      expect(refused.message).toContain("nothing was sent");
    }
    expect(gw.sandbox.sends()).toBe(sendsBefore);
    expect(await readyz()).toEqual({ status: 503, body: { status: "state unavailable" } });
    const audit = await gw.gql("{ sendAudit(first: 5) { totalCount } }");
    expect(audit.body.errors?.[0]?.extensions?.code).toBe("STATE_UNAVAILABLE");

    await redis.start();
    await until(() => state.available());
    expect(await readyz()).toEqual({ status: 200, body: { status: "ready" } });
    const after = await sendMessage(gw, SEND, otpInput({ idempotencyKey: "during-1" }));
    expect(after.__typename).toBe("SendMessageSuccess");
    expect(gw.sandbox.sends()).toBe(sendsBefore + 1);
    const replay = await sendMessage(gw, SEND, otpInput({ idempotencyKey: "during-1" }));
    expect(replay.campaign.uuid).toBe(after.campaign.uuid);
    expect(gw.sandbox.sends()).toBe(sendsBefore + 1);
  });

  it("a send under way when Redis is lost still answers with its result (the messages went out)", async () => {
    await until(() => state.available());
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 400 }, times: 1 });
    const sendsBefore = gw.sandbox.sends();
    const callsBefore = gw.sandbox.callCount("send-message");
    const sending = sendMessage(gw, SEND, otpInput({ idempotencyKey: "mid-send" }));
    await until(() => gw.sandbox.callCount("send-message") > callsBefore, 5_000);
    await redis.stop();
    const result = await sending;
    expect(result.__typename).toBe("SendMessageSuccess");
    expect(gw.sandbox.sends()).toBe(sendsBefore + 1);
    await redis.start();
    await until(() => state.available());
  });
});
