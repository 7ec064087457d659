/**
 * Yoga plugins that enforce the gateway's rules on every operation: the `read` scope for queries, and
 * production mode without introspection.
 */
import { GraphQLError, type OperationDefinitionNode } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { GatewayContext } from "../gateway/context.js";

/** Root fields that need no `read` scope: introspection, and `sendAudit`, which checks `audit` itself. */
const NO_READ_NEEDED = new Set(["__schema", "__type", "__typename", "sendAudit"]);

/** True when no root field of the operation needs the `read` scope. */
export function needsNoRead(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.every(
    (s) => s.kind === "Field" && NO_READ_NEEDED.has(s.name.value),
  );
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
      if (operation?.operation !== "query" || needsNoRead(operation)) return;
      const ctx = args.contextValue as unknown as GatewayContext;
      if (!ctx.caller.scopes.has("read")) {
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
  return {
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
