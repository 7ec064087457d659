/**
 * Yoga plugins that enforce the gateway's rules on every request: no empty batch, the `read` scope for
 * queries, and per-operation metrics.
 */
import { GraphQLError, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { GatewayContext } from "../gateway/context.js";
import { lacksReadScope } from "../gateway/scopes.js";

/**
 * An empty batch (`[]`) holds nothing to run and is answered 400 `BAD_REQUEST` before anything executes, as yoga
 * answers a batch over its limit (yoga alone answers it 200 `[]`). The lean path replays `[]` into yoga.
 */
export function useRefuseEmptyBatch(): Plugin {
  return {
    onRequestParse() {
      return {
        onRequestParseDone({ requestParserResult }) {
          if (Array.isArray(requestParserResult) && requestParserResult.length === 0) {
            throw new GraphQLError("A batch must hold at least one operation.", {
              extensions: { code: "BAD_REQUEST", http: { status: 400 } },
            });
          }
        },
      };
    },
  };
}

/**
 * Queries need the `read` scope, except introspection and `sendAudit` (an `audit`-only token reads the trail);
 * sendMessage checks `send` itself and answers typed.
 */
export function useReadScope(): Plugin {
  return {
    onExecute({ args, setResultAndStopExecution }) {
      const operation = args.document.definitions.find(
        (d: { kind: string; name?: { value: string } }): d is OperationDefinitionNode =>
          d.kind === "OperationDefinition" && (!args.operationName || d.name?.value === args.operationName),
      );
      const ctx = args.contextValue as unknown as GatewayContext;
      if (operation && lacksReadScope(operation, ctx.caller.scopes)) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError("This gateway token lacks the `read` scope.", {
              extensions: { code: "FORBIDDEN" },
            }),
          ],
        });
      }
    },
  };
}

/** Something that records one finished operation (GatewayMetrics.observeRequest). */
export type ObserveRequest = (e: {
  transport: "graphql" | "mcp";
  operation: string;
  outcome: "ok" | "error";
  durationMs: number;
}) => void;

/** Counts and times every executed operation by name and outcome. */
export function useRequestMetrics(observe: ObserveRequest): Plugin {
  const refused = (started: number) =>
    observe({
      transport: "graphql",
      operation: "invalid",
      outcome: "error",
      durationMs: performance.now() - started,
    });
  return {
    onParse() {
      const started = performance.now();
      return ({ result }) => {
        if (result instanceof Error) refused(started);
      };
    },
    onValidate() {
      const started = performance.now();
      return ({ valid }) => {
        if (!valid) refused(started);
      };
    },
    onExecute({ args }) {
      const started = performance.now();
      const operation =
        args.operationName ??
        args.document.definitions.find(
          (d: { kind: string }): d is OperationDefinitionNode => d.kind === "OperationDefinition",
        )?.name?.value ??
        "anonymous";
      return {
        onExecuteDone({ result }) {
          const failed = "errors" in result && Array.isArray(result.errors) && result.errors.length > 0;
          observe({
            transport: "graphql",
            operation,
            outcome: failed ? "error" : "ok",
            durationMs: performance.now() - started,
          });
        },
      };
    },
  };
}
