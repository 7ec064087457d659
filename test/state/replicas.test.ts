/**
 * Three gateway replicas over real HTTP, each with its own state objects and Redis connection, on one
 * redis-server and one sandbox upstream: concurrent sends of one idempotency key spread over the replicas send
 * once, concurrent sends under DAILY_MAX_CREDITS spend exactly the cap, a confirmation token used on one replica
 * is refused on another, and a send on one replica invalidates the template cache of the others.
 */
import { randomBytes } from "node:crypto";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createRedisState } from "../../src/state/redis-state.js";
import { startTestGateway, type TestGateway, type TestGatewayOptions } from "../support/gateway.js";
import { startTestRedis, type TestRedis } from "../support/redis.js";
import { otpInput, type SendResult, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on SendMessageSuccess { campaign { uuid replayed creditsDeducted } }
    ... on Error { code message }
  }
}`;

let redis: TestRedis;
let replicas: TestGateway[] = [];
const secret = randomBytes(32);

beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(() => redis.close());
afterEach(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  replicas = [];
  await redis.flush();
});

/** Starts `count` replicas on the test Redis; every replica's upstream is the first one's sandbox. */
async function startReplicas(count: number, options: TestGatewayOptions = {}): Promise<TestGateway[]> {
  const replica = async (upstreamUrl?: string) =>
    startTestGateway({
      ...options,
      upstreamUrl,
      state: createRedisState(await redis.client()),
      confirmationSecret: secret,
    });
  const first = await replica();
  const rest = await Promise.all(Array.from({ length: count - 1 }, () => replica(first.sandbox.url)));
  replicas = [first, ...rest];
  return replicas;
}

const round = <T>(list: T[], i: number): T => list[i % list.length] as T;

describe("replicas sharing Redis", () => {
  it("20 concurrent sends of one idempotency key, spread over 3 replicas, send once", async () => {
    const gws = await startReplicas(3);
    const input = otpInput({ idempotencyKey: "shared-key-1" });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => sendMessage(round(gws, i), SEND, input)),
    );
    const sandbox = (gws[0] as TestGateway).sandbox;
    expect(sandbox.sends()).toBe(1);
    const successes = results.filter((r) => r.__typename === "SendMessageSuccess");
    const others = results.filter((r) => r.__typename !== "SendMessageSuccess");
    expect(successes.length).toBeGreaterThanOrEqual(1);
    expect(new Set(successes.map((r) => r.campaign.uuid)).size).toBe(1);
    // A duplicate that arrives after the first finished on another replica is refused as already used; either way nothing is sent again.
    for (const other of others) expect(["SEND_IN_PROGRESS", "IDEMPOTENCY_KEY_USED"]).toContain(other.code);
    const replay = await sendMessage(round(gws, 2), SEND, input);
    expect(replay.campaign).toMatchObject({ uuid: successes[0]?.campaign.uuid, replayed: true });
    expect(sandbox.sends()).toBe(1);
  });

  it("12 concurrent 1-credit sends under DAILY_MAX_CREDITS=5, spread over 3 replicas, spend exactly 5", async () => {
    const gws = await startReplicas(3, { env: { DAILY_MAX_CREDITS: "5" } });
    const results: SendResult[] = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        sendMessage(round(gws, i), SEND, otpInput({ idempotencyKey: `cap-${i}` })),
      ),
    );
    const sent = results.filter((r) => r.__typename === "SendMessageSuccess");
    expect(sent).toHaveLength(5);
    expect(sent.reduce((n, r) => n + r.campaign.creditsDeducted, 0)).toBe(5);
    for (const r of results.filter((x) => x.__typename !== "SendMessageSuccess")) {
      expect(r.code).toBe("CAP_EXCEEDED");
    }
    expect((gws[0] as TestGateway).sandbox.sends()).toBe(5);
    const later = await sendMessage(round(gws, 1), SEND, otpInput({ idempotencyKey: "cap-later" }));
    expect(later.code).toBe("CAP_EXCEEDED");
  });

  it("a confirmation token used on replica A is refused on replica B", async () => {
    const [a, b] = (await startReplicas(2, { mcp: true })) as [TestGateway, TestGateway];
    const [ma, mb] = await Promise.all([a.connectMcp(), b.connectMcp()]);
    const input = otpInput();
    const preview = (await ma.callTool({ name: "preview_message", arguments: input })) as CallToolResult;
    const { confirmationToken } = preview.structuredContent as { confirmationToken: string };
    const first = (await ma.callTool({
      name: "send_message",
      arguments: { ...input, idempotencyKey: "confirm-a", confirmationToken },
    })) as CallToolResult;
    expect(first.isError).toBeFalsy();
    const again = (await mb.callTool({
      name: "send_message",
      arguments: { ...input, idempotencyKey: "confirm-b", confirmationToken },
    })) as CallToolResult;
    expect(again.isError).toBe(true);
    expect(JSON.stringify(again.content)).toContain("already used");
    expect(a.sandbox.sends()).toBe(1);
  });

  it("a send on replica A invalidates the template cache of replica B", async () => {
    const [a, b] = await startReplicas(2, { env: { READ_CACHE_TTL_MS: "60000" } });
    const sandbox = (a as TestGateway).sandbox;
    const templates = "{ templates(first: 1) { totalCount } }";
    await (b as TestGateway).gql(templates);
    await (b as TestGateway).gql(templates);
    expect(sandbox.callCount("templates")).toBe(1);
    expect((await sendMessage(a as TestGateway, SEND, otpInput())).__typename).toBe("SendMessageSuccess");
    const afterSend = sandbox.callCount("templates");
    await (b as TestGateway).gql(templates);
    expect(sandbox.callCount("templates")).toBe(afterSend + 1);
    await (b as TestGateway).gql(templates);
    expect(sandbox.callCount("templates")).toBe(afterSend + 1);
  });
});
