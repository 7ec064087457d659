import { print } from "graphql";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createExecutionCore } from "../../src/execution/core.js";
import type { OperationEvent, OperationInfo } from "../../src/execution/instrumentation.js";
import { GetAccountDocument } from "../../src/mcp/generated/graphql.js";
import { hashToken } from "../../src/ops/access.js";
import { startInMemoryMcp } from "../mcp/helpers.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** One hook registered on `createApp` sees every operation, whichever door it came through. */
const FULL = "tok-instrumentation-full-1";
const SEND_ONLY = "tok-instrumentation-send-1";
const GET_ACCOUNT = print(GetAccountDocument);

let gw: TestGateway;
const seen: string[] = [];
const spans: OperationInfo[] = [];
const events: OperationEvent[] = [];
let failHook = false;
beforeAll(async () => {
  gw = await startTestGateway({
    mcp: true,
    tokens: [
      { name: "operator", sha256: hashToken(FULL), scopes: ["read", "send", "audit"] },
      { name: "sender", sha256: hashToken(SEND_ONLY), scopes: ["send"] },
    ],
    instrumentation: {
      async around(operation, run) {
        spans.push(operation);
        seen.push(`open ${operation.path}`);
        try {
          return await run();
        } finally {
          seen.push(`close ${operation.path}`);
        }
      },
      onOperation(event) {
        events.push(event);
        seen.push(`event ${event.path}`);
        if (failHook) throw new Error("a broken hook");
      },
    },
  });
});
afterAll(() => gw.close());
beforeEach(() => {
  seen.length = 0;
  spans.length = 0;
  events.length = 0;
  failHook = false;
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });
const summary = (e: OperationEvent) => ({
  transport: e.transport,
  path: e.path,
  operationName: e.operationName,
  operationType: e.operationType,
  codes: e.errors.map((error) => error.extensions.code),
});

describe("the execution core's instrumentation", () => {
  it("sees the same operation from the lean path, yoga (GET) and an MCP tool call", async () => {
    const lean = await gw.gql(GET_ACCOUNT, undefined, auth(FULL));
    const viaGet = await fetch(`${gw.url}/graphql?query=${encodeURIComponent(GET_ACCOUNT)}`, {
      headers: auth(FULL),
    });
    const client = await gw.connectMcp(auth(FULL));
    const tool = await client.callTool({ name: "get_account", arguments: {} });
    expect(lean.body.errors).toBeUndefined();
    expect(((await viaGet.json()) as { data: unknown }).data).toEqual(lean.body.data);
    expect(tool.isError).toBeFalsy();

    const account = { operationName: "GetAccount", operationType: "query", codes: [] };
    expect(events.map(summary)).toEqual([
      { transport: "graphql", path: "lean", ...account },
      { transport: "graphql", path: "yoga", ...account },
      { transport: "mcp", path: "mcp", ...account },
    ]);
    expect(spans.map((s) => s.path)).toEqual(["lean", "yoga", "mcp"]);
    expect(seen).toEqual([
      "open lean",
      "close lean",
      "event lean",
      "open yoga",
      "close yoga",
      "event yoga",
      "open mcp",
      "close mcp",
      "event mcp",
    ]);
    for (const event of events) {
      expect(event.durationMs).toBeGreaterThanOrEqual(0);
      expect(event.requestId).toMatch(/\S/);
    }
    expect(events[0]?.requestId).toBe(lean.headers.get("x-request-id"));
  });

  it("sees each operation of a yoga batch (run side by side), with masked errors", async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth(FULL) },
      body: JSON.stringify([
        { query: "query Small { templates(first: 1) { totalCount } }" },
        { query: "query TooBig { campaigns(first: 500) { totalCount } }" },
      ]),
    });
    expect(response.status).toBe(200);
    const byName = (a: OperationEvent, b: OperationEvent) => a.operationName.localeCompare(b.operationName);
    expect(events.sort(byName).map(summary)).toEqual([
      { transport: "graphql", path: "yoga", operationName: "Small", operationType: "query", codes: [] },
      {
        transport: "graphql",
        path: "yoga",
        operationName: "TooBig",
        operationType: "query",
        codes: ["PAGE_SIZE_TOO_LARGE"],
      },
    ]);
  });

  it("reports a refusal for scope without opening a span around it", async () => {
    const answer = await gw.gql("query Account { account { name } }", undefined, auth(SEND_ONLY));
    expect(answer.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    expect(spans).toEqual([]);
    expect(events.map(summary)).toEqual([
      {
        transport: "graphql",
        path: "lean",
        operationName: "Account",
        operationType: "query",
        codes: ["FORBIDDEN"],
      },
    ]);
  });

  it("sees a subscription's setup over SSE (graphql-js, literal argument) and its refusal for scope", async () => {
    const progress =
      'subscription Progress { campaignProgress(uuid: "0d8cbde0-f5cd-11ef-993e-000000000001") { pending } }';
    const subscribe = (token: string) =>
      fetch(`${gw.url}/graphql`, {
        method: "POST",
        headers: { ...auth(token), accept: "text/event-stream", "content-type": "application/json" },
        body: JSON.stringify({ query: progress }),
      }).then((r) => r.text());
    // Not this credential's campaign: the stream carries NOT_FOUND and ends.
    expect(await subscribe(FULL)).toContain("NOT_FOUND");
    expect(await subscribe(SEND_ONLY)).toContain("FORBIDDEN");
    const subscription = {
      transport: "graphql",
      path: "yoga",
      operationName: "Progress",
      operationType: "subscription",
    };
    expect(events.map(summary)).toEqual([
      { ...subscription, codes: [] },
      { ...subscription, codes: ["FORBIDDEN"] },
    ]);
    expect(spans.map((s) => `${s.path} ${s.operationType}`)).toEqual(["yoga subscription"]);
  });

  it("does not see documents that fail to parse or validate", async () => {
    await gw.gql("{ account { ", undefined, auth(FULL));
    await gw.gql("{ account { nope } }", undefined, auth(FULL));
    expect(events).toEqual([]);
  });

  it("keeps the answer when a hook throws, and logs the failure", async () => {
    failHook = true;
    const answer = await gw.gql("query Again { account { name } }", undefined, auth(FULL));
    expect(answer.status).toBe(200);
    expect(answer.body.errors).toBeUndefined();
    expect(gw.logs.some((line) => line.includes("a broken hook"))).toBe(true);
  });
});

describe("an MCP server of its own (stdio, in memory)", () => {
  it("runs its tools' operations through the execution core it is given", async () => {
    const events: OperationEvent[] = [];
    const mcp = await startInMemoryMcp({
      execution: createExecutionCore({ instrumentation: { onOperation: (e) => events.push(e) } }),
    });
    try {
      const tool = await mcp.client.callTool({ name: "get_account", arguments: {} });
      expect(tool.isError).toBeFalsy();
      expect(events.map(summary)).toEqual([
        { transport: "mcp", path: "mcp", operationName: "GetAccount", operationType: "query", codes: [] },
      ]);
    } finally {
      await mcp.close();
    }
  });
});
