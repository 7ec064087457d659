/**
 * Yoga plugins that enforce the gateway's rules on every request: no empty batch, the `read` scope for
 * queries and subscriptions, subscriptions over SSE only, and per-operation metrics.
 */
import {
  type DocumentNode,
  type ExecutionResult,
  GraphQLError,
  getOperationAST,
  type OperationDefinitionNode,
} from "graphql";
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
  const check = ({
    args,
    setResultAndStopExecution,
  }: {
    args: { document: DocumentNode; operationName?: string | null; contextValue: unknown };
    setResultAndStopExecution: (result: ExecutionResult) => void;
  }) => {
    const operation = getOperationAST(args.document, args.operationName);
    const ctx = args.contextValue as GatewayContext;
    if (operation && lacksReadScope(operation, ctx.caller.scopes)) {
      setResultAndStopExecution({
        errors: [
          new GraphQLError("This gateway token lacks the `read` scope.", {
            extensions: { code: "FORBIDDEN" },
          }),
        ],
      });
    }
  };
  return { onExecute: check, onSubscribe: check };
}

/**
 * A subscription is answered over SSE only: with any other `Accept` it is refused (406 `NOT_ACCEPTABLE`) before
 * it subscribes, so no poller starts for an answer that cannot stream.
 */
export function useSubscriptionsOverSse(): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const request = (args.contextValue as { request?: Request }).request;
      if (request && !/text\/event-stream/i.test(request.headers.get("accept") ?? "")) {
        setResultAndStopExecution({
          errors: [
            new GraphQLError("Subscriptions are served over SSE: send Accept: text/event-stream.", {
              extensions: { code: "NOT_ACCEPTABLE", http: { status: 406 } },
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
