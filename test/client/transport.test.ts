import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/quickcom/client/circuit-breaker.js";
import {
  type ClientHooks,
  QuickcomClient,
  type QuickcomClientOptions,
} from "../../src/quickcom/client/client.js";
import {
  type QuickcomError,
  QuickcomSendOutcomeUnknownError,
  QuickcomUpstreamUnavailableError,
  UpstreamTimeoutError,
} from "../../src/quickcom/client/errors.js";
import { createUndiciTransport } from "../../src/quickcom/client/undici-transport.js";
import type { SendMessageRequest } from "../../src/quickcom/types.js";
import { okEnvelope, refusedUrl, type StubUpstream, serializeError, startStub } from "./helpers.js";

const SECRET = "Zz9-top-secret-Qq";
const credentials = { appKey: "STUBKEY", appSecret: SECRET };
const request: SendMessageRequest = {
  dltTemplateId: "1507162019748109480",
  mobileNumbers: ["9876543210"],
  route: 1,
  variables: ["1234", "10"],
  message: "Your OTP is 1234. Valid for 10 minutes.",
};

function recordingHooks() {
  const calls: Parameters<NonNullable<ClientHooks["onUpstreamCall"]>>[0][] = [];
  const retries: Parameters<NonNullable<ClientHooks["onRetry"]>>[0][] = [];
  const hooks: ClientHooks = {
    onUpstreamCall: (e) => calls.push(e),
    onRetry: (e) => retries.push(e),
  };
  return { hooks, calls, retries };
}

const noSleep = async () => {};

/** Both transports: the platform fetch (the client's default) and undici (the gateway's). */
const TRANSPORTS = [
  { name: "platform fetch", make: () => undefined },
  { name: "undici transport", make: () => createUndiciTransport() },
];

describe.each(TRANSPORTS)("over the $name", ({ make }) => {
  const newClient = (options: QuickcomClientOptions) => new QuickcomClient({ transport: make(), ...options });

  describe("connection refused (nothing listening)", () => {
    it("a read is retried, then fails with QuickcomUpstreamUnavailableError carrying a safe cause", async () => {
      const { hooks, calls, retries } = recordingHooks();
      const client = newClient({ baseUrl: await refusedUrl(), credentials, hooks, sleep: noSleep });
      const error = await client.checkBalance().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuickcomUpstreamUnavailableError);
      expect(error).toMatchObject({ code: "UPSTREAM_UNAVAILABLE", status: null, retryable: true });
      expect(retries.map((r) => r.attempt)).toEqual([2, 3]);
      expect(calls.map((c) => [c.attempt, c.outcome, c.code])).toEqual([
        [1, "error", "UPSTREAM_UNAVAILABLE"],
        [2, "error", "UPSTREAM_UNAVAILABLE"],
        [3, "error", "UPSTREAM_UNAVAILABLE"],
      ]);
      expect(serializeError(error)).toContain("ECONNREFUSED");
      expect(serializeError(error)).not.toContain(SECRET);
    });

    it("a send is a known failure (nothing sent): QuickcomUpstreamUnavailableError, one attempt", async () => {
      const { hooks, calls } = recordingHooks();
      const client = newClient({ baseUrl: await refusedUrl(), credentials, hooks, sleep: noSleep });
      const error = await client.sendMessage(request, { idempotencyKey: "k1" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuickcomUpstreamUnavailableError);
      expect(error).not.toBeInstanceOf(QuickcomSendOutcomeUnknownError);
      expect(calls).toHaveLength(1);
    });
  });

  describe("against a stub upstream", () => {
    let stub: StubUpstream;
    beforeEach(async () => {
      stub = await startStub();
    });
    afterEach(async () => {
      await stub.close();
    });

    it("a caller signal aborted before the call touches nothing", async () => {
      const client = newClient({ baseUrl: stub.url, credentials });
      const controller = new AbortController();
      controller.abort(new Error("caller gave up"));
      await expect(client.templates({ signal: controller.signal })).rejects.toThrow("caller gave up");
      await expect(client.sendMessage(request, { signal: controller.signal })).rejects.toThrow(
        "caller gave up",
      );
      expect(stub.requests).toHaveLength(0);
    });

    it("a read cancelled in flight rejects with the caller's reason and is not retried", async () => {
      stub.handle(() => {});
      const { hooks, retries } = recordingHooks();
      const breaker = new CircuitBreaker({ failureThreshold: 1 });
      const client = newClient({ baseUrl: stub.url, credentials, hooks, breaker });
      const controller = new AbortController();
      const pending = client.templates({ signal: controller.signal });
      await waitFor(() => stub.requests.length === 1);
      controller.abort(new Error("navigated away"));
      await expect(pending).rejects.toThrow("navigated away");
      expect(retries).toHaveLength(0);
      expect(breaker.state).toBe("closed");
    });

    it("a send cancelled in flight has an unknown outcome", async () => {
      stub.handle(() => {});
      const client = newClient({ baseUrl: stub.url, credentials });
      const controller = new AbortController();
      const pending = client.sendMessage(request, { signal: controller.signal, idempotencyKey: "idem-7" });
      await waitFor(() => stub.requests.length === 1);
      controller.abort();
      const error = await pending.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
      expect(error).toMatchObject({ code: "SEND_OUTCOME_UNKNOWN", idempotencyKey: "idem-7" });
    });

    it("applies per-endpoint timeouts and the default for the others", async () => {
      stub.handle((req, res) => {
        if (req.url?.includes("/templates")) return;
        res.setHeader("content-type", "application/json");
        res.end(okEnvelope([{ sender_id: "QCOMM" }]));
      });
      const client = newClient({
        baseUrl: stub.url,
        credentials,
        timeoutMs: { templates: 50 },
        retry: { maxRetries: 0 },
      });
      const started = Date.now();
      const error = await client.templates().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UpstreamTimeoutError);
      expect((error as QuickcomError).message).toBe("QuickCom did not answer within 50 ms.");
      expect(Date.now() - started).toBeLessThan(5000);
      const senders = await client.approvedSenderIds();
      expect(senders.data).toEqual([{ senderId: "QCOMM" }]);
    });

    it("times out an answer whose body stops halfway, and a send then has an unknown outcome", async () => {
      stub.handle((_req, res) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.write('{"status":true,"data":');
      });
      const client = newClient({ baseUrl: stub.url, credentials, timeoutMs: 80, retry: { maxRetries: 0 } });
      await expect(client.templates()).rejects.toBeInstanceOf(UpstreamTimeoutError);
      const error = await client.sendMessage(request, { idempotencyKey: "idem-8" }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(QuickcomSendOutcomeUnknownError);
      expect((error as QuickcomSendOutcomeUnknownError).cause).toBeInstanceOf(UpstreamTimeoutError);
    });

    it("backs off with full jitter, capped by maxDelayMs", async () => {
      stub.handle((_req, res) => {
        res.statusCode = 502;
        res.end("bad gateway");
      });
      const slept: number[] = [];
      const client = newClient({
        baseUrl: stub.url,
        credentials,
        retry: { maxRetries: 4, baseDelayMs: 100, maxDelayMs: 300 },
        random: () => 0.5,
        sleep: async (ms) => {
          slept.push(ms);
        },
        breaker: new CircuitBreaker({ failureThreshold: 100 }),
      });
      await expect(client.accountStatus()).rejects.toMatchObject({
        code: "UPSTREAM_UNAVAILABLE",
        status: 502,
      });
      expect(slept).toEqual([50, 100, 150, 150]);
      expect(stub.requests).toHaveLength(5);
    });

    it("never retries a business error", async () => {
      stub.handle((_req, res) => {
        res.statusCode = 401;
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({
            status: false,
            message: "User Account not found, please check your API_KEY and SECRET_KEY.",
            data: {},
            errors: {},
            error_code: 1017,
          }),
        );
      });
      const client = newClient({ baseUrl: stub.url, credentials, sleep: noSleep });
      await expect(client.templates()).rejects.toMatchObject({ code: "1017", status: 401 });
      expect(stub.requests).toHaveLength(1);
    });

    it("hooks that throw do not change the outcome", async () => {
      stub.handle((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(okEnvelope({ is_account_activated: true }));
      });
      const client = newClient({
        baseUrl: stub.url,
        credentials,
        hooks: {
          onUpstreamCall: () => {
            throw new Error("metrics down");
          },
        },
      });
      await expect(client.accountStatus()).resolves.toMatchObject({ data: { active: true } });
    });

    it("header auth sends Authorization: Basic KEY-SECRET and keeps the secret out of the URL", async () => {
      stub.handle((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(okEnvelope({ is_account_activated: true }));
      });
      const client = newClient({ baseUrl: `${stub.url}/`, credentials, auth: "header" });
      await client.accountStatus();
      const [req] = stub.requests;
      expect(req?.url).toBe("/api/v1/account-status");
      expect(req?.headers.authorization).toBe(`Basic STUBKEY-${SECRET}`);
    });

    it("withCredentials shares the breaker and does not expose secrets when inspected", async () => {
      const breaker = new CircuitBreaker();
      const client = newClient({ baseUrl: stub.url, credentials, breaker });
      const other = client.withCredentials({ appKey: "OTHER", appSecret: "other-secret-value" });
      expect(other.breaker).toBe(breaker);
      expect(inspect(other, { depth: 10, showHidden: true })).not.toContain("other-secret-value");
      expect(JSON.stringify(client)).not.toContain(SECRET);
      stub.handle((_req, res) => {
        res.setHeader("content-type", "application/json");
        res.end(okEnvelope({ is_account_activated: true }));
      });
      await other.accountStatus();
      expect(stub.requests[0]?.url).toContain("app_key=OTHER");
    });
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
