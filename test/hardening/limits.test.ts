/**
 * Query and request limits with their stable codes and messages, readiness against the upstream and the
 * breaker, and the Prometheus metrics after real traffic. All over real HTTP against the sandbox.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ops/access.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, SEND_MUTATION } from "./helpers.js";
import { rawRequest } from "./raw-http.js";

const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };
const globalId = (type: string, id: number) => Buffer.from(`${type}:${id}`).toString("base64");
const aliases = (count: number, field: string) =>
  Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(" ");

/** One limit: a request over it, its code and message, and a request just under it that passes. */
interface LimitCase {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  code: string;
  message: RegExp;
  /** A request at the limit that must succeed (when one exists). */
  atLimit?: { query: string; variables?: Record<string, unknown> };
}

const LIMITS: LimitCase[] = [
  {
    name: "depth (fields)",
    query: `{ ${"a { ".repeat(13)}b${" }".repeat(13)} }`,
    code: "QUERY_TOO_DEEP",
    message: /^Query is too deep: depth 14 exceeds the limit of 12\.$/,
  },
  {
    name: "depth (through fragments)",
    query: `{ ...F0 } ${Array.from({ length: 13 }, (_, i) => `fragment F${i} on Query { x { ...F${i + 1} } }`).join(" ")} fragment F13 on Query { __typename }`,
    code: "QUERY_TOO_DEEP",
    message: /^Query is too deep: depth \d+ exceeds the limit of 12\.$/,
  },
  {
    name: "aliases",
    query: `{ ${aliases(31, "__typename")} }`,
    code: "TOO_MANY_ALIASES",
    message: /^Query uses 31 aliases; the limit is 30\.$/,
    atLimit: { query: `{ ${aliases(30, "__typename")} }` },
  },
  {
    name: "tokens",
    query: `{ ${"__typename ".repeat(4000)} }`,
    code: "QUERY_TOO_COMPLEX",
    message: /^Query is too large: more than 4000 tokens\.$/,
    // 3,953 tokens: nested inline fragments (graphql-js itself aborts validating ~1,000 sibling fields).
    atLimit: { query: `{ ${"... on Query { ".repeat(790)}__typename${" }".repeat(790)} }` },
  },
  {
    name: "breadth",
    query: `{ ${"account { name } ".repeat(150)} }`,
    code: "QUERY_TOO_COMPLEX",
    message: /^Query is too wide: \d+ exceeds the limit of 200\.$/,
  },
  {
    name: "cost (connections count by page size)",
    query: `{ ${aliases(10, "campaigns(first: 100) { edges { node { name message senderId stage } } }")} }`,
    code: "QUERY_TOO_COMPLEX",
    message: /^Query is too costly: \d+ exceeds the limit of 5000\.$/,
    atLimit: { query: "{ campaigns(first: 100) { edges { node { name message senderId stage } } } }" },
  },
  {
    name: "page size",
    query: "{ templates(first: 101) { totalCount } }",
    code: "PAGE_SIZE_TOO_LARGE",
    message: /^`first` is 101; the largest page is 100\.$/,
    atLimit: { query: "{ templates(first: 100) { totalCount } }" },
  },
  {
    name: "nodes ids",
    query: "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }",
    variables: { ids: Array.from({ length: 101 }, (_, i) => globalId("Template", i)) },
    code: "PAGE_SIZE_TOO_LARGE",
    message: /^`ids` has 101 entries; the limit is 100\.$/,
    atLimit: {
      query: "query ($ids: [ID!]!) { nodes(ids: $ids) { id } }",
      variables: { ids: Array.from({ length: 100 }, (_, i) => globalId("Template", i)) },
    },
  },
  {
    name: "one send per operation",
    query: `mutation ($i: SendMessageInput!) { a: sendMessage(input: $i) { __typename } b: sendMessage(input: $i) { __typename } }`,
    variables: { i: otpInput() },
    code: "ONE_SEND_PER_OPERATION",
    message:
      /^An operation may send at most one message; this one has 2 sends \(sendMessage, sendMessage\)\.$/,
  },
  {
    name: "one send per operation, across channels",
    query: `mutation ($i: SendMessageInput!, $o: SendOtpInput!) { ...Sms b: sendOtp(input: $o) { __typename } }
      fragment Sms on Mutation { a: sendMessage(input: $i) { __typename } }`,
    variables: {
      i: otpInput(),
      o: { dltTemplateId: DEMO_TEMPLATES.otpCode, mobileNumber: "9876543210", idempotencyKey: "two-sends" },
    },
    code: "ONE_SEND_PER_OPERATION",
    message: /^An operation may send at most one message; this one has 2 sends \(sendMessage, sendOtp\)\.$/,
  },
];

describe("query limits", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ mcp: true });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it.each(LIMITS)("$name: $code with a clear message, before anything reaches the upstream", async (c) => {
    const { status, body } = await gw.gql(c.query, c.variables);
    expect(status).toBe(200);
    const error = body.errors?.find((e) => e.extensions?.code === c.code);
    expect(error, JSON.stringify(body.errors)).toBeDefined();
    expect(error?.message).toMatch(c.message);
    expect(gw.sandbox.callCount("send-message")).toBe(0);
    if (c.code !== "PAGE_SIZE_TOO_LARGE") expect(gw.sandbox.calls).toEqual([]);
    if (c.atLimit) {
      const under = await gw.gql(c.atLimit.query, c.atLimit.variables);
      expect(under.body.errors, JSON.stringify(under.body.errors)).toBeUndefined();
    }
  });

  it("batching: 5 operations run, 6 are refused with 413 and nothing runs", async () => {
    const op = { query: SEND_MUTATION, variables: { input: otpInput() } };
    const six = await rawRequest(gw.url, { headers: JSON_HEADERS, body: JSON.stringify(Array(6).fill(op)) });
    expect(six.status).toBe(413);
    expect(JSON.parse(six.text).errors[0].message).toBe("Batching is limited to 5 operations per request.");
    expect(gw.sandbox.callCount("send-message")).toBe(0);
    const five = await rawRequest(gw.url, {
      headers: JSON_HEADERS,
      body: JSON.stringify(Array(5).fill({ query: "{ __typename }" })),
    });
    expect(five.status).toBe(200);
    expect(JSON.parse(five.text)).toHaveLength(5);
  });

  it("a body over 4 MiB is refused by its content-length with 413 PAYLOAD_TOO_LARGE", async () => {
    for (const path of ["/graphql", "/mcp"]) {
      const answer = await rawRequest(gw.url, {
        path,
        headers: JSON_HEADERS,
        body: " ".repeat(4 * 1024 * 1024 + 1),
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text).errors[0]).toEqual({
        message: "Request body over 4194304 bytes.",
        extensions: { code: "PAYLOAD_TOO_LARGE" },
      });
    }
  });

  it.each([
    ["/graphql (lean JSON path)", "/graphql", {}, "PAYLOAD_TOO_LARGE"],
    [
      "/graphql (yoga path)",
      "/graphql",
      { accept: "application/graphql-response+json" },
      "PAYLOAD_TOO_LARGE",
    ],
  ])(
    "a chunked body over 4 MiB without content-length is refused on %s",
    async (_name, path, extra, code) => {
      const answer = await rawRequest(gw.url, {
        path,
        headers: { ...JSON_HEADERS, ...extra, "transfer-encoding": "chunked" },
        body: `{"query":"{ __typename }","x":"${"x".repeat(5 * 1024 * 1024)}"}`,
      });
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.text).errors[0].extensions.code).toBe(code);
    },
  );

  it("a chunked body over 4 MiB is refused on /mcp", async () => {
    const answer = await rawRequest(gw.url, {
      path: "/mcp",
      headers: {
        ...JSON_HEADERS,
        accept: "application/json, text/event-stream",
        "transfer-encoding": "chunked",
      },
      body: `{"jsonrpc":"2.0","id":1,"method":"ping","params":{"x":"${"x".repeat(5 * 1024 * 1024)}"}}`,
    });
    expect(answer.status).toBe(413);
  });

  it("a bulk send of 100,000 numbers (about 1.3 MB) fits the body limit", async () => {
    const numbers = Array.from({ length: 100_000 }, (_, i) => String(9_000_000_000 + i));
    const { status, body } = await gw.gql<{ messagePreview: { estimatedCredits: number } }>(
      "query ($i: SendMessageInput!) { messagePreview(input: $i) { estimatedCredits } }",
      {
        i: { dltTemplateId: DEMO_TEMPLATES.otp, mobileNumbers: numbers, route: "OTP", variables: ["1", "2"] },
      },
    );
    expect(status).toBe(200);
    expect(body.data?.messagePreview.estimatedCredits).toBe(100_000);
  });
});

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("readiness and liveness", () => {
  it("/readyz is 200 while the upstream answers, 503 while the breaker is open; /healthz stays 200", async () => {
    const gw = await startTestGateway();
    try {
      const ready = await rawRequest(gw.url, { method: "GET", path: "/readyz" });
      expect(ready.status).toBe(200);
      expect(JSON.parse(ready.text)).toEqual({ status: "ready" });
      for (let i = 0; i < 10; i++) gw.app.gateway.breaker.recordFailure();
      expect(gw.app.gateway.breaker.state).toBe("open");
      const open = await rawRequest(gw.url, { method: "GET", path: "/readyz" });
      expect(open.status).toBe(503);
      expect(JSON.parse(open.text)).toEqual({ status: "upstream unavailable" });
      expect((await rawRequest(gw.url, { method: "GET", path: "/healthz" })).status).toBe(200);
      gw.app.gateway.breaker.reset();
      expect((await rawRequest(gw.url, { method: "GET", path: "/readyz" })).status).toBe(200);
    } finally {
      await gw.close();
    }
  });

  it("/readyz is 503 when the upstream is down (a closed port); /healthz stays 200", async () => {
    const gw = await startTestGateway({ upstreamUrl: `http://127.0.0.1:${await closedPort()}/api/v1` });
    try {
      const down = await rawRequest(gw.url, { method: "GET", path: "/readyz" });
      expect(down.status).toBe(503);
      expect(JSON.parse(down.text)).toEqual({ status: "upstream unavailable" });
      expect((await rawRequest(gw.url, { method: "GET", path: "/healthz" })).status).toBe(200);
      const read = await gw.gql("{ account { name } }");
      expect(read.status).toBe(200);
      expect(read.body.errors?.[0]?.extensions?.code).toBe("UPSTREAM_UNAVAILABLE");
    } finally {
      await gw.close();
    }
  });
});

describe("/metrics after traffic", () => {
  const TOKEN = "metrics-operator-token-1";
  let gw: TestGateway;
  let text = "";
  beforeAll(async () => {
    gw = await startTestGateway({
      mcp: true,
      env: { QUICKCOM_TIMEOUT_MS: "300" },
      tokens: [{ name: "operator", sha256: hashToken(TOKEN), scopes: ["read", "send", "audit"] }],
    });
    const headers = { authorization: `Bearer ${TOKEN}` };
    await gw.gql("query Templates { templates(first: 2) { totalCount } }", {}, headers);
    gw.sandbox.injectFault({ endpoint: "templates", fault: { type: "status", status: 502 }, times: 1 });
    await gw.gql("query Retried { templates(first: 2) { totalCount } }", {}, headers);
    await gw.gql(SEND_MUTATION, { input: otpInput() }, headers);
    await gw.gql("query Anonymous { __typename }");
    const client = await gw.connectMcp(headers);
    await client.callTool({ name: "list_sender_ids", arguments: {} });
    for (let i = 0; i < 10; i++) gw.app.gateway.breaker.recordFailure();
    text = (await rawRequest(gw.url, { method: "GET", path: "/metrics" })).text;
    gw.app.gateway.breaker.reset();
  });
  afterAll(() => gw.close());

  /** The value of the first sample of `name` whose labels contain every `labels` pair. */
  function sample(name: string, labels: Record<string, string> = {}): number | undefined {
    for (const line of text.split("\n")) {
      if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
      if (Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) {
        return Number(line.slice(line.lastIndexOf(" ") + 1));
      }
    }
    return undefined;
  }

  it.each([
    [
      "requests by operation",
      "quickcom_gateway_requests_total",
      { transport: "graphql", operation: "Templates" },
      1,
    ],
    ["MCP requests", "quickcom_gateway_requests_total", { transport: "mcp" }, 1],
    ["request durations", "quickcom_gateway_request_duration_seconds_count", { operation: "Retried" }, 1],
    ["upstream calls", "quickcom_gateway_upstream_calls_total", { endpoint: "templates", outcome: "ok" }, 2],
    [
      "upstream errors",
      "quickcom_gateway_upstream_calls_total",
      { endpoint: "templates", outcome: "error" },
      1,
    ],
    [
      "upstream durations",
      "quickcom_gateway_upstream_duration_seconds_count",
      { endpoint: "send-message" },
      1,
    ],
    ["retries", "quickcom_gateway_upstream_retries_total", { endpoint: "templates" }, 1],
    ["sends", "quickcom_gateway_sends_total", { status: "SENT" }, 1],
    ["credits", "quickcom_gateway_credits_spent_total", {}, 1],
    ["auth failures", "quickcom_gateway_auth_failures_total", { reason: "missing" }, 1],
  ] as const)("has %s", (_what, name, labels, atLeast) => {
    expect(sample(name, labels), text.slice(0, 2000)).toBeGreaterThanOrEqual(atLeast);
  });

  it("shows the breaker open (2) while it was open", () => {
    expect(sample("quickcom_gateway_circuit_breaker_state")).toBe(2);
  });

  it("is Prometheus text", async () => {
    const answer = await rawRequest(gw.url, { method: "GET", path: "/metrics" });
    expect(String(answer.headers["content-type"])).toMatch(/^text\/plain/);
    expect(answer.text).toContain("# TYPE quickcom_gateway_requests_total counter");
  });
});
