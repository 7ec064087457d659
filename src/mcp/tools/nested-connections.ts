/**
 * Connections below a tool's root field (a campaign's report's recipients): in the output schema and the
 * structured content a selected connection (`edges { node }`, `totalCount`, `pageInfo`) becomes
 * `{ nodes, totalCount, nextCursor }`, as a root connection becomes its nodes with `totalCount` and `nextCursor`.
 */
import {
  type GraphQLNamedType,
  type GraphQLOutputType,
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  type SelectionSetNode,
} from "graphql";
import { z } from "zod";
import type { Fragments } from "./operation-schemas.js";
import { selectedFields } from "./operation-schemas.js";

/** What a connection selection selects. */
export interface ConnectionSelection {
  nodeType: GraphQLNamedType;
  nodeSelection: SelectionSetNode;
  totalCount: boolean;
}

/** The node type and selection when `selectionSet` selects `edges { node { ... } }` on `type`, else null. */
export function connectionSelection(
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  fragments: Fragments,
): ConnectionSelection | null {
  const selected = selectedFields(selectionSet, type, fragments);
  const edges = selected.get("edges");
  if (!edges?.selectionSet) return null;
  const node = selectedFields(edges.selectionSet, getNamedType(edges.field.type), fragments).get("node");
  if (!node?.selectionSet) return null;
  return {
    nodeType: getNamedType(node.field.type),
    nodeSelection: node.selectionSet,
    totalCount: selected.has("totalCount"),
  };
}

/** The zod schema of a nested connection with the shape of its nodes. */
export function nestedConnectionSchema(
  connection: ConnectionSelection,
  nodeShape: Record<string, z.ZodType>,
): z.ZodType {
  return z.object({
    nodes: z
      .array(z.object(nodeShape).describe(connection.nodeType.description ?? ""))
      .describe("The items on this page."),
    ...(connection.totalCount
      ? { totalCount: z.number().int().describe("Number of items in the whole list.") }
      : {}),
    nextCursor: z
      .string()
      .nullable()
      .describe("Pass as `cursor` to get the next page; null when this is the last page."),
  });
}

type Data = Record<string, unknown>;

/** `value` (a GraphQL result of `selectionSet` on `type`) with every nested connection reshaped. */
export function reshapeConnections(
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  fragments: Fragments,
  value: unknown,
): unknown {
  if (value === null || value === undefined || !selectionSet) return value;
  const inner = getNullableType(type) as GraphQLOutputType;
  if (isListType(inner)) {
    return (value as unknown[]).map((item) =>
      reshapeConnections(inner.ofType, selectionSet, fragments, item),
    );
  }
  const named = getNamedType(inner);
  if (!isObjectType(named)) return value;
  const data = value as Data;
  const connection = connectionSelection(named, selectionSet, fragments);
  if (connection) {
    const page = data as { edges: { node: unknown }[]; totalCount?: number; pageInfo?: Data };
    return {
      nodes: page.edges.map((e) =>
        reshapeConnections(
          connection.nodeType as GraphQLOutputType,
          connection.nodeSelection,
          fragments,
          e.node,
        ),
      ),
      ...(connection.totalCount ? { totalCount: page.totalCount } : {}),
      nextCursor: page.pageInfo?.hasNextPage ? (page.pageInfo.endCursor ?? null) : null,
    };
  }
  const out: Data = { ...data };
  for (const [key, { field, selectionSet: sub }] of selectedFields(selectionSet, named, fragments)) {
    out[key] = reshapeConnections(field.type, sub, fragments, data[key]);
  }
  return out;
}
