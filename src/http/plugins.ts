/**
 * Yoga plugins for the HTTP side of `/graphql` that the execution core does not see: no empty batch, and
 * subscriptions over SSE only. The `read` scope, limits and metrics are the core's (`useExecutionCore`).
 */
import { GraphQLError } from "graphql";
import type { Plugin } from "graphql-yoga";

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
 * A subscription is answered over SSE only: with any other `Accept` it is refused (406 `NOT_ACCEPTABLE`) before
 * it subscribes, so no poller starts for an answer that cannot stream. Installed before the core's plugin, so
 * this refusal comes first.
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
