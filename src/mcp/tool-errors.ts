/**
 * Turns operation errors (GraphQL `extensions.code` or a typed `Error` union member) into `isError` tool
 * results whose text tells the agent what went wrong and what to do next (the error catalogue's next step).
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { errorRow } from "../gateway/error-catalogue.js";
import type { OperationError } from "./execute-operation.js";

/** What an agent should do after an error with this code. */
export function nextStepFor(code: string): string {
  return errorRow(code)?.nextStep ?? "Check the message above, fix the input and try again.";
}

/** One error as a short paragraph: code, message, details, next step. */
export function describeOperationError(error: OperationError): string {
  const { type, ...rest } = error.details;
  const details = Object.keys(rest).length > 0 ? `\nDetails: ${JSON.stringify(rest)}` : "";
  const kind = typeof type === "string" ? ` (${type})` : "";
  return `Error ${error.code}${kind}: ${error.message}${details}\nWhat to do: ${nextStepFor(error.code)}`;
}

/**
 * An `isError` tool result listing every error: as text for the model, and structured in `_meta.errors`
 * (`code`, `message`, the GraphQL `type` of a typed failure and its other fields) for programs.
 */
export function toolErrorResult(errors: readonly OperationError[]): CallToolResult {
  return {
    isError: true,
    content: [{ type: "text", text: errors.map(describeOperationError).join("\n\n") }],
    _meta: { errors: errors.map((e) => ({ code: e.code, message: e.message, ...e.details })) },
  };
}

/** A typed union failure (`__typename`, `code`, `message` and its own fields) as an {@link OperationError}. */
export function fromTypedError(failure: {
  __typename: string;
  code: string;
  message: string;
}): OperationError {
  const { __typename, code, message, ...details } = failure;
  return { code, message, details: { type: __typename, ...details } };
}
