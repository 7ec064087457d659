/**
 * What the execution core tells observers about each operation it runs, whichever front door it came through
 * (tracing, tests). Metrics are fed by the core itself.
 */
import type { GraphQLError, OperationTypeNode } from "graphql";
import type { TraceHeaders } from "../ops/trace-headers.js";

/** The front door and the path through it: the lean JSON path or yoga for `/graphql`, or an MCP tool. */
export type ExecutionPath = "lean" | "yoga" | "mcp";

/** One operation about to run. */
export interface OperationInfo {
  /** `graphql` for `/graphql`, `mcp` for an operation an MCP tool runs. */
  transport: "graphql" | "mcp";
  path: ExecutionPath;
  /** The requested operation name, else the operation's own, else `anonymous`. */
  operationName: string;
  operationType: `${OperationTypeNode}`;
  /** The gateway request id (`x-request-id`, or MCP's own). */
  requestId: string;
  /** The caller's W3C trace context (`traceparent`, `tracestate`), when it sent one. */
  trace?: TraceHeaders;
}

/** One answered operation. */
export interface OperationEvent extends OperationInfo {
  /** Wall time of the execution (or the refusal), in milliseconds. */
  durationMs: number;
  /** The errors as the caller sees them (masked, with stable codes); empty when none. */
  errors: readonly GraphQLError[];
}

/** Hooks the execution core calls for every operation that passed parsing and validation. */
export interface Instrumentation {
  /**
   * Wraps the execution of one operation (not of one refused for its scope): call `run` exactly once and
   * return what it returns, e.g. inside a tracing span.
   */
  around?<T>(operation: OperationInfo, run: () => Promise<T>): Promise<T>;
  /** Called once per answered operation, refusals for scope included; an exception is reported, not thrown. */
  onOperation?(event: OperationEvent): void;
}

/**
 * One instrumentation doing what `outer` and `inner` do (either may be absent): `outer.around` wraps
 * `inner.around`, and both see every `onOperation`. Undefined when both are.
 */
export function mergeInstrumentation(
  outer: Instrumentation | undefined,
  inner: Instrumentation | undefined,
): Instrumentation | undefined {
  if (!outer || !inner) return outer ?? inner;
  const wrapOuter = outer.around?.bind(outer);
  const wrapInner = inner.around?.bind(inner);
  const notifyOuter = outer.onOperation?.bind(outer);
  const notifyInner = inner.onOperation?.bind(inner);
  return {
    around<T>(operation: OperationInfo, run: () => Promise<T>): Promise<T> {
      const innerRun = wrapInner ? () => wrapInner(operation, run) : run;
      return wrapOuter ? wrapOuter(operation, innerRun) : innerRun();
    },
    onOperation(event: OperationEvent): void {
      try {
        notifyOuter?.(event);
      } finally {
        notifyInner?.(event);
      }
    },
  };
}
