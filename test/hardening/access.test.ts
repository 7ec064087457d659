/**
 * Access control over real HTTP: gateway tokens (stored as sha-256 via `hashToken`) for every scope through
 * both front doors, token-bound QuickCom tenants, open operational endpoints, production mode (no GraphiQL, no
 * introspection unless switched on), CORS for a listed and a foreign origin, and `x-request-id` on every answer.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken, type TokenRecord } from "../../src/ops/access.js";
import { DEMO_ACCOUNT, SECOND_ACCOUNT, SECOND_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, SEND_MUTATION } from "./helpers.js";
import { type RawRequest, rawRequest } from "./raw-http.js";

const TOKENS = {
  reader: "qg-reader-5b1f0c9e2d",
  sender: "qg-sender-7a3e9d1c44",
  auditor: "qg-auditor-0c8b2f6a91",
  operator: "qg-operator-9d4e1a7b3c",
  acme: "qg-acme-2f7c5e9a0b",
};

const RECORDS: TokenRecord[] = [
  { name: "reader", sha256: hashToken(TOKENS.reader), scopes: ["read"] },
  { name: "sender", sha256: hashToken(TOKENS.sender), scopes: ["send"] },
  { name: "auditor", sha256: hashToken(TOKENS.auditor), scopes: ["audit"] },
  { name: "operator", sha256: hashToken(TOKENS.operator), scopes: ["read", "send", "audit"] },
  {
    name: "acme",
    sha256: hashToken(TOKENS.acme),
    scopes: ["read", "send"],
    appKey: SECOND_ACCOUNT.appKey,
    appSecret: SECOND_ACCOUNT.appSecret,
  },
];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** A valid send for the token's tenant (acme's account has its own templates). */
function sendInputFor(token: keyof typeof TOKENS): Record<string, unknown> {
  return token === "acme"
    ? {
        dltTemplateId: SECOND_TEMPLATES.shipping,
        mobileNumbers: ["9876543210"],
        route: "TRANSACTIONAL",
        variables: ["Asha", "A-1"],
      }
    : otpInput();
}

/** What each token may do; every token is tried on every operation. */
const SCOPE_MATRIX: { token: keyof typeof TOKENS; read: boolean; send: boolean; audit: boolean }[] = [
  { token: "reader", read: true, send: false, audit: false },
  { token: "sender", read: false, send: true, audit: false },
  { token: "auditor", read: false, send: false, audit: true },
  { token: "operator", read: true, send: true, audit: true },
  { token: "acme", read: true, send: true, audit: false },
];

/** Refused credentials: no header, malformed headers, unknown tokens, the stored hash itself. */
const REFUSED: [string, Record<string, string>][] = [
  ["no Authorization header", {}],
  ["an empty Authorization header", { authorization: "" }],
  ["Bearer without a token", { authorization: "Bearer" }],
  ["Basic credentials", { authorization: `Basic ${Buffer.from(`x:${TOKENS.operator}`).toString("base64")}` }],
  ["the token without Bearer", { authorization: TOKENS.operator }],
  ["an unknown token", bearer("qg-nobody-000000000")],
  ["a known token plus one character", bearer(`${TOKENS.operator}x`)],
  ["a known token's prefix", bearer(TOKENS.operator.slice(0, -1))],
  ["the stored sha-256 instead of the token", bearer(hashToken(TOKENS.operator))],
  ["a token with a space inside", { authorization: `Bearer ${TOKENS.operator} x` }],
];

describe("gateway tokens through GraphQL", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ tokens: RECORDS, mcp: true });
  });
  afterAll(() => gw.close());

  it.each(REFUSED)("%s → 401 UNAUTHENTICATED, nothing upstream", async (_name, headers) => {
    const calls = gw.sandbox.calls.length;
    const answer = await rawRequest(gw.url, {
      headers: { "content-type": "application/json", ...headers },
      body: JSON.stringify({ query: SEND_MUTATION, variables: { input: otpInput() } }),
    });
    expect(answer.status).toBe(401);
    expect(answer.headers["www-authenticate"]).toBe("Bearer");
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(gw.sandbox.calls.length).toBe(calls);
  });

  it.each(SCOPE_MATRIX)("$token: read $read, send $send, audit $audit", async (row) => {
    const headers = bearer(TOKENS[row.token]);
    const read = await gw.gql("{ account { name } }", {}, headers);
    expect(read.status).toBe(200);
    if (row.read) expect(read.body.errors).toBeUndefined();
    else expect(read.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");

    const sendsBefore = gw.sandbox.callCount("send-message");
    const sent = await gw.gql<{ sendMessage: Record<string, unknown> }>(
      SEND_MUTATION,
      { input: sendInputFor(row.token) },
      headers,
    );
    expect(sent.body.errors).toBeUndefined();
    if (row.send) {
      expect(sent.body.data?.sendMessage.__typename).toBe("SendMessageSuccess");
      expect(gw.sandbox.callCount("send-message")).toBe(sendsBefore + 1);
    } else {
      expect(sent.body.data?.sendMessage).toMatchObject({ __typename: "ForbiddenError", code: "FORBIDDEN" });
      expect(gw.sandbox.callCount("send-message")).toBe(sendsBefore);
    }

    const audit = await gw.gql<{ sendAudit: { totalCount: number } }>(
      "{ sendAudit(first: 5) { totalCount edges { node { actor outcome } } } }",
      {},
      headers,
    );
    if (row.audit) {
      expect(audit.body.errors).toBeUndefined();
      expect(audit.body.data?.sendAudit.totalCount).toBeGreaterThan(0);
    } else {
      expect(audit.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    }
  });

  it("audits each send under the token's name and refuses the forbidden one as REFUSED", async () => {
    await gw.gql(SEND_MUTATION, { input: otpInput({ idempotencyKey: "by-reader" }) }, bearer(TOKENS.reader));
    await gw.gql(SEND_MUTATION, { input: otpInput({ idempotencyKey: "by-sender" }) }, bearer(TOKENS.sender));
    const { entries } = await gw.audit.list({ first: 1000 });
    expect(entries.find((e) => e.idempotencyKey === "by-reader")).toMatchObject({
      actor: "token:reader",
      outcome: "REFUSED",
      code: "FORBIDDEN",
    });
    expect(entries.find((e) => e.idempotencyKey === "by-sender")).toMatchObject({
      actor: "token:sender",
      outcome: "SENT",
    });
  });

  it("a token with its own credentials uses its own QuickCom tenant", async () => {
    const before = gw.sandbox.callCount("check-balance", SECOND_ACCOUNT.appKey);
    const own = await gw.gql<{ account: { name: string } }>("{ account { name } }", {}, bearer(TOKENS.acme));
    expect(own.body.data?.account.name).toBe(SECOND_ACCOUNT.name);
    expect(gw.sandbox.callCount("check-balance", SECOND_ACCOUNT.appKey)).toBe(before + 1);
    const other = await gw.gql<{ account: { name: string } }>(
      "{ account { name } }",
      {},
      bearer(TOKENS.reader),
    );
    expect(other.body.data?.account.name).toBe(DEMO_ACCOUNT.name);
  });

  it.each(["/healthz", "/readyz", "/metrics"])("%s needs no token", async (path) => {
    const answer = await rawRequest(gw.url, { method: "GET", path });
    expect(answer.status).toBe(200);
  });

  it("serves the GraphiQL page without a token, but its queries still need one", async () => {
    const page = await rawRequest(gw.url, { method: "GET", headers: { accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(page.text.toLowerCase()).toContain("graphiql");
    const query = await rawRequest(gw.url, {
      method: "GET",
      path: "/graphql?query=%7B%20account%20%7B%20name%20%7D%20%7D",
      headers: { accept: "application/json" },
    });
    expect(query.status).toBe(401);
  });
});

describe("gateway tokens through MCP", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ tokens: RECORDS, mcp: true, env: { MCP_SEND_CONFIRMATION: "off" } });
  });
  afterAll(() => gw.close());

  it.each(REFUSED)("%s → 401 on /mcp, no session opened", async (_name, headers) => {
    const answer = await rawRequest(gw.url, {
      path: "/mcp",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "initialize",
        params: {
          protocolVersion: "2025-06-18",
          capabilities: {},
          clientInfo: { name: "raw", version: "1" },
        },
      }),
    });
    expect(answer.status).toBe(401);
    expect(JSON.parse(answer.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
    expect(gw.mcp?.sessionCount()).toBe(0);
  });

  async function tool(client: Client, name: string, args: Record<string, unknown> = {}) {
    const result = await client.callTool({ name, arguments: args });
    const text = JSON.stringify(result.content);
    return { isError: result.isError === true, text, structured: result.structuredContent as any };
  }

  it.each(SCOPE_MATRIX)("$token: read $read, send $send", async (row) => {
    const client = await gw.connectMcp(bearer(TOKENS[row.token]));
    const account = await tool(client, "get_account");
    if (row.read) {
      expect(account.isError, account.text).toBe(false);
      expect(account.structured.account.name).toBe(
        row.token === "acme" ? SECOND_ACCOUNT.name : DEMO_ACCOUNT.name,
      );
    } else {
      expect(account.isError).toBe(true);
      expect(account.text).toContain("Error FORBIDDEN");
    }
    const before = gw.sandbox.callCount("send-message");
    const sent = await tool(client, "send_message", sendInputFor(row.token));
    if (row.send) {
      expect(sent.isError, sent.text).toBe(false);
      expect(sent.structured.sent).toBe(true);
      expect(gw.sandbox.callCount("send-message")).toBe(before + 1);
    } else {
      expect(sent.isError).toBe(true);
      expect(sent.text).toContain("Error FORBIDDEN");
      expect(gw.sandbox.callCount("send-message")).toBe(before);
    }
  });
});

describe("production mode", () => {
  const cases: { env: Record<string, string>; graphiql: boolean; introspection: boolean }[] = [
    { env: { NODE_ENV: "production" }, graphiql: false, introspection: false },
    { env: { NODE_ENV: "production", GRAPHIQL: "on" }, graphiql: true, introspection: false },
    { env: { NODE_ENV: "production", INTROSPECTION: "on" }, graphiql: false, introspection: true },
    { env: { NODE_ENV: "development" }, graphiql: true, introspection: true },
  ];
  it.each(cases)("$env: GraphiQL $graphiql, introspection $introspection", async (c) => {
    const gw = await startTestGateway({ env: c.env });
    try {
      const page = await rawRequest(gw.url, { method: "GET", headers: { accept: "text/html" } });
      expect(page.status < 500).toBe(true);
      expect(page.text.toLowerCase().includes("graphiql")).toBe(c.graphiql);
      const introspection = await gw.gql(
        '{ __schema { queryType { name } } __type(name: "Account") { name } }',
      );
      if (c.introspection) {
        expect(introspection.body.errors).toBeUndefined();
      } else {
        expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/i);
        expect(introspection.body.errors?.[0]?.extensions?.code).toBe("GRAPHQL_VALIDATION_FAILED");
      }
      const data = await gw.gql("{ __typename account { name } }");
      expect(data.body.errors).toBeUndefined();
    } finally {
      await gw.close();
    }
  });
});

describe("CORS", () => {
  const preflight = (gw: TestGateway, origin: string) =>
    rawRequest(gw.url, {
      method: "OPTIONS",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": "content-type, authorization",
      },
    });
  const post = (gw: TestGateway, origin: string) =>
    rawRequest(gw.url, {
      headers: { origin, "content-type": "application/json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
  const corsHeaders = (headers: Record<string, unknown>) =>
    Object.keys(headers).filter((name) => name.startsWith("access-control-"));

  describe.each([
    ["one listed origin", "https://app.example.com"],
    ["two listed origins", "https://app.example.com, https://admin.example.com"],
  ])("with %s", (_name, origins) => {
    let gw: TestGateway;
    beforeAll(async () => {
      gw = await startTestGateway({ env: { CORS_ORIGINS: origins } });
    });
    afterAll(() => gw.close());

    it("allows a preflight and the request from a listed origin", async () => {
      const answer = await preflight(gw, "https://app.example.com");
      expect(answer.status).toBeLessThan(300);
      expect(answer.headers["access-control-allow-origin"]).toBe("https://app.example.com");
      expect(String(answer.headers["access-control-allow-methods"])).toContain("POST");
      expect(String(answer.headers["access-control-allow-headers"])).toContain("authorization");
      const actual = await post(gw, "https://app.example.com");
      expect(actual.headers["access-control-allow-origin"]).toBe("https://app.example.com");
    });

    it.each([
      "https://evil.example",
      "null",
      "https://app.example.com.evil.example",
      "http://app.example.com",
    ])("gives %s no CORS headers at all", async (origin) => {
      expect(corsHeaders((await preflight(gw, origin)).headers)).toEqual([]);
      expect(corsHeaders((await post(gw, origin)).headers)).toEqual([]);
    });
  });

  it("sends no CORS headers by default", async () => {
    const gw = await startTestGateway();
    try {
      expect(corsHeaders((await preflight(gw, "https://app.example.com")).headers)).toEqual([]);
      expect(corsHeaders((await post(gw, "https://app.example.com")).headers)).toEqual([]);
    } finally {
      await gw.close();
    }
  });
});

describe("x-request-id on every answer", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ tokens: RECORDS, mcp: true });
  });
  afterAll(() => gw.close());

  const json = { "content-type": "application/json", accept: "application/json" };
  const requests: (RawRequest & { name: string; status: number; headers: Record<string, string> })[] = [
    {
      name: "200 GraphQL",
      method: "POST",
      path: "/graphql",
      headers: { ...json, ...bearer(TOKENS.reader) },
      body: '{"query":"{ __typename }"}',
      status: 200,
    },
    {
      name: "401 GraphQL",
      method: "POST",
      path: "/graphql",
      headers: json,
      body: '{"query":"{ __typename }"}',
      status: 401,
    },
    { name: "401 MCP", method: "POST", path: "/mcp", headers: json, body: "{}", status: 401 },
    { name: "404", method: "GET", path: "/nowhere", headers: {}, body: undefined, status: 404 },
    {
      name: "413",
      method: "POST",
      path: "/graphql",
      headers: { ...json, ...bearer(TOKENS.reader) },
      body: " ".repeat(4 * 1024 * 1024 + 1),
      status: 413,
    },
    {
      name: "415",
      method: "POST",
      path: "/graphql",
      headers: { "content-type": "text/plain" },
      body: "{}",
      status: 415,
    },
    {
      name: "405",
      method: "PUT",
      path: "/graphql",
      headers: { ...json, ...bearer(TOKENS.reader) },
      body: "{}",
      status: 405,
    },
    { name: "200 healthz", method: "GET", path: "/healthz", headers: {}, body: undefined, status: 200 },
    { name: "200 readyz", method: "GET", path: "/readyz", headers: {}, body: undefined, status: 200 },
    { name: "200 metrics", method: "GET", path: "/metrics", headers: {}, body: undefined, status: 200 },
  ];

  it.each(requests)("$name echoes a given id and generates one otherwise", async (r) => {
    const given = await rawRequest(gw.url, {
      ...r,
      headers: { ...r.headers, "x-request-id": "req-abc.123:x" },
    });
    expect(given.status).toBe(r.status);
    expect(given.headers["x-request-id"]).toBe("req-abc.123:x");
    const generated = await rawRequest(gw.url, r);
    expect(generated.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
    const unsafe = await rawRequest(gw.url, {
      ...r,
      headers: { ...r.headers, "x-request-id": "a b<script>" },
    });
    expect(unsafe.headers["x-request-id"]).toMatch(/^[0-9a-f-]{36}$/);
  });
});
