/**
 * Runs one generated operation document in-process through the execution core, exactly as `/graphql` would
 * (same schema, same per-request context, same scope rule and error masking), and returns its data or its
 * coded errors.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { GraphQLError } from "graphql";
import type { ExecutionCore } from "../execution/core.js";
import type { GatewayContext } from "../gateway/context.js";

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

function toOperationError(error: GraphQLError): OperationError {
  const { code, ...details } = error.extensions ?? {};
  return { code: typeof code === "string" ? code : "INTERNAL_SERVER_ERROR", message: error.message, details };
}

/**
 * Executes `document` with `variables` in `ctx` through `core`. Queries need the caller's `read` scope, as on
 * `/graphql`; `sendMessage` checks `send` itself. Every error is masked: no stack trace, no secret.
 */
export async function executeOperation<TData, TVariables extends Record<string, unknown>>(
  core: ExecutionCore,
  ctx: GatewayContext,
  document: TypedDocumentNode<TData, TVariables>,
  variables: TVariables,
): Promise<OperationOutcome<TData>> {
  const result = await core.execute(core.documents.prepareFixed(document), ctx, variables, "mcp");
  if (result.errors && result.errors.length > 0) {
    return { ok: false, errors: result.errors.map(toOperationError) };
  }
  return { ok: true, data: result.data as TData };
}
