/**
 * zod schemas derived from a GraphQL operation and the schema: a tool's input from the operation's variables
 * (an input field or argument that carries a contract uses that same zod schema, so MCP and GraphQL validate
 * alike), its output from the operation's selection, with the schema's descriptions.
 */
import {
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type SelectionSetNode,
} from "graphql";
import { z } from "zod";
import { contractOf } from "../../gateway/input-contract.js";
import { connectionSelection, nestedConnectionSchema } from "./nested-connections.js";

/** The zod schema of a scalar or enum type. */
function leafSchema(type: GraphQLNamedType): z.ZodType {
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name) as [string, ...string[]];
    return z.enum(values);
  }
  if (isScalarType(type)) {
    if (type.name === "Int") return z.number().int();
    if (type.name === "Float") return z.number();
    if (type.name === "Boolean") return z.boolean();
    return z.string();
  }
  throw new Error(`${type.name} is not a leaf type`);
}

function describe(schema: z.ZodType, description: string | null | undefined): z.ZodType {
  return description ? schema.describe(description) : schema;
}

/** The zod schema of a GraphQL input value, required unless nullable (then optional). */
export function inputSchema(
  type: GraphQLInputType,
  description: string | null | undefined,
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): z.ZodType {
  const required = isNonNullType(type);
  const inner = getNullableType(type) as GraphQLInputType;
  let schema: z.ZodType;
  const contract = contractOf(extensions);
  if (contract) schema = contract;
  else if (isListType(inner)) schema = z.array(inputSchema(inner.ofType, null, null));
  else if (isInputObjectType(inner)) schema = z.object(inputObjectShape(inner));
  else schema = leafSchema(inner);
  schema = describe(schema, description ?? getNamedType(inner).description);
  return required ? schema : schema.optional();
}

/** The zod shape of an input object's fields. */
export function inputObjectShape(type: GraphQLNamedType): Record<string, z.ZodType> {
  if (!isInputObjectType(type)) throw new Error(`${type.name} is not an input object`);
  return Object.fromEntries(
    Object.values(type.getFields()).map((f) => [f.name, inputSchema(f.type, f.description, f.extensions)]),
  );
}

/** Fragments of a document by name. */
export type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

/**
 * The fields a selection set selects on `type`, by response key (alias or name): fragments whose type condition
 * is `type` (or an interface it implements) are merged in; `__typename` is left out.
 */
export function selectedFields(
  selectionSet: SelectionSetNode,
  type: GraphQLNamedType,
  fragments: Fragments,
): Map<string, { field: GraphQLField<unknown, unknown>; selectionSet: SelectionSetNode | undefined }> {
  const out = new Map<
    string,
    { field: GraphQLField<unknown, unknown>; selectionSet: SelectionSetNode | undefined }
  >();
  if (!isObjectType(type)) return out;
  const applies = (condition: string | undefined) =>
    !condition || condition === type.name || type.getInterfaces().some((i) => i.name === condition);
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === "__typename") continue;
      const field = type.getFields()[selection.name.value];
      if (!field) throw new Error(`${type.name} has no field ${selection.name.value}`);
      out.set(selection.alias?.value ?? selection.name.value, {
        field,
        selectionSet: selection.selectionSet,
      });
    } else {
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
      if (fragment && applies(fragment.typeCondition?.name.value)) {
        for (const [key, value] of selectedFields(fragment.selectionSet, type, fragments))
          out.set(key, value);
      }
    }
  }
  return out;
}

/** The zod schema of the value a selection of `type` produces. */
export function outputSchema(
  type: GraphQLOutputType,
  selectionSet: SelectionSetNode | undefined,
  description: string | null | undefined,
  fragments: Fragments,
): z.ZodType {
  const nullable = !isNonNullType(type);
  const inner = getNullableType(type) as GraphQLOutputType;
  let schema: z.ZodType;
  if (isListType(inner)) schema = z.array(outputSchema(inner.ofType, selectionSet, null, fragments));
  else if (selectionSet) {
    const named = getNamedType(inner);
    const connection = connectionSelection(named, selectionSet, fragments);
    schema = connection
      ? nestedConnectionSchema(
          connection,
          objectShape(connection.nodeType, connection.nodeSelection, fragments),
        )
      : z.object(objectShape(named, selectionSet, fragments));
  } else schema = leafSchema(getNamedType(inner));
  schema = describe(schema, description ?? getNamedType(inner).description);
  return nullable ? schema.nullable() : schema;
}

/** The zod shape of an object selection. */
export function objectShape(
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  fragments: Fragments,
): Record<string, z.ZodType> {
  return Object.fromEntries(
    [...selectedFields(selectionSet, type, fragments)].map(([key, { field, selectionSet: sub }]) => [
      key,
      outputSchema(field.type, sub, field.description, fragments),
    ]),
  );
}

/** The schema's field of a root operation type. */
export function rootField(schema: GraphQLSchema, operation: "query" | "mutation", name: string) {
  const root = operation === "query" ? schema.getQueryType() : schema.getMutationType();
  const field = root?.getFields()[name];
  if (!field) throw new Error(`The schema has no ${operation} field ${name}`);
  return field;
}
