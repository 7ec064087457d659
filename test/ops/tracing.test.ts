/**
 * OpenTelemetry traces over real HTTP against the sandbox, collected with the SDK's InMemorySpanExporter: one
 * span per operation or MCP tool call, one child span per upstream QuickCom call, the request id on every span,
 * the caller's W3C traceparent as parent, and no credential or phone number in any span.
 */
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { build } from "esbuild";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTracing } from "../../src/ops/tracing.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { otpInput, sendMessage } from "../support/send.js";

const NUMBER = "9876543210";
const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { __typename ... on SendMessageSuccess { campaign { uuid } } ... on Error { code } }
}`;
const CAMPAIGNS = `query Campaigns { campaigns(first: 100) { edges { node { name } } } }`;
const CALLER_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
const CALLER_SPAN = "00f067aa0ba902b7";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    mcp: true,
    tracing: await createTracing({ tracer: provider.getTracer("test"), shutdown: () => provider.shutdown() }),
  });
});
afterAll(async () => {
  await gw.close();
  await provider.shutdown();
});
beforeEach(() => {
  gw.sandbox.reset();
  exporter.reset();
});

async function finishedSpans(): Promise<ReadableSpan[]> {
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;
const childrenOf = (spans: ReadableSpan[], parent: ReadableSpan) =>
  spans.filter((s) => parentOf(s) === parent.spanContext().spanId);

function only(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((s) => s.name === name);
  expect(found.map((s) => s.name)).toEqual([name]);
  return found[0] as ReadableSpan;
}

describe("GraphQL operations", () => {
  it("a send: the operation span with one upstream send-message span under it", async () => {
    const result = await sendMessage(gw, SEND, otpInput({}, [NUMBER]), { "x-request-id": "req-send-1" });
    expect(result.__typename).toBe("SendMessageSuccess");
    const spans = await finishedSpans();
    const operation = only(spans, "mutation Send");
    expect(parentOf(operation)).toBeUndefined();
    expect(operation.attributes).toMatchObject({
      "graphql.operation.name": "Send",
      "graphql.operation.type": "mutation",
      "gateway.transport": "graphql",
      "gateway.request_id": "req-send-1",
    });
    const upstream = childrenOf(spans, operation);
    expect(upstream.map((s) => s.attributes["quickcom.endpoint"])).toContain("send-message");
    const send = upstream.find((s) => s.attributes["quickcom.endpoint"] === "send-message") as ReadableSpan;
    expect(send.name).toBe("QuickCom send-message");
    expect(send.spanContext().traceId).toBe(operation.spanContext().traceId);
    expect(send.attributes).toMatchObject({
      "http.response.status_code": 200,
      "gateway.request_id": "req-send-1",
    });
    expect(send.attributes["quickcom.error_code"]).toBeUndefined();
    for (const span of spans) expect(span.attributes["gateway.request_id"]).toBe("req-send-1");
  });

  it("a paginated query: several campaign-list page spans under one operation span", async () => {
    const { body } = await gw.gql(CAMPAIGNS, undefined, { "x-request-id": "req-pages-1" });
    expect(body.errors).toBeUndefined();
    const spans = await finishedSpans();
    const operation = only(spans, "query Campaigns");
    const pages = childrenOf(spans, operation).filter(
      (s) => s.attributes["quickcom.endpoint"] === "campaign-list",
    );
    expect(pages.length).toBe(gw.sandbox.callCount("campaign-list"));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    for (const page of pages) expect(page.attributes["http.response.status_code"]).toBe(200);
    expect(spans.length).toBe(1 + pages.length);
  });

  it("an upstream error is recorded on the upstream span as its code and status", async () => {
    const { body } = await gw.gql("query Account { account { balance { transactional } } }", undefined, {
      "x-quickcom-app-key": DEMO_ACCOUNT.appKey,
      "x-quickcom-app-secret": "not-the-secret",
    });
    expect(body.errors?.length ?? 0).toBeGreaterThan(0);
    const spans = await finishedSpans();
    const operation = only(spans, "query Account");
    expect(operation.status.code).toBe(2);
    const upstream = childrenOf(spans, operation);
    expect(upstream.length).toBeGreaterThan(0);
    for (const span of upstream) {
      expect(span.attributes["quickcom.error_code"]).toEqual(expect.any(String));
      expect(span.attributes["http.response.status_code"]).toEqual(expect.any(Number));
    }
    const all = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status, s.events]));
    expect(all).not.toContain("not-the-secret");
  });

  it("accepts the caller's traceparent: the operation span is a child of the caller's span", async () => {
    await gw.gql(CAMPAIGNS, undefined, { traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    const spans = await finishedSpans();
    const operation = only(spans, "query Campaigns");
    expect(operation.spanContext().traceId).toBe(CALLER_TRACE);
    expect(parentOf(operation)).toBe(CALLER_SPAN);
    for (const span of spans) expect(span.spanContext().traceId).toBe(CALLER_TRACE);
  });

  it("starts a new trace for a malformed traceparent instead of failing the request", async () => {
    const { body } = await gw.gql(CAMPAIGNS, undefined, { traceparent: "00-not-a-trace-01" });
    expect(body.errors).toBeUndefined();
    const operation = only(await finishedSpans(), "query Campaigns");
    expect(parentOf(operation)).toBeUndefined();
    expect(operation.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe("MCP tool calls", () => {
  it("one span per tool call, child of the traceparent of the tool call's request", async () => {
    const client = await gw.connectMcp({ traceparent: `00-${CALLER_TRACE}-${CALLER_SPAN}-01` });
    exporter.reset();
    const tool = await client.callTool({ name: "get_account", arguments: {} });
    expect(tool.isError).toBeFalsy();
    const spans = await finishedSpans();
    const operation = only(spans, "tools/call GetAccount");
    expect(operation.attributes).toMatchObject({
      "gateway.transport": "mcp",
      "mcp.method.name": "tools/call",
    });
    expect(parentOf(operation)).toBe(CALLER_SPAN);
    const upstream = childrenOf(spans, operation);
    expect(upstream.length).toBeGreaterThan(0);
    expect(spans.length).toBe(1 + upstream.length);
    const requestId = operation.attributes["gateway.request_id"];
    expect(requestId).toEqual(expect.any(String));
    for (const span of upstream) expect(span.attributes["gateway.request_id"]).toBe(requestId);
  });
});

describe("secrets", () => {
  it("no span name, attribute or event holds the API key, the secret or a phone number", async () => {
    const sent = await sendMessage(gw, SEND, otpInput({}, [NUMBER, `91${NUMBER.replace(/0$/, "1")}`]));
    const { body } = await gw.gql(
      `query Status($u: String!, $m: String!) { messageStatus(campaignUuid: $u, mobileNumber: $m) { __typename } }`,
      { u: sent.campaign.uuid, m: NUMBER },
    );
    expect(body.errors).toBeUndefined();
    await gw.gql(CAMPAIGNS);
    const spans = await finishedSpans();
    const endpoints = spans.map((s) => s.attributes["quickcom.endpoint"]);
    expect(endpoints).toEqual(
      expect.arrayContaining(["send-message", "send-number-report", "campaign-list"]),
    );
    const text = JSON.stringify(spans.map((s) => [s.name, s.attributes, s.status, s.events, s.links]));
    for (const secret of [DEMO_ACCOUNT.appKey, DEMO_ACCOUNT.appSecret, NUMBER, "987654321"]) {
      expect(text).not.toContain(secret);
    }
  });
});

describe("tracing off", () => {
  it("no entry point imports an OpenTelemetry package statically: the SDK loads only when tracing is on", async () => {
    const result = await build({
      entryPoints: ["src/main.ts", "src/mcp/stdio.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      packages: "external",
      write: false,
      outdir: "/tmp/qcg-otel-metafile",
      metafile: true,
      logLevel: "silent",
    });
    const imports = Object.values(result.metafile.inputs).flatMap((input) => input.imports);
    const otel = imports.filter((i) => i.path.startsWith("@opentelemetry/"));
    expect(otel.map((i) => i.path)).toEqual(expect.arrayContaining(["@opentelemetry/sdk-trace-base"]));
    expect(otel.filter((i) => i.kind !== "dynamic-import")).toEqual([]);
  });
});

describe("work an operation leaves behind", () => {
  it("an upstream call after the operation's span ended (a poller's timer) opens no span", async () => {
    const own = new InMemorySpanExporter();
    const ownProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(own)] });
    const tracing = await createTracing({ tracer: ownProvider.getTracer("test") });
    const info = {
      transport: "graphql",
      path: "yoga",
      operationName: "Progress",
      operationType: "subscription",
      requestId: "req-sub-1",
    } as const;
    let later: Promise<unknown> = Promise.resolve();
    const during = await tracing.instrumentation.around?.(info, async () => {
      later = new Promise((resolve) =>
        setTimeout(() => resolve(tracing.upstream.start("send-report", 1)), 5),
      );
      return tracing.upstream.start("send-report", 1);
    });
    during?.end({ status: 200, code: null });
    expect(during).toBeDefined();
    expect(await later).toBeUndefined();
    await ownProvider.forceFlush();
    expect(
      own
        .getFinishedSpans()
        .map((s) => s.name)
        .sort(),
    ).toEqual(["QuickCom send-report", "subscription Progress"]);
    await ownProvider.shutdown();
  });
});
