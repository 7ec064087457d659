/**
 * The execution core: every GraphQL operation, whichever front door it came through (the lean JSON path,
 * yoga, an MCP tool), runs here, so the document cache, limits, JIT compilation, scope rule, error masking,
 * metrics and instrumentation hooks are the same for all of them.
 */
import { type ExecutionResult, GraphQLError, type OperationDefinitionNode } from "graphql";
import type { GatewayContext } from "../gateway/context.js";
import { lacksReadScope } from "../gateway/scopes.js";
import type { RequestObservation } from "../ops/metrics.js";
import { schema } from "../schema/index.js";
import { DocumentCache, type PreparedOperation } from "./documents.js";
import type { ExecutionPath, Instrumentation, OperationInfo } from "./instrumentation.js";
import { DEFAULT_QUERY_LIMITS, type QueryLimits } from "./limits.js";
import { createErrorMasker } from "./mask-error.js";

/** Options of {@link createExecutionCore}. */
export interface ExecutionCoreOptions {
  /** Query limits (default {@link DEFAULT_QUERY_LIMITS}). */
  limits?: QueryLimits;
  /**
   * Records each `/graphql` operation and each refused document (`GatewayMetrics.observeRequest`). An MCP
   * request is a tool call, which the MCP server records itself.
   */
  observe?: (e: RequestObservation) => void;
  /** Receives the errors masked as "Unexpected error.", with the transport they came through. */
  onUnexpectedError?: (error: unknown, transport: "graphql" | "mcp") => void;
  /** Hooks called for every operation (tracing, tests). */
  instrumentation?: Instrumentation;
}

/** The execution core of one gateway. */
export interface ExecutionCore {
  /** Parsed, validated and compiled documents. */
  readonly documents: DocumentCache;
  /** Masks one `/graphql` error (yoga's `maskedErrors.maskError`). */
  mask(error: unknown): Error;
  /**
   * Runs `operation` in `context`: refuses a query the caller lacks the `read` scope for (FORBIDDEN), else
   * executes it inside the `around` hook. Errors in the result are masked; metrics and `onOperation` see it.
   */
  execute(
    operation: PreparedOperation,
    context: GatewayContext,
    variables: Readonly<Record<string, unknown>> | null | undefined,
    path: ExecutionPath,
  ): Promise<ExecutionResult>;
  /**
   * Sets up the subscription `operation` in `context` with `start`, the door's graphql-js subscribe (graphql-jit
   * loses literal arguments, so subscriptions are not compiled): refuses it like a query when the caller lacks
   * the `read` scope (FORBIDDEN, `start` not called), else calls `start` inside the `around` hook; `onOperation`
   * sees the setup, not each event. The door masks the events (yoga's `maskedErrors`, with {@link mask}).
   */
  subscribe<T>(
    operation: OperationDefinitionNode,
    operationName: string | null | undefined,
    context: GatewayContext,
    path: ExecutionPath,
    start: () => T | Promise<T>,
  ): Promise<T | ExecutionResult>;
  /** Records a `/graphql` document that failed to parse or validate, `durationMs` after it arrived. */
  refused(durationMs: number): void;
}

function forbidden(): GraphQLError {
  return new GraphQLError("This gateway token lacks the `read` scope.", {
    extensions: { code: "FORBIDDEN" },
  });
}

/** Whether a subscription's setup answered a result (an error) rather than a stream. */
function isResult(value: unknown): value is ExecutionResult {
  return typeof value === "object" && value !== null && !(Symbol.asyncIterator in value);
}

/** Builds the execution core over the gateway schema. */
export function createExecutionCore(options: ExecutionCoreOptions = {}): ExecutionCore {
  const { observe, instrumentation } = options;
  const around = instrumentation?.around?.bind(instrumentation);
  const onOperation = instrumentation?.onOperation?.bind(instrumentation);
  const report = options.onUnexpectedError ?? (() => {});
  const maskers = {
    graphql: createErrorMasker((error) => report(error, "graphql")),
    mcp: createErrorMasker((error) => report(error, "mcp")),
  };

  async function run(
    operation: PreparedOperation,
    context: GatewayContext,
    variables: Readonly<Record<string, unknown>> | null | undefined,
  ): Promise<ExecutionResult> {
    context.complexityPrechecked = operation.complexityChecked;
    const result = (await operation.compiled.query({}, context, variables ?? {})) as ExecutionResult;
    if (result.errors === undefined || result.errors.length === 0) return result;
    const mask = maskers[context.transport];
    return { ...result, errors: result.errors.map((e) => mask(e) as GraphQLError) };
  }

  function notify(info: OperationInfo, started: number, result: ExecutionResult): void {
    try {
      onOperation?.({ ...info, durationMs: performance.now() - started, errors: result.errors ?? [] });
    } catch (error) {
      report(error, info.transport);
    }
  }

  return {
    documents: new DocumentCache(schema, options.limits ?? DEFAULT_QUERY_LIMITS),
    mask: maskers.graphql,
    async execute(operation, context, variables, path) {
      const started = performance.now();
      const info: OperationInfo | undefined =
        around || onOperation
          ? {
              transport: context.transport,
              path,
              operationName: operation.name,
              operationType: operation.operation.operation,
              requestId: context.requestId,
              trace: context.trace,
            }
          : undefined;
      if (lacksReadScope(operation.operation, context.caller.scopes)) {
        const refusal = { errors: [forbidden()] };
        if (info) notify(info, started, refusal);
        return refusal;
      }
      const result =
        around && info
          ? await around(info, () => run(operation, context, variables))
          : await run(operation, context, variables);
      if (context.transport === "graphql") {
        observe?.({
          transport: "graphql",
          operation: operation.name,
          outcome: result.errors !== undefined && result.errors.length > 0 ? "error" : "ok",
          durationMs: performance.now() - started,
        });
      }
      if (info) notify(info, started, result);
      return result;
    },
    async subscribe(operation, operationName, context, path, start) {
      const started = performance.now();
      const info: OperationInfo | undefined =
        around || onOperation
          ? {
              transport: context.transport,
              path,
              operationName: operationName ?? operation.name?.value ?? "anonymous",
              operationType: operation.operation,
              requestId: context.requestId,
              trace: context.trace,
            }
          : undefined;
      if (lacksReadScope(operation, context.caller.scopes)) {
        const refusal = { errors: [forbidden()] };
        if (info) notify(info, started, refusal);
        return refusal;
      }
      const result = around && info ? await around(info, async () => start()) : await start();
      if (info) notify(info, started, isResult(result) ? result : {});
      return result;
    },
    refused(durationMs) {
      observe?.({ transport: "graphql", operation: "invalid", outcome: "error", durationMs });
    },
  };
}
