/**
 * The shape of an MCP tool: name, title, LLM-oriented description, zod input and output schemas, annotations
 * and a handler that runs GraphQL operations through a {@link ToolRuntime}. Tools are derived from their
 * operations (`derive-tool.ts`).
 */
import type { CallToolResult, ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import type { OperationRunner } from "../execute-operation.js";

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
  handler(args: z.output<z.ZodObject<In>>, runtime: ToolRuntime): Promise<CallToolResult>;
}
