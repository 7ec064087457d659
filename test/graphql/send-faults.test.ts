/**
 * `sendMessage` when the upstream misbehaves: throttling, an unreachable upstream or open breaker (known: nothing
 * sent), and answers lost after the send was processed (unknown outcome: carries the idempotency key and is never
 * resent, not even when the caller retries with the same key).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { loadConfig } from "../../src/config.js";
import { type AuditStore, MemoryAuditStore } from "../../src/gateway/audit.js";
import { createLogger } from "../../src/ops/logger.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { type Sandbox, type SandboxFault, startSandbox } from "../../src/sandbox/server.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, type SendResult as Result, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on Error { message code }
    ... on SendMessageSuccess { campaign { uuid totalContacts creditsDeducted idempotencyKey replayed } }
    ... on RateLimitedError { retryAfterSeconds }
    ... on SendOutcomeUnknownError { idempotencyKey }
  }
}`;

type Gql = Pick<TestGateway, "gql">;

function send(gw: Gql, input: Record<string, unknown>) {
  return sendMessage(gw, SEND, input);
}

function otp(idempotencyKey?: string): Record<string, unknown> {
  return otpInput(idempotencyKey ? { idempotencyKey } : {}, ["9876543210", "8765432109"]);
}

async function auditOf(audit: AuditStore, key: string) {
  return (await audit.list({ first: 1000 })).entries.filter((e) => e.idempotencyKey === key).reverse();
}

describe("upstream faults on a running sandbox", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { QUICKCOM_TIMEOUT_MS: "400" } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("RateLimitedError on a 429: nothing sent; the same key then sends once", async () => {
    gw.sandbox.injectFault({
      endpoint: "send-message",
      fault: { type: "rateLimit", retryAfterSeconds: 30 },
      times: 1,
    });
    const first = await send(gw, otp("throttled-1"));
    expect(first).toMatchObject({
      __typename: "RateLimitedError",
      code: "RATE_LIMITED",
      retryAfterSeconds: 30,
    });
    expect(gw.sandbox.callCount("send-message")).toBe(1);
    expect(gw.sandbox.sends()).toBe(0);

    const retry = await send(gw, otp("throttled-1"));
    expect(retry.__typename).toBe("SendMessageSuccess");
    expect(retry.campaign).toMatchObject({
      totalContacts: 2,
      idempotencyKey: "throttled-1",
      replayed: false,
    });
    expect(gw.sandbox.sends()).toBe(1);
    expect((await auditOf(gw.audit, "throttled-1")).map((e) => [e.outcome, e.code])).toEqual([
      ["FAILED", "RATE_LIMITED"],
      ["SENT", null],
    ]);
  });

  const lost: Array<[string, SandboxFault]> = [
    ["a hang (timeout)", { type: "hang" }],
    ["a dropped connection", { type: "drop" }],
    ["a malformed body", { type: "malformed" }],
    ["the backend's 1005 envelope", { type: "error1005" }],
    ["a bare 502", { type: "status", status: 502 }],
  ];
  it.each(lost)(
    "SendOutcomeUnknownError when the answer is lost after the send: %s",
    async (_name, fault) => {
      const key = `lost-${fault.type}`;
      gw.sandbox.injectFault({ endpoint: "send-message", fault, times: 1, phase: "after" });
      const first = await send(gw, otp(key));
      expect(first).toMatchObject({
        __typename: "SendOutcomeUnknownError",
        code: "SEND_OUTCOME_UNKNOWN",
        idempotencyKey: key,
      });
      expect(gw.sandbox.sends()).toBe(1);
      expect(gw.sandbox.callCount("send-message")).toBe(1);

      for (let i = 0; i < 2; i++) {
        const retry = await send(gw, otp(key));
        expect(retry).toMatchObject({ __typename: "SendOutcomeUnknownError", idempotencyKey: key });
      }
      expect(gw.sandbox.callCount("send-message")).toBe(1);
      expect(gw.sandbox.sends()).toBe(1);
      const audited = await auditOf(gw.audit, key);
      expect(audited.map((e) => [e.outcome, e.code])).toEqual(
        Array.from({ length: 3 }, () => ["UNKNOWN", "SEND_OUTCOME_UNKNOWN"]),
      );
    },
  );

  it("a send without idempotencyKey still reports a key for reconciliation", async () => {
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "drop" }, times: 1, phase: "after" });
    const result = await send(gw, otp());
    expect(result.__typename).toBe("SendOutcomeUnknownError");
    expect(result.idempotencyKey).toMatch(/^\S+$/);
    const retry = await send(gw, otp(result.idempotencyKey));
    expect(retry).toMatchObject({
      __typename: "SendOutcomeUnknownError",
      idempotencyKey: result.idempotencyKey,
    });
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });

  it("a bare 503 before processing is still an unknown outcome (by design: a proxy 5xx may hide a send)", async () => {
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "status", status: 503 }, times: 1 });
    const result = await send(gw, otp("proxy-503"));
    expect(result).toMatchObject({ __typename: "SendOutcomeUnknownError", idempotencyKey: "proxy-503" });
    expect(gw.sandbox.sends()).toBe(0);
    expect((await send(gw, otp("proxy-503"))).__typename).toBe("SendOutcomeUnknownError");
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });

  it("reads are retried but the send is not", async () => {
    gw.sandbox.injectFault({ endpoint: "templates", fault: { type: "status", status: 502 }, times: 1 });
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "drop" }, times: 1 });
    const result = await send(gw, otp("retried-reads"));
    expect(result.__typename).toBe("SendOutcomeUnknownError");
    expect(gw.sandbox.callCount("templates")).toBe(2);
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });
});

describe("per-endpoint timeouts", () => {
  it("QUICKCOM_SEND_TIMEOUT_MS bounds send-message and QUICKCOM_TIMEOUT_MS the reads", async () => {
    const gw = await startTestGateway({
      env: { QUICKCOM_TIMEOUT_MS: "2000", QUICKCOM_SEND_TIMEOUT_MS: "100" },
    });
    try {
      for (const endpoint of ["check-balance", "send-message"] as const) {
        gw.sandbox.injectFault({ endpoint, fault: { type: "latency", ms: 500 } });
      }
      const { body } = await gw.gql("{ account { balance { transactional } } }");
      expect(body.errors).toBeUndefined();
      const lost = await send(gw, otp("send-timeout"));
      expect(lost.__typename).toBe("SendOutcomeUnknownError");
      expect(gw.sandbox.callCount("send-message")).toBe(1);
    } finally {
      await gw.close();
    }
  });
});

describe("an upstream that disagrees with the gateway's cached view", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { READ_CACHE_TTL_MS: "60000" } });
  });
  afterAll(() => gw.close());

  it("UpstreamRejectedError 1002 with field detail when a cached template was withdrawn meanwhile", async () => {
    const warm = await gw.gql(`{ templates(first: 10) { totalCount } }`);
    expect(warm.body.errors).toBeUndefined();
    const { state } = gw.sandbox;
    state.templates = state.templates.filter((t) => t.dltTemplateId !== DEMO_TEMPLATES.otp);

    const result = await gw.gql<{ sendMessage: Result }>(
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
        __typename ... on Error { code message } ... on UpstreamRejectedError { fieldErrors { field message } } } }`,
      { input: otp("withdrawn") },
    );
    expect(result.body.data?.sendMessage).toMatchObject({
      __typename: "UpstreamRejectedError",
      code: "1002",
      fieldErrors: [{ field: "dlt_template_id", message: "The selected dlt template id is invalid." }],
    });
    expect(gw.sandbox.sends()).toBe(0);
    // The failed send dropped the cached templates: the next attempt knows the template is gone.
    const retry = await send(gw, otp("withdrawn"));
    expect(retry).toMatchObject({ __typename: "TemplateNotFoundError", code: "1011" });
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });
});

/** A gateway over a sandbox whose send-message can be made unreachable (connection refused) at will. */
async function startSwitchableGateway(env: Record<string, string> = {}) {
  const sandbox: Sandbox = await startSandbox();
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
  const deadPort = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const state = { sendRefused: true };
  const fetcher: typeof fetch = (input, init) => {
    const url = String(input);
    const target =
      state.sendRefused && url.includes("/send-message")
        ? url.replace(`:${sandbox.port}/`, `:${deadPort}/`)
        : url;
    return globalThis.fetch(target, init);
  };
  const audit = new MemoryAuditStore();
  const logger = createLogger({
    level: "silent",
    destination: new Writable({ write: (_c, _e, done) => done() }),
  });
  const config = {
    ...loadConfig({ READ_CACHE_TTL_MS: "0", ...env }),
    quickcomBaseUrl: sandbox.url,
    defaultCredentials: { appKey: DEMO_ACCOUNT.appKey, appSecret: DEMO_ACCOUNT.appSecret },
  };
  const app = createApp(config, { logger, audit, tokens: null, fetch: fetcher });
  const server: Server = createServer(app.listener);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  return {
    sandbox,
    audit,
    state,
    async gql(query: string, variables?: Record<string, unknown>) {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ query, variables }),
      });
      return { status: response.status, body: await response.json(), headers: response.headers };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
      await sandbox.close();
    },
  };
}

describe("UpstreamUnavailableError: the send certainly did not leave", () => {
  it("a refused connection on send-message is a known failure; the same key sends once it is back", async () => {
    const gw = await startSwitchableGateway();
    try {
      const first = await send(gw, otp("refused-1"));
      expect(first).toMatchObject({ __typename: "UpstreamUnavailableError", code: "UPSTREAM_UNAVAILABLE" });
      expect(first.message).not.toContain(DEMO_ACCOUNT.appSecret);
      expect(gw.sandbox.callCount("send-message")).toBe(0);
      expect((await auditOf(gw.audit, "refused-1")).map((e) => e.outcome)).toEqual(["FAILED"]);

      gw.state.sendRefused = false;
      const retry = await send(gw, otp("refused-1"));
      expect(retry.__typename).toBe("SendMessageSuccess");
      expect(gw.sandbox.sends()).toBe(1);
    } finally {
      await gw.close();
    }
  });

  it("a gateway whose upstream port is closed answers UpstreamUnavailableError", async () => {
    const gw = await startTestGateway();
    const { port } = gw.sandbox;
    try {
      await gw.sandbox.close();
      const result = await send(gw, otp("down-1"));
      expect(result).toMatchObject({ __typename: "UpstreamUnavailableError", code: "UPSTREAM_UNAVAILABLE" });
      expect(result.message).not.toContain(String(port));
    } finally {
      gw.sandbox.close = async () => {};
      await gw.close();
    }
  });

  it("an open circuit breaker refuses the send without calling the upstream", async () => {
    const gw = await startTestGateway();
    try {
      gw.sandbox.injectFault({ endpoint: "check-balance", fault: { type: "status", status: 503 } });
      for (let i = 0; i < 2; i++) {
        const { body } = await gw.gql(`{ account { balance { transactional } } }`);
        expect(body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
      }
      expect(gw.app.gateway.breaker.state).toBe("open");
      gw.sandbox.clearFaults();
      const calls = gw.sandbox.callCount();
      const result = await send(gw, otp("breaker-1"));
      expect(result).toMatchObject({ __typename: "UpstreamUnavailableError", code: "UPSTREAM_UNAVAILABLE" });
      expect(result.message).toContain("circuit breaker");
      expect(gw.sandbox.callCount()).toBe(calls);
      expect(gw.sandbox.sends()).toBe(0);
    } finally {
      await gw.close();
    }
  });
});
