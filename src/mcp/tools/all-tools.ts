/**
 * Every MCP tool of the gateway: one per documented operation of the generated registry, derived against the
 * gateway schema. Names for the instructions, scripts and tests come from here.
 */
import { schema } from "../../schema/index.js";
import { OPERATION_TOOLS } from "../generated/tools.js";
import type { ToolDefinition } from "./define-tool.js";
import { deriveTool } from "./derive-tool.js";

/** The tools, sorted by name. */
export const ALL_TOOLS: readonly ToolDefinition[] = OPERATION_TOOLS.map((spec) => deriveTool(schema, spec));

/** Names of the read-only tools and of the money-spending ones. */
export const TOOL_NAMES = {
  readOnly: ALL_TOOLS.filter((t) => t.annotations.readOnlyHint).map((t) => t.name),
  spending: ALL_TOOLS.filter((t) => !t.annotations.readOnlyHint).map((t) => t.name),
};
