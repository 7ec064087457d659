/**
 * Prometheus metrics of one gateway instance, in a registry of its own (never prom-client's global
 * default), so tests and benchmarks can run many gateways in one process.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { BoundedLabelSet, clipLabel } from "./metric-labels.js";

/** Prefix of every metric name, the default process metrics included. */
export const METRIC_PREFIX = "quickcom_gateway_";

/** Most distinct GraphQL/MCP operation names tracked; later new names are counted as `other`. */
export const MAX_OPERATION_NAMES = 200;

/** Longest operation name kept in a label. */
export const MAX_OPERATION_NAME_LENGTH = 64;

const MAX_ENDPOINTS = 50;
const MAX_CODES = 50;
const MAX_ENDPOINT_LENGTH = 64;
const MAX_CODE_LENGTH = 32;
const SEND_STATUSES = new Set(["SENT", "FAILED", "UNKNOWN"]);
const BREAKER_STATES = { closed: 0, "half-open": 1, open: 2 } as const;
const REQUEST_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const UPSTREAM_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** One GraphQL or MCP request, observed when its answer is ready. */
export interface RequestObservation {
  /** Which front door served it. */
  transport: "graphql" | "mcp";
  /** GraphQL operation name (or MCP tool name); empty means `anonymous`. */
  operation: string;
  /** `error` when the answer carried an error. */
  outcome: "ok" | "error";
  /** Wall time from request to answer, in milliseconds. */
  durationMs: number;
}

/** One call to the QuickCom upstream, observed when it settled. */
export interface UpstreamCallObservation {
  /** Upstream endpoint name, e.g. `account-status`. */
  endpoint: string;
  /** `error` for any failure: transport, timeout or an upstream error envelope. */
  outcome: "ok" | "error";
  /** Upstream error code (`"1007"`) or a client-side code; null when there was none. */
  code: string | null;
  /** Wall time of the call, in milliseconds. */
  durationMs: number;
}

/** One send chunk, observed when its outcome is known. */
export interface SendObservation {
  /** `SENT`, `FAILED` or `UNKNOWN`; anything else is counted as `OTHER`. */
  status: string;
  /** Credits the upstream deducted for the chunk. */
  credits: number;
}

/** Options of {@link GatewayMetrics}. */
export interface GatewayMetricsOptions {
  /** Collect prom-client's default process metrics (CPU, memory, event loop, GC). Default true. */
  defaultMetrics?: boolean;
}

function seconds(durationMs: number): number {
  return Number.isFinite(durationMs) && durationMs > 0 ? durationMs / 1000 : 0;
}

/** The gateway's metrics and their Prometheus exposition. */
export class GatewayMetrics {
  /** The registry holding every metric of this instance. */
  readonly registry: Registry;
  readonly #operations = new BoundedLabelSet(MAX_OPERATION_NAMES);
  readonly #endpoints = new BoundedLabelSet(MAX_ENDPOINTS);
  readonly #codes = new BoundedLabelSet(MAX_CODES);
  readonly #requests: Counter<"transport" | "operation" | "outcome">;
  readonly #requestDuration: Histogram<"transport" | "operation">;
  readonly #upstreamCalls: Counter<"endpoint" | "outcome" | "code">;
  readonly #upstreamDuration: Histogram<"endpoint">;
  readonly #retries: Counter<"endpoint">;
  readonly #breakerState: Gauge;
  readonly #sends: Counter<"status">;
  readonly #creditsSpent: Counter;
  readonly #authFailures: Counter<"reason">;

  /** Creates the metrics in a fresh registry, with the default process metrics unless turned off. */
  constructor(options: GatewayMetricsOptions = {}) {
    const registry = new Registry();
    this.registry = registry;
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: METRIC_PREFIX });
    const registers = [registry];
    this.#requests = new Counter({
      name: `${METRIC_PREFIX}requests_total`,
      help: "GraphQL and MCP requests by transport, operation name and outcome.",
      labelNames: ["transport", "operation", "outcome"],
      registers,
    });
    this.#requestDuration = new Histogram({
      name: `${METRIC_PREFIX}request_duration_seconds`,
      help: "Duration of GraphQL and MCP requests.",
      labelNames: ["transport", "operation"],
      buckets: REQUEST_BUCKETS,
      registers,
    });
    this.#upstreamCalls = new Counter({
      name: `${METRIC_PREFIX}upstream_calls_total`,
      help: "Calls to the QuickCom upstream by endpoint, outcome and error code (none when there was none).",
      labelNames: ["endpoint", "outcome", "code"],
      registers,
    });
    this.#upstreamDuration = new Histogram({
      name: `${METRIC_PREFIX}upstream_duration_seconds`,
      help: "Duration of calls to the QuickCom upstream.",
      labelNames: ["endpoint"],
      buckets: UPSTREAM_BUCKETS,
      registers,
    });
    this.#retries = new Counter({
      name: `${METRIC_PREFIX}upstream_retries_total`,
      help: "Retried upstream reads by endpoint.",
      labelNames: ["endpoint"],
      registers,
    });
    this.#breakerState = new Gauge({
      name: `${METRIC_PREFIX}circuit_breaker_state`,
      help: "Upstream circuit breaker: 0 closed, 1 half-open, 2 open.",
      registers,
    });
    this.#sends = new Counter({
      name: `${METRIC_PREFIX}sends_total`,
      help: "Send chunks by outcome: SENT, FAILED or UNKNOWN (may have reached the upstream).",
      labelNames: ["status"],
      registers,
    });
    this.#creditsSpent = new Counter({
      name: `${METRIC_PREFIX}credits_spent_total`,
      help: "QuickCom credits deducted by sends through this gateway.",
      registers,
    });
    this.#authFailures = new Counter({
      name: `${METRIC_PREFIX}auth_failures_total`,
      help: "Refused requests by reason: missing or invalid gateway token, or a token lacking the scope.",
      labelNames: ["reason"],
      registers,
    });
    this.#breakerState.set(BREAKER_STATES.closed);
  }

  /**
   * Counts a GraphQL/MCP request and records its duration. The operation name is clipped to
   * {@link MAX_OPERATION_NAME_LENGTH} characters of `[A-Za-z0-9_]` (others become `_`); an empty name is
   * `anonymous`; beyond {@link MAX_OPERATION_NAMES} distinct names, new ones are counted as `other`.
   */
  observeRequest(e: RequestObservation): void {
    const operation = this.#operation(e.operation);
    this.#requests.inc({ transport: e.transport, operation, outcome: e.outcome });
    this.#requestDuration.observe({ transport: e.transport, operation }, seconds(e.durationMs));
  }

  /**
   * Counts an upstream call by endpoint, outcome and code (`none` when null) and records its duration.
   * At most 50 distinct endpoints and 50 distinct codes are tracked; later new ones count as `other`.
   */
  observeUpstreamCall(e: UpstreamCallObservation): void {
    const endpoint = this.#endpoint(e.endpoint);
    const code =
      e.code === null || e.code === "" ? "none" : this.#codes.admit(e.code.slice(0, MAX_CODE_LENGTH));
    this.#upstreamCalls.inc({ endpoint, outcome: e.outcome, code });
    this.#upstreamDuration.observe({ endpoint }, seconds(e.durationMs));
  }

  /** Counts one retry of an upstream read. */
  observeRetry(e: { endpoint: string }): void {
    this.#retries.inc({ endpoint: this.#endpoint(e.endpoint) });
  }

  /** Sets the breaker gauge: 0 closed, 1 half-open, 2 open. */
  setBreakerState(state: "closed" | "half-open" | "open"): void {
    this.#breakerState.set(BREAKER_STATES[state]);
  }

  /** Counts a send chunk by status and adds its credits (negative or non-finite credits add nothing). */
  observeSend(e: SendObservation): void {
    const status = e.status.toUpperCase();
    this.#sends.inc({ status: SEND_STATUSES.has(status) ? status : "OTHER" });
    if (Number.isFinite(e.credits) && e.credits > 0) this.#creditsSpent.inc(e.credits);
  }

  /** Counts a refused request: `missing` or `invalid` token, or `forbidden` (token lacks the scope). */
  observeAuthFailure(reason: "missing" | "invalid" | "forbidden"): void {
    this.#authFailures.inc({ reason });
  }

  /** The Prometheus text exposition of every metric, with its content type. */
  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #operation(name: string): string {
    const clipped = clipLabel(name.trim(), MAX_OPERATION_NAME_LENGTH);
    if (clipped === "" || clipped === "anonymous") return "anonymous";
    return this.#operations.admit(clipped);
  }

  #endpoint(endpoint: string): string {
    return endpoint === "" ? "unknown" : this.#endpoints.admit(endpoint.slice(0, MAX_ENDPOINT_LENGTH));
  }
}
