import { describe, expect, it } from "vitest";
import { BoundedLabelSet, clipLabel } from "../../src/ops/metric-labels.js";
import { GatewayMetrics, MAX_OPERATION_NAMES } from "../../src/ops/metrics.js";

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The samples of a Prometheus text exposition. */
function samples(body: string): Sample[] {
  const result: Sample[] = [];
  for (const line of body.split("\n")) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1] as string] = pair[2] as string;
    }
    result.push({ name: match[1] as string, labels, value: Number(match[3]) });
  }
  return result;
}

/** The value of the one sample with this name whose labels include `labels`, or undefined. */
async function sampleValue(
  metrics: GatewayMetrics,
  name: string,
  labels: Record<string, string> = {},
): Promise<number | undefined> {
  const { body } = await metrics.render();
  const found = samples(body).filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
  if (found.length > 1) throw new Error(`${found.length} samples match ${name} ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

describe("GatewayMetrics", () => {
  it("renders every gateway metric after one observation of each, in Prometheus text format", async () => {
    const metrics = new GatewayMetrics();
    metrics.observeRequest({ transport: "graphql", operation: "GetAccount", outcome: "ok", durationMs: 12 });
    metrics.observeUpstreamCall({ endpoint: "account-status", outcome: "ok", code: null, durationMs: 40 });
    metrics.observeRetry({ endpoint: "account-status" });
    metrics.setBreakerState("open");
    metrics.observeSend({ status: "SENT", credits: 3 });
    metrics.observeAuthFailure("missing");
    const { contentType, body } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    for (const name of [
      "quickcom_gateway_requests_total",
      "quickcom_gateway_request_duration_seconds",
      "quickcom_gateway_upstream_calls_total",
      "quickcom_gateway_upstream_duration_seconds",
      "quickcom_gateway_upstream_retries_total",
      "quickcom_gateway_circuit_breaker_state",
      "quickcom_gateway_sends_total",
      "quickcom_gateway_credits_spent_total",
      "quickcom_gateway_auth_failures_total",
      "quickcom_gateway_process_cpu_user_seconds_total",
      "quickcom_gateway_nodejs_eventloop_lag_seconds",
    ]) {
      expect(body, name).toContain(`# TYPE ${name} `);
    }
  });

  it("keeps each instance's metrics apart (no global registry)", async () => {
    const a = new GatewayMetrics({ defaultMetrics: false });
    const b = new GatewayMetrics({ defaultMetrics: false });
    a.observeAuthFailure("invalid");
    expect(await sampleValue(a, "quickcom_gateway_auth_failures_total", { reason: "invalid" })).toBe(1);
    expect(
      await sampleValue(b, "quickcom_gateway_auth_failures_total", { reason: "invalid" }),
    ).toBeUndefined();
    expect((await b.render()).body).not.toContain("process_cpu");
  });

  it("counts requests by transport, operation and outcome and records durations in seconds", async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.observeRequest({ transport: "graphql", operation: "Send", outcome: "ok", durationMs: 30 });
    metrics.observeRequest({ transport: "graphql", operation: "Send", outcome: "ok", durationMs: 70 });
    metrics.observeRequest({ transport: "graphql", operation: "Send", outcome: "error", durationMs: 5 });
    metrics.observeRequest({ transport: "mcp", operation: "send_message", outcome: "ok", durationMs: 1 });
    const requests = "quickcom_gateway_requests_total";
    expect(
      await sampleValue(metrics, requests, { transport: "graphql", operation: "Send", outcome: "ok" }),
    ).toBe(2);
    expect(
      await sampleValue(metrics, requests, { transport: "graphql", operation: "Send", outcome: "error" }),
    ).toBe(1);
    expect(await sampleValue(metrics, requests, { transport: "mcp", operation: "send_message" })).toBe(1);
    const sum = await sampleValue(metrics, "quickcom_gateway_request_duration_seconds_sum", {
      transport: "graphql",
      operation: "Send",
    });
    expect(sum).toBeCloseTo(0.105, 6);
    expect(
      await sampleValue(metrics, "quickcom_gateway_request_duration_seconds_bucket", {
        transport: "graphql",
        operation: "Send",
        le: "0.05",
      }),
    ).toBe(2);
  });

  it.each([
    ["", "anonymous"],
    ["   ", "anonymous"],
    ["anonymous", "anonymous"],
    ["GetAccount", "GetAccount"],
    ["get-account v2", "get_account_v2"],
    ['x"}\nevil', "x___evil"],
    ["A".repeat(100), "A".repeat(64)],
  ])("labels operation %j as %j", async (operation, label) => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.observeRequest({ transport: "graphql", operation, outcome: "ok", durationMs: 1 });
    expect(await sampleValue(metrics, "quickcom_gateway_requests_total", { operation: label })).toBe(1);
  });

  it("counts operation names beyond the first 200 as other, and keeps counting the known ones", async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    for (let i = 0; i < MAX_OPERATION_NAMES + 50; i++) {
      metrics.observeRequest({ transport: "graphql", operation: `Op${i}`, outcome: "ok", durationMs: 1 });
    }
    metrics.observeRequest({ transport: "mcp", operation: "Op0", outcome: "ok", durationMs: 1 });
    metrics.observeRequest({ transport: "graphql", operation: "", outcome: "ok", durationMs: 1 });
    const { body } = await metrics.render();
    const operations = new Set(
      samples(body)
        .filter((s) => s.name === "quickcom_gateway_requests_total")
        .map((s) => s.labels.operation),
    );
    expect(operations.size).toBe(MAX_OPERATION_NAMES + 2);
    expect(operations.has("Op199")).toBe(true);
    expect(operations.has("Op200")).toBe(false);
    expect(await sampleValue(metrics, "quickcom_gateway_requests_total", { operation: "other" })).toBe(50);
    expect(
      await sampleValue(metrics, "quickcom_gateway_requests_total", { transport: "mcp", operation: "Op0" }),
    ).toBe(1);
    expect(await sampleValue(metrics, "quickcom_gateway_requests_total", { operation: "anonymous" })).toBe(1);
  });

  it("counts upstream calls by endpoint, outcome and code, and retries by endpoint", async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.observeUpstreamCall({
      endpoint: "send-message",
      outcome: "error",
      code: "1007",
      durationMs: 200,
    });
    metrics.observeUpstreamCall({
      endpoint: "send-message",
      outcome: "error",
      code: "1007",
      durationMs: 100,
    });
    metrics.observeUpstreamCall({ endpoint: "balance", outcome: "ok", code: null, durationMs: 20_000 });
    metrics.observeRetry({ endpoint: "balance" });
    metrics.observeRetry({ endpoint: "balance" });
    const calls = "quickcom_gateway_upstream_calls_total";
    expect(
      await sampleValue(metrics, calls, { endpoint: "send-message", outcome: "error", code: "1007" }),
    ).toBe(2);
    expect(await sampleValue(metrics, calls, { endpoint: "balance", outcome: "ok", code: "none" })).toBe(1);
    expect(
      await sampleValue(metrics, "quickcom_gateway_upstream_retries_total", { endpoint: "balance" }),
    ).toBe(2);
    expect(
      await sampleValue(metrics, "quickcom_gateway_upstream_duration_seconds_bucket", {
        endpoint: "balance",
        le: "30",
      }),
    ).toBe(1);
    expect(
      await sampleValue(metrics, "quickcom_gateway_upstream_duration_seconds_bucket", {
        endpoint: "balance",
        le: "10",
      }),
    ).toBe(0);
  });

  it("bounds the number of distinct upstream codes", async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    for (let i = 0; i < 60; i++) {
      metrics.observeUpstreamCall({ endpoint: "balance", outcome: "error", code: `E${i}`, durationMs: 1 });
    }
    expect(await sampleValue(metrics, "quickcom_gateway_upstream_calls_total", { code: "other" })).toBe(10);
  });

  it.each([
    ["closed", 0],
    ["half-open", 1],
    ["open", 2],
  ] as const)("sets the breaker gauge to %s = %i", async (state, value) => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.setBreakerState(state === "closed" ? "open" : "closed");
    metrics.setBreakerState(state);
    expect(await sampleValue(metrics, "quickcom_gateway_circuit_breaker_state")).toBe(value);
  });

  it("starts with the breaker gauge closed", async () => {
    expect(
      await sampleValue(
        new GatewayMetrics({ defaultMetrics: false }),
        "quickcom_gateway_circuit_breaker_state",
      ),
    ).toBe(0);
  });

  it("counts sends by status and adds up the credits spent", async () => {
    const metrics = new GatewayMetrics({ defaultMetrics: false });
    metrics.observeSend({ status: "SENT", credits: 5 });
    metrics.observeSend({ status: "SENT", credits: 2 });
    metrics.observeSend({ status: "FAILED", credits: 0 });
    metrics.observeSend({ status: "UNKNOWN", credits: Number.NaN });
    metrics.observeSend({ status: "weird", credits: -4 });
    expect(await sampleValue(metrics, "quickcom_gateway_sends_total", { status: "SENT" })).toBe(2);
    expect(await sampleValue(metrics, "quickcom_gateway_sends_total", { status: "FAILED" })).toBe(1);
    expect(await sampleValue(metrics, "quickcom_gateway_sends_total", { status: "UNKNOWN" })).toBe(1);
    expect(await sampleValue(metrics, "quickcom_gateway_sends_total", { status: "OTHER" })).toBe(1);
    expect(await sampleValue(metrics, "quickcom_gateway_credits_spent_total")).toBe(7);
  });

  it.each(["missing", "invalid", "forbidden"] as const)(
    "counts auth failures for reason %s",
    async (reason) => {
      const metrics = new GatewayMetrics({ defaultMetrics: false });
      metrics.observeAuthFailure(reason);
      metrics.observeAuthFailure(reason);
      expect(await sampleValue(metrics, "quickcom_gateway_auth_failures_total", { reason })).toBe(2);
    },
  );
});

describe("metric labels", () => {
  it.each([
    ["plain_Name1", 64, "plain_Name1"],
    ["a-b.c d", 64, "a_b_c_d"],
    ["ünï", 64, "_n_"],
    ["abcdef", 3, "abc"],
  ])("clipLabel(%j, %i) = %j", (value, max, expected) => {
    expect(clipLabel(value, max)).toBe(expected);
  });

  it("admits the first values up to the limit and maps later new ones to the overflow value", () => {
    const set = new BoundedLabelSet(2, "rest");
    expect([set.admit("a"), set.admit("b"), set.admit("c"), set.admit("a"), set.admit("b")]).toEqual([
      "a",
      "b",
      "rest",
      "a",
      "b",
    ]);
    expect(set.size).toBe(2);
  });
});
