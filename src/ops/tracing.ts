/**
 * OpenTelemetry tracing of the gateway over an injected `Tracer`: one span per operation (a GraphQL operation or
 * an MCP tool call), a child of the caller's W3C `traceparent` when it sent one, and one child span per upstream
 * QuickCom attempt. Every span carries the gateway's request id. Upstream spans are parented through an
 * AsyncLocalStorage of this module, not OpenTelemetry's global context manager, so nothing global is registered.
 * The OpenTelemetry packages are imported dynamically by {@link createTracing}, so the bundle of an entry point
 * that never enables tracing never loads them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Attributes, Context, Span, Tracer } from "@opentelemetry/api";
import type { Instrumentation, OperationInfo } from "../execution/instrumentation.js";
import type { UpstreamSpan, UpstreamTracer } from "../quickcom/client/client.js";
import type { Endpoint } from "../quickcom/client/endpoints.js";

/** The tracing the gateway wires in: the execution core's hook and the QuickCom client's tracer. */
export interface GatewayTracing {
  /** Opens the span of every operation (`around`) and records its outcome. */
  readonly instrumentation: Instrumentation;
  /** Opens one span per upstream attempt, under the operation's span. */
  readonly upstream: UpstreamTracer;
  /** Exports what is buffered and stops (at shutdown). */
  shutdown(): Promise<void>;
}

/** Options of {@link createTracing}. */
export interface TracingOptions {
  /** Where spans go (an SDK provider's `getTracer`; tests use one with an InMemorySpanExporter). */
  tracer: Tracer;
  /** Flushes and stops the provider behind `tracer` (default: nothing to do). */
  shutdown?: () => Promise<void>;
}

interface ActiveOperation {
  context: Context;
  requestId: string;
  /** Set when the operation's span ended: work it left behind (a subscription's poller timers) is not traced. */
  ended: boolean;
}

/** `query Campaigns` for `/graphql`, `tools/call Campaigns` for an MCP tool (the tool's operation). */
function operationSpanName(info: OperationInfo): string {
  return info.transport === "mcp"
    ? `tools/call ${info.operationName}`
    : `${info.operationType} ${info.operationName}`;
}

function operationAttributes(info: OperationInfo): Attributes {
  const attributes: Attributes = {
    "graphql.operation.name": info.operationName,
    "graphql.operation.type": info.operationType,
    "gateway.transport": info.transport,
    "gateway.path": info.path,
    "gateway.request_id": info.requestId,
  };
  if (info.transport === "mcp") attributes["mcp.method.name"] = "tools/call";
  return attributes;
}

/** The stable codes of an execution result's errors (masked already, so safe to record). */
function errorCodes(result: unknown): string[] {
  const errors = (result as { errors?: ReadonlyArray<{ extensions?: { code?: unknown } }> } | null)?.errors;
  if (!Array.isArray(errors)) return [];
  return errors.map((e) => (typeof e.extensions?.code === "string" ? e.extensions.code : "UNKNOWN"));
}

/** Builds the gateway's tracing over `options.tracer` (importing the OpenTelemetry API and W3C propagator). */
export async function createTracing(options: TracingOptions): Promise<GatewayTracing> {
  const [api, { W3CTraceContextPropagator }] = await Promise.all([
    import("@opentelemetry/api"),
    import("@opentelemetry/core"),
  ]);
  const { ROOT_CONTEXT, SpanKind, SpanStatusCode, context: contextApi, defaultTextMapGetter, trace } = api;
  const { tracer } = options;
  const propagator = new W3CTraceContextPropagator();
  const active = new AsyncLocalStorage<ActiveOperation>();

  /** The caller's context from its `traceparent`/`tracestate`; the root context when absent or malformed. */
  const parentOf = (info: OperationInfo): Context =>
    info.trace ? propagator.extract(ROOT_CONTEXT, info.trace, defaultTextMapGetter) : ROOT_CONTEXT;

  const endOperation = (span: Span, result: unknown): void => {
    const codes = errorCodes(result);
    if (codes.length > 0) {
      span.setAttribute("gateway.error_codes", [...new Set(codes)]);
      span.setStatus({ code: SpanStatusCode.ERROR, message: codes[0] });
    }
    span.end();
  };

  return {
    instrumentation: {
      async around(info, run) {
        const parent = parentOf(info);
        const span = tracer.startSpan(
          operationSpanName(info),
          { kind: SpanKind.SERVER, attributes: operationAttributes(info) },
          parent,
        );
        const operation = { context: trace.setSpan(parent, span), requestId: info.requestId, ended: false };
        try {
          const result = await active.run(operation, () => contextApi.with(operation.context, run));
          endOperation(span, result);
          return result;
        } catch (error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: "INTERNAL_SERVER_ERROR" });
          span.end();
          throw error;
        } finally {
          operation.ended = true;
        }
      },
    },
    upstream: {
      start(endpoint: Endpoint, attempt: number): UpstreamSpan | undefined {
        const operation = active.getStore();
        if (!operation || operation.ended) return undefined;
        const span = tracer.startSpan(
          `QuickCom ${endpoint}`,
          {
            kind: SpanKind.CLIENT,
            attributes: {
              "quickcom.endpoint": endpoint,
              "quickcom.attempt": attempt,
              "http.request.method": "GET",
              "gateway.request_id": operation.requestId,
            },
          },
          operation.context,
        );
        return {
          end({ status, code }) {
            if (status !== null) span.setAttribute("http.response.status_code", status);
            if (code !== null) {
              span.setAttribute("quickcom.error_code", code);
              span.setStatus({ code: SpanStatusCode.ERROR, message: code });
            }
            span.end();
          },
        };
      },
    },
    shutdown: options.shutdown ?? (async () => {}),
  };
}
