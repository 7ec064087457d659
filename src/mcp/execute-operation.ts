/**
 * Runs one generated operation document in-process against the gateway schema, exactly as `/graphql` would
 * (same schema, same per-request context, same error masking), and returns its data or its coded errors.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import {
  type DocumentNode,
  type ExecutionResult,
  type GraphQLError,
  type OperationDefinitionNode,
  validate,
} from "graphql";
import { type CompiledQuery, compileQuery, isCompiledQuery } from "graphql-jit";
import type { GatewayContext } from "../gateway/context.js";
import { lacksReadScope } from "../gateway/scopes.js";
import { createErrorMasker } from "../http/mask-error.js";
import { schema } from "../schema/index.js";

/** One error of an operation, as an agent sees it. */
export interface OperationError {
  /** Stable code (`extensions.code` or the typed error's `code`). */
  code: string;
  /** Safe, human-readable message. */
  message: string;
  /** Extra facts worth showing (field errors, invalid numbers, retry-after...). */
  details: Record<string, unknown>;
}

/** The outcome of {@link executeOperation}. */
export type OperationOutcome<TData> = { ok: true; data: TData } | { ok: false; errors: OperationError[] };

/** What one run may add to its gateway context. */
export interface RunOptions {
  /** Asks the human to confirm a send this run prices (MCP elicitation). */
  askHuman?: GatewayContext["askHuman"];
}

/** Runs an operation in a fresh gateway context. */
export type OperationRunner = <TData, TVariables extends Record<string, unknown>>(
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  options?: RunOptions,
) => Promise<OperationOutcome<TData>>;

const compiled = new WeakMap<DocumentNode, CompiledQuery>();

/** Validates and JIT-compiles an operation document once (the documents are fixed, generated ones). */
function compiledOf(document: DocumentNode): CompiledQuery {
  let query = compiled.get(document);
  if (!query) {
    const problems = validate(schema, document);
    if (problems.length > 0)
      throw new Error(`Invalid MCP operation: ${problems.map((p) => p.message).join("; ")}`);
    const result = compileQuery(schema, document, undefined, { customJSONSerializer: false });
    if (!isCompiledQuery(result)) throw new Error("The MCP operation could not be compiled.");
    query = result;
    compiled.set(document, query);
  }
  return query;
}

function operationOf(document: DocumentNode): OperationDefinitionNode {
  const operation = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === "OperationDefinition",
  );
  if (!operation) throw new Error("The document holds no operation.");
  return operation;
}

function toOperationError(error: GraphQLError): OperationError {
  const { code, ...details } = error.extensions ?? {};
  return { code: typeof code === "string" ? code : "INTERNAL_SERVER_ERROR", message: error.message, details };
}

/**
 * Executes `document` with `variables` in `ctx`. Queries need the caller's `read` scope, as on `/graphql`;
 * `sendMessage` checks `send` itself. Every error is masked: no stack trace, no secret.
 */
export async function executeOperation<TData, TVariables extends Record<string, unknown>>(
  ctx: GatewayContext,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
  onUnexpectedError: (error: unknown) => void = () => {},
): Promise<OperationOutcome<TData>> {
  const query = compiledOf(document);
  if (lacksReadScope(operationOf(document), ctx.caller.scopes)) {
    return {
      ok: false,
      errors: [{ code: "FORBIDDEN", message: "This gateway token lacks the `read` scope.", details: {} }],
    };
  }
  const result = (await query.query({}, ctx, variables)) as ExecutionResult;
  if (result.errors && result.errors.length > 0) {
    const mask = createErrorMasker(onUnexpectedError);
    return { ok: false, errors: result.errors.map((e) => toOperationError(mask(e) as GraphQLError)) };
  }
  return { ok: true, data: result.data as TData };
}
