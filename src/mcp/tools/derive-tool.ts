/**
 * An MCP tool derived from one documented GraphQL operation (see `src/mcp/generated/tools.ts`): input schema
 * from its variables (`$input` of an input object is flattened into the tool's arguments; `$first`/`$after` of a
 * paged tool become `limit`/`cursor`), output schema from its selection (a connection becomes its nodes plus
 * `totalCount` and `nextCursor`; a result union becomes its success member, its `Error` members isError results),
 * annotations from query or mutation. Per-tool settings come from the operation's `@` lines.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import type { ToolAnnotations } from "@modelcontextprotocol/sdk/types.js";
import {
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isUnionType,
  Kind,
  type OperationDefinitionNode,
  type SelectionNode,
} from "graphql";
import { z } from "zod";
import type { OperationError } from "../execute-operation.js";
import { fromTypedError, toolErrorResult } from "../tool-errors.js";
import { withConfirmation } from "./confirm-send.js";
import type { ToolDefinition } from "./define-tool.js";
import { reshapeConnections } from "./nested-connections.js";
import {
  type Fragments,
  inputSchema,
  objectShape,
  outputSchema,
  rootField,
  selectedFields,
} from "./operation-schemas.js";

/** Per-tool settings, from the `@name value` lines of the operation's comment. */
export interface ToolSettings {
  /** Largest `limit` of a paged tool (its operation takes `$first` and `$after`). */
  pageSize?: number;
  /** A money-spending tool: never runs unconfirmed (preview + token, or the human through elicitation). */
  confirm?: boolean;
  /** An input field left out of the tool's arguments. */
  omit?: string;
  /** What the assistant can do next: a second text block of a successful result (the first stays the JSON). */
  followUp?: string;
  /** The structured content is the root field's own fields rather than `{ <root field>: ... }`. */
  unwrap?: boolean;
  /** What to tell the agent when a nullable root field is null. */
  notFound?: string;
}

/** One entry of the generated tool registry. */
export interface OperationToolSpec {
  name: string;
  title: string;
  description: string;
  settings: ToolSettings;
  // biome-ignore lint/suspicious/noExplicitAny: the registry holds documents of every operation type
  document: TypedDocumentNode<any, any>;
}

/** Page size of a paged tool when the caller gives no `limit`. */
const DEFAULT_PAGE_SIZE = 20;

type Data = Record<string, unknown>;

/** How a root field's value becomes structured content. */
interface OutputPlan {
  shape: Record<string, z.ZodType>;
  /** Structured content, or the error the agent must act on. */
  map(value: unknown, args: Data): Data | OperationError;
  /** Structured content of a send the human did not confirm (confirmed tools only). */
  declined?(reason: string): Data;
}

function operationOf(spec: OperationToolSpec): OperationDefinitionNode {
  const operation = spec.document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation || (operation.operation !== "query" && operation.operation !== "mutation")) {
    throw new Error(`Tool ${spec.name}: its document needs one query or mutation`);
  }
  return operation;
}

function rootSelection(spec: OperationToolSpec, operation: OperationDefinitionNode): FieldNode {
  const fields = operation.selectionSet.selections.filter((s): s is FieldNode => s.kind === Kind.FIELD);
  if (fields.length !== 1 || !fields[0]) throw new Error(`Tool ${spec.name}: select exactly one root field`);
  return fields[0];
}

/**
 * The argument `$variable` is passed to: one of the root field's, else one of a field selected below it (such
 * as a nested connection's `first` and `after`).
 */
function variableArgument(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variable: string,
  fragments: Fragments,
): GraphQLArgument | undefined {
  const passed = node.arguments?.find(
    (a) => a.value.kind === Kind.VARIABLE && a.value.name.value === variable,
  );
  if (passed) return field.args.find((a) => a.name === passed.name.value);
  const type = getNamedType(field.type);
  if (!node.selectionSet || !isObjectType(type)) return undefined;
  return argumentBelow(type, node.selectionSet.selections, variable, fragments);
}

function argumentBelow(
  type: GraphQLObjectType,
  selections: readonly SelectionNode[],
  variable: string,
  fragments: Fragments,
): GraphQLArgument | undefined {
  for (const selection of selections) {
    let found: GraphQLArgument | undefined;
    if (selection.kind === Kind.FIELD) {
      const child = type.getFields()[selection.name.value];
      found = child && variableArgument(child, selection, variable, fragments);
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      found = fragment && argumentBelow(type, fragment.selectionSet.selections, variable, fragments);
    }
    if (found) return found;
  }
  return undefined;
}

/** The tool's arguments and how they become the operation's variables. */
function inputPlan(
  operation: OperationDefinitionNode,
  field: GraphQLField<unknown, unknown>,
  root: FieldNode,
  settings: ToolSettings,
  fragments: Fragments,
): { shape: Record<string, z.ZodType>; variables(args: Data): Data } {
  const shape: Record<string, z.ZodType> = {};
  const steps: ((args: Data, variables: Data) => void)[] = [];
  const argumentOf = (variable: string) => variableArgument(field, root, variable, fragments);
  for (const definition of operation.variableDefinitions ?? []) {
    const name = definition.variable.name.value;
    const argument = argumentOf(name);
    if (!argument) throw new Error(`$${name} must be an argument of ${root.name.value} or a field below it`);
    if (settings.pageSize && (name === "first" || name === "after")) continue;
    const named = getNamedType(argument.type);
    if (name === "input" && isInputObjectType(named)) {
      const fields = Object.values(named.getFields()).filter((f) => f.name !== settings.omit);
      for (const f of fields) shape[f.name] = inputSchema(f.type, f.description, f.extensions);
      steps.push((args, variables) => {
        variables.input = Object.fromEntries(fields.map((f) => [f.name, args[f.name] ?? null]));
      });
    } else {
      shape[name] = inputSchema(argument.type, argument.description, argument.extensions);
      steps.push((args, variables) => {
        variables[name] = args[name] ?? null;
      });
    }
  }
  const pageSize = settings.pageSize;
  if (pageSize) {
    shape.limit = z
      .number()
      .int()
      .min(1)
      .max(pageSize)
      .optional()
      .describe(
        `How many items to return (1-${pageSize}, default ${Math.min(DEFAULT_PAGE_SIZE, pageSize)}).`,
      );
    shape.cursor = z
      .string()
      .optional()
      .describe(
        "Opaque cursor from a previous call's nextCursor, to get the next page. Omit for the first page.",
      );
    steps.push((args, variables) => {
      variables.first = args.limit ?? Math.min(DEFAULT_PAGE_SIZE, pageSize);
      variables.after = args.cursor ?? null;
    });
  }
  return {
    shape,
    variables(args) {
      const variables: Data = {};
      for (const step of steps) step(args, variables);
      return variables;
    },
  };
}

/** A connection selection (`edges { node }`, `pageInfo`) as a list of nodes with `totalCount` and `nextCursor`. */
function connectionPlan(
  key: string,
  type: GraphQLNamedType,
  root: FieldNode,
  description: string | null | undefined,
  fragments: Fragments,
): OutputPlan | null {
  if (!root.selectionSet) return null;
  const selected = selectedFields(root.selectionSet, type, fragments);
  const edges = selected.get("edges");
  const edgeType = edges && getNamedType(edges.field.type);
  const node =
    edgeType && edges.selectionSet && selectedFields(edges.selectionSet, edgeType, fragments).get("node");
  if (!node?.selectionSet) return null;
  const nodeType = getNamedType(node.field.type);
  const nodeShape = objectShape(nodeType, node.selectionSet, fragments);
  const keys = Object.keys(nodeShape);
  const single = keys.length === 1 && keys[0] ? keys[0] : null;
  const item = single
    ? (nodeShape[single] as z.ZodType)
    : z.object(nodeShape).describe(nodeType.description ?? "");
  const shape: Record<string, z.ZodType> = {
    [key]: z.array(item).describe(description ?? `The ${key} on this page.`),
  };
  if (selected.has("totalCount")) {
    shape.totalCount = z.number().int().describe("Number of items in the whole list.");
  }
  shape.nextCursor = z
    .string()
    .nullable()
    .describe("Pass as `cursor` to get the next page; null when this is the last page.");
  return {
    shape,
    map(value) {
      const connection = value as {
        edges: { node: Data }[];
        totalCount?: number;
        pageInfo: { hasNextPage: boolean; endCursor: string | null };
      };
      const items = connection.edges.map((e) => (single ? e.node[single] : e.node));
      return {
        [key]: items,
        ...(selected.has("totalCount") ? { totalCount: connection.totalCount } : {}),
        nextCursor: connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null,
      };
    },
  };
}

/** A result union: the success member's fields, or an isError result for an `Error` member. */
function unionPlan(
  type: GraphQLNamedType,
  root: FieldNode,
  fragments: Fragments,
  confirm: boolean,
): OutputPlan {
  if (!isUnionType(type) || !root.selectionSet) throw new Error(`${type.name} is not a result union`);
  const success = type.getTypes().find((t) => !t.getInterfaces().some((i) => i.name === "Error"));
  if (!success) throw new Error(`${type.name} has no success member`);
  const fields = objectShape(success, root.selectionSet, fragments);
  const shape = confirm
    ? {
        sent: z.boolean().describe("True when QuickCom accepted the send; false when the user declined it."),
        ...Object.fromEntries(Object.entries(fields).map(([k, s]) => [k, s.nullable()])),
        reason: z
          .string()
          .nullable()
          .describe("Why nothing was sent (the user declined or cancelled); null when sent."),
      }
    : fields;
  return {
    shape,
    map(value) {
      const result = value as { __typename: string; code: string; message: string } & Data;
      if (result.__typename !== success.name) return fromTypedError(result);
      const data = Object.fromEntries(Object.keys(fields).map((k) => [k, result[k]]));
      return confirm ? { sent: true, ...data, reason: null } : data;
    },
    declined: (reason) => ({
      sent: false,
      ...Object.fromEntries(Object.keys(fields).map((k) => [k, null])),
      reason,
    }),
  };
}

function outputPlan(
  spec: OperationToolSpec,
  field: GraphQLField<unknown, unknown>,
  root: FieldNode,
  fragments: Fragments,
): OutputPlan {
  const key = root.alias?.value ?? root.name.value;
  const type = getNamedType(field.type);
  if (isUnionType(type)) return unionPlan(type, root, fragments, Boolean(spec.settings.confirm));
  const connection = connectionPlan(key, type, root, field.description, fragments);
  if (connection) return connection;
  if (!root.selectionSet) throw new Error(`Tool ${spec.name}: select the fields of ${key}`);
  const fields = objectShape(type, root.selectionSet, fragments);
  const { unwrap, notFound } = spec.settings;
  const whole = isListType(getNullableType(field.type))
    ? outputSchema(
        getNullableType(field.type) as GraphQLOutputType,
        root.selectionSet,
        field.description,
        fragments,
      )
    : z.object(fields).describe(field.description ?? "");
  const shape = unwrap ? fields : { [key]: whole };
  const nullable = !isNonNullType(field.type);
  return {
    shape,
    map(value, args) {
      if (value === null && nullable) {
        const message =
          notFound ??
          `No ${key} matches ${JSON.stringify(args)}; check the identifier with the matching list_ tool.`;
        return { code: "NOT_FOUND", message, details: {} };
      }
      const reshaped = reshapeConnections(field.type, root.selectionSet, fragments, value);
      return unwrap ? (reshaped as Data) : { [key]: reshaped };
    },
  };
}

function isOperationError(value: unknown): value is OperationError {
  return typeof value === "object" && value !== null && "code" in value && "details" in value;
}

/** Annotations of read-only tools and of money-spending ones. */
const ANNOTATIONS: Record<"query" | "mutation", ToolAnnotations> = {
  query: { readOnlyHint: true, openWorldHint: true },
  mutation: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
};

/** Builds the MCP tool of one registry entry against `schema`. */
export function deriveTool(schema: GraphQLSchema, spec: OperationToolSpec): ToolDefinition {
  const operation = operationOf(spec);
  const root = rootSelection(spec, operation);
  const kind = operation.operation as "query" | "mutation";
  const field = rootField(schema, kind, root.name.value);
  const fragments: Fragments = new Map(
    spec.document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const input = inputPlan(operation, field, root, spec.settings, fragments);
  const output = outputPlan(spec, field, root, fragments);
  const key = root.alias?.value ?? root.name.value;
  const run: ToolDefinition["handler"] = async (args, runtime) => {
    const outcome = await runtime.run(spec.document, input.variables(args));
    if (!outcome.ok) return toolErrorResult(outcome.errors);
    const structured = output.map((outcome.data as Data)[key], args);
    if (isOperationError(structured)) return toolErrorResult([structured]);
    const text = JSON.stringify(structured);
    const followUp = spec.settings.followUp;
    return {
      structuredContent: structured,
      content: [
        { type: "text", text },
        ...(followUp ? [{ type: "text" as const, text: `Next: ${followUp}` }] : []),
      ],
    };
  };
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    inputSchema: input.shape,
    outputSchema: output.shape,
    annotations: ANNOTATIONS[kind],
    handler: spec.settings.confirm && output.declined ? withConfirmation(run, output.declined) : run,
  };
}
