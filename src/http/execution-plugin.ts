/**
 * The yoga plugin that hands every yoga-served operation (GET, batches, SSE, anything the lean path replays)
 * to the execution core: documents come from its cache, validation uses its rules, and execution (scope rule,
 * JIT, masking, metrics, instrumentation) is its `execute`. A subscription is set up through its `subscribe`
 * (scope rule, instrumentation) with yoga's own graphql-js subscribe, since graphql-jit loses literal
 * arguments. Yoga keeps the HTTP side.
 */
import { type ExecutionArgs, type ExecutionResult, getOperationAST } from "graphql";
import type { Plugin } from "graphql-yoga";
import type { ExecutionCore } from "../execution/core.js";
import { isPrepared } from "../execution/documents.js";
import type { GatewayContext } from "../gateway/context.js";

/** Parse, validate and execute through `core`. */
export function useExecutionCore(core: ExecutionCore): Plugin {
  const { documents } = core;
  const execute = (args: ExecutionArgs): ExecutionResult | Promise<ExecutionResult> => {
    const operation = documents.operation(args.document, args.operationName);
    if (!isPrepared(operation)) return operation;
    return core.execute(operation, args.contextValue as GatewayContext, args.variableValues, "yoga");
  };
  return {
    onParse({ setParseFn }) {
      const started = performance.now();
      setParseFn((source) => documents.parse(typeof source === "string" ? source : source.body));
      return ({ result }) => {
        if (result instanceof Error) core.refused(performance.now() - started);
      };
    },
    onValidate({ params, setResult }) {
      const started = performance.now();
      const errors = documents.validate(params.documentAST);
      setResult(errors);
      if (errors.length > 0) core.refused(performance.now() - started);
    },
    onExecute({ setExecuteFn }) {
      setExecuteFn(execute as Parameters<typeof setExecuteFn>[0]);
    },
    onSubscribe({ subscribeFn, setSubscribeFn }) {
      setSubscribeFn((args) => {
        const operation = getOperationAST(args.document, args.operationName);
        if (!operation) return subscribeFn(args);
        return core.subscribe(
          operation,
          args.operationName,
          args.contextValue as GatewayContext,
          "yoga",
          () => subscribeFn(args),
        );
      });
    },
  };
}
