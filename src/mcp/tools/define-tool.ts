/**
 * The shape of an MCP tool: name, title, LLM-oriented description, zod input and output schemas,
 * annotations and a handler that runs GraphQL operations through a {@link ToolRuntime}. `queryTool` builds the
 * common case (one read-only operation) so that the operation's generated types, the zod schemas and the
 * mapping between them must agree at compile time.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { OperationError, OperationRunner } from "../execute-operation.js";
import { toolErrorResult } from "../tool-errors.js";

/** Arguments a tool handler receives for input shape `In`. */
export type ArgsOf<In extends z.ZodRawShape> = z.output<z.ZodObject<In>>;

/** Structured content a tool returns for output shape `Out`. */
export type OutputOf<Out extends z.ZodRawShape> = z.input<z.ZodObject<Out>>;

/** The human's answer to a confirmation request. */
export type ConfirmationAnswer = "accept" | "decline" | "cancel";

/** What a tool handler can do during one call. */
export interface ToolRuntime {
  /** Runs an operation in a fresh gateway context of this call (caller, credentials, transport "mcp"). */
  run: OperationRunner;
  /** Whether the client can show a form to the human (MCP elicitation). */
  canElicit: boolean;
  /** Whether sends need the human's confirmation (MCP_SEND_CONFIRMATION, on by default). */
  confirmationRequired: boolean;
  /** Asks the human to confirm `message` (only when {@link canElicit}). */
  confirm(message: string): Promise<ConfirmationAnswer>;
}

/** One MCP tool. */
export interface ToolDefinition<
  In extends z.ZodRawShape = z.ZodRawShape,
  Out extends z.ZodRawShape = z.ZodRawShape,
> {
  /** snake_case tool name. */
  name: string;
  /** Short human title. */
  title: string;
  /** What the tool does, when to use it and what comes next, written for a language model. */
  description: string;
  /** zod shape of the arguments; every field has `.describe()`. */
  inputSchema: In;
  /** zod shape of `structuredContent`. */
  outputSchema: Out;
  /** MCP behaviour hints. */
  annotations: ToolAnnotations;
  /** Runs the tool. Returns `structuredContent` matching {@link outputSchema}, or an `isError` result. */
  handler(args: ArgsOf<In>, runtime: ToolRuntime): Promise<CallToolResult>;
}

/** Annotations of every read-only tool. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: true };

/** A successful result: `structuredContent` plus its short text rendering. */
export function toolSuccess<Out extends z.ZodRawShape>(
  _schema: Out,
  structured: OutputOf<Out>,
  text: string,
): CallToolResult {
  return { structuredContent: structured as Record<string, unknown>, content: [{ type: "text", text }] };
}

/** Specification of a tool backed by one read-only GraphQL operation. */
export interface QueryToolSpec<
  In extends z.ZodRawShape,
  Out extends z.ZodRawShape,
  TData,
  TVariables extends Record<string, unknown>,
> {
  name: string;
  title: string;
  description: string;
  inputSchema: In;
  outputSchema: Out;
  /** The generated operation document. */
  document: TypedDocumentNode<TData, TVariables>;
  /** Tool arguments to operation variables. */
  variables(args: ArgsOf<In>): TVariables;
  /** Operation data to structured content, or an error the agent must act on (e.g. not found). */
  output(data: TData, args: ArgsOf<In>): OutputOf<Out> | OperationError;
  /** A few lines of text for clients that show text only. */
  text(output: OutputOf<Out>): string;
}

function isOperationError(value: unknown): value is OperationError {
  return typeof value === "object" && value !== null && "code" in value && "details" in value;
}

/** Builds a read-only tool from one operation. */
export function queryTool<
  In extends z.ZodRawShape,
  Out extends z.ZodRawShape,
  TData,
  TVariables extends Record<string, unknown>,
>(spec: QueryToolSpec<In, Out, TData, TVariables>): ToolDefinition<In, Out> {
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: spec.inputSchema,
    outputSchema: spec.outputSchema,
    annotations: READ_ONLY,
    async handler(args, runtime) {
      const outcome = await runtime.run(spec.document, spec.variables(args));
      if (!outcome.ok) return toolErrorResult(outcome.errors);
      const output = spec.output(outcome.data, args);
      if (isOperationError(output)) return toolErrorResult([output]);
      return toolSuccess(spec.outputSchema, output, spec.text(output));
    },
  };
}
