/**
 * `Subscription.campaignProgress` over SSE on real HTTP: events while the sandbox's clock moves, completion,
 * one shared poller for two subscribers, the per-credential limit, and bad input refused without a call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DELIVERY_TEST_NUMBERS } from "../../src/sandbox/server.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
  ... on SendMessageSuccess { campaign { uuid } } } }`;

const PROGRESS = `subscription ($uuid: String!) { campaignProgress(uuid: $uuid) {
  totalContacts delivered failed pending completed } }`;

interface ProgressEvent {
  data?: { campaignProgress: { pending: number; completed: boolean; delivered: number } };
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** A subscription's events as they arrive, and whether the stream ended. */
interface Stream {
  events: ProgressEvent[];
  ended: Promise<void>;
  /** Resolves once `count` events arrived. */
  waitFor(count: number): Promise<void>;
  abort(): void;
}

async function subscribe(gw: TestGateway, uuid: string, method: "GET" | "POST" = "POST"): Promise<Stream> {
  const controller = new AbortController();
  const body = JSON.stringify({ query: PROGRESS, variables: { uuid } });
  const url =
    method === "GET"
      ? `${gw.url}/graphql?query=${encodeURIComponent(PROGRESS)}&variables=${encodeURIComponent(JSON.stringify({ uuid }))}`
      : `${gw.url}/graphql`;
  const response = await fetch(url, {
    method,
    headers: {
      accept: "text/event-stream",
      ...(method === "POST" ? { "content-type": "application/json" } : {}),
    },
    body: method === "POST" ? body : undefined,
    signal: controller.signal,
  });
  expect(response.headers.get("content-type")).toMatch(/text\/event-stream/);
  const events: ProgressEvent[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  const ended = (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let cut = buffer.indexOf("\n\n");
        while (cut >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = block
            .split("\n")
            .filter((line) => line.startsWith("data:"))
            .map((line) => line.slice(5).trim())
            .join("");
          if (/^event: complete/m.test(block)) return;
          if (data) events.push(JSON.parse(data) as ProgressEvent);
          for (const w of waiters.filter((w) => events.length >= w.count)) w.resolve();
          cut = buffer.indexOf("\n\n");
        }
      }
    } catch (error) {
      if ((error as Error).name !== "AbortError") throw error;
    }
  })();
  return {
    events,
    ended,
    waitFor: (count) =>
      events.length >= count ? Promise.resolve() : new Promise((resolve) => waiters.push({ count, resolve })),
    abort: () => controller.abort(),
  };
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    config: { progressPollMs: { min: 20, max: 40 }, subscriptionMaxPerCredential: 3 },
  });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

async function send(): Promise<string> {
  const result = await sendMessage(gw, SEND, otpInput({}, Object.values(DELIVERY_TEST_NUMBERS)));
  return result.campaign.uuid as string;
}

describe("campaignProgress over SSE", () => {
  it.each(["POST", "GET"] as const)("pushes progress and completes (%s)", async (method) => {
    const uuid = await send();
    const stream = await subscribe(gw, uuid, method);
    await stream.waitFor(1);
    expect(stream.events[0]?.data?.campaignProgress).toMatchObject({ pending: 5, completed: false });
    gw.sandbox.advanceClock(3_000);
    await stream.waitFor(2);
    gw.sandbox.advanceClock(15_000);
    await stream.ended;
    expect(stream.events.length).toBeGreaterThanOrEqual(3);
    expect(stream.events.at(-1)?.data?.campaignProgress).toMatchObject({
      pending: 0,
      completed: true,
      delivered: 1,
    });
    expect(stream.events.every((e) => e.errors === undefined)).toBe(true);
    await until(() => gw.app.gateway.services.progress.pollerCount === 0);
  });

  it("serves two subscribers with one poller", async () => {
    const uuid = await send();
    const first = await subscribe(gw, uuid);
    const second = await subscribe(gw, uuid);
    await Promise.all([first.waitFor(1), second.waitFor(1)]);
    expect(gw.app.gateway.services.progress.pollerCount).toBe(1);
    const before = gw.sandbox.callCount("send-report");
    await new Promise((resolve) => setTimeout(resolve, 200));
    const polls = gw.sandbox.callCount("send-report") - before;
    // 200 ms at 20-40 ms a read is at most about 10 reads for one poller; two pollers would make twice that.
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(11);
    first.abort();
    await until(() => gw.app.gateway.services.progress.subscriptionCount === 1);
    expect(gw.app.gateway.services.progress.pollerCount).toBe(1);
    second.abort();
    await until(() => gw.app.gateway.services.progress.pollerCount === 0);
    const stopped = gw.sandbox.callCount("send-report");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(gw.sandbox.callCount("send-report")).toBe(stopped);
  });

  it("refuses a subscription over the per-credential limit with SUBSCRIPTION_LIMIT", async () => {
    const uuid = await send();
    const streams = [await subscribe(gw, uuid), await subscribe(gw, uuid), await subscribe(gw, uuid)];
    await Promise.all(streams.map((s) => s.waitFor(1)));
    const fourth = await subscribe(gw, uuid);
    await fourth.ended;
    expect(fourth.events[0]?.errors?.[0]?.extensions?.code).toBe("SUBSCRIPTION_LIMIT");
    for (const s of streams) s.abort();
    await until(() => gw.app.gateway.services.progress.pollerCount === 0);
  });

  it.each(["application/json", "application/graphql-response+json"])(
    "answers a %s request with 406 and starts no poller",
    async (accept) => {
      const response = await fetch(`${gw.url}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json", accept },
        body: JSON.stringify({
          query:
            'subscription { campaignProgress(uuid: "0d8cbde0-f5cd-11ef-993e-000000000001") { pending } }',
        }),
      });
      expect(response.status).toBe(406);
      const body = (await response.json()) as ProgressEvent;
      expect(body.errors?.[0]?.extensions?.code).toBe("NOT_ACCEPTABLE");
      expect(gw.app.gateway.services.progress.pollerCount).toBe(0);
      expect(gw.sandbox.calls.length).toBe(0);
    },
  );

  it("takes literal arguments over SSE", async () => {
    const uuid = await send();
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream" },
      body: JSON.stringify({ query: `subscription { campaignProgress(uuid: "${uuid}") { pending } }` }),
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    let text = "";
    while (!text.includes("data:")) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    expect(text).toContain('"pending":5');
    await until(() => gw.app.gateway.services.progress.pollerCount === 0);
  });

  it("refuses a malformed uuid before any upstream call", async () => {
    const stream = await subscribe(gw, "nope");
    await stream.ended;
    expect(stream.events[0]?.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(gw.sandbox.calls.length).toBe(0);
  });

  it("ends with NOT_FOUND for a uuid that is not the credential's", async () => {
    const stream = await subscribe(gw, "0d8cbde0-f5cd-11ef-993e-999999999999");
    await stream.ended;
    expect(stream.events.at(-1)?.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
  });
});
