/**
 * Query limits enforced before anything executes, each failing with a clear GraphQL error and a stable code:
 * document size (tokens), depth, aliases, one send (any root mutation field: every mutation spends credits) per
 * operation, and introspection in production.
 * Cost and breadth are limited during planning by the Pothos complexity plugin (see `src/schema/limits.ts`).
 */
import {
  type ASTVisitor,
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  NoSchemaIntrospectionCustomRule,
  parse,
  type SelectionSetNode,
  specifiedRules,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** Limits every operation is checked against before it runs. */
export interface QueryLimits {
  /** Most lexical tokens in one document. */
  maxTokens: number;
  /** Deepest field nesting (fragments expanded). */
  maxDepth: number;
  /** Most aliased fields in one document. */
  maxAliases: number;
  /** Whether `__schema` / `__type` may be queried. */
  introspection: boolean;
}

/** Defaults used by the gateway. */
export const DEFAULT_QUERY_LIMITS: QueryLimits = {
  maxTokens: 4_000,
  maxDepth: 12,
  maxAliases: 30,
  introspection: true,
};

function coded(message: string, code: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/**
 * Introspection has its own switch (and graphql-js's MaxIntrospectionDepthRule), and GraphiQL's introspection
 * query nests `ofType` deeper than any data query needs, so these fields count as depth 1.
 */
const INTROSPECTION_ROOTS = new Set(["__schema", "__type"]);

function depthOf(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
  limit: number,
): number {
  let deepest = 0;
  for (const selection of set.selections) {
    let depth = 0;
    if (selection.kind === Kind.FIELD) {
      depth =
        selection.selectionSet && !INTROSPECTION_ROOTS.has(selection.name.value)
          ? 1 + depthOf(selection.selectionSet, fragments, seen, limit)
          : 1;
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      depth = depthOf(selection.selectionSet, fragments, seen, limit);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(fragment.name.value)) {
        depth = depthOf(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]), limit);
      }
    }
    deepest = Math.max(deepest, depth);
    if (deepest > limit) return deepest;
  }
  return deepest;
}

function countFields(
  set: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen: Set<string>,
  test: (name: string, alias: string | undefined) => boolean,
): number {
  let count = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.FIELD) {
      if (test(selection.name.value, selection.alias?.value)) count++;
      if (selection.selectionSet) count += countFields(selection.selectionSet, fragments, seen, test);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      count += countFields(selection.selectionSet, fragments, seen, test);
    } else {
      const fragment = fragments.get(selection.name.value);
      if (fragment && !seen.has(fragment.name.value)) {
        count += countFields(fragment.selectionSet, fragments, new Set([...seen, fragment.name.value]), test);
      }
    }
  }
  return count;
}

/**
 * Validation rule: no subscriptions unless the schema has them (graphql-jit fails such a document with a plain
 * error), depth, aliases and one send per operation.
 */
export function limitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => {
    const document = context.getDocument();
    const fragments = new Map(
      document.definitions
        .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        if (operation.operation === "subscription" && !context.getSchema().getSubscriptionType()) {
          context.reportError(
            coded("This API has no subscriptions; use a query or a mutation.", "GRAPHQL_VALIDATION_FAILED"),
          );
          return;
        }
        const depth = depthOf(operation.selectionSet, fragments, new Set(), limits.maxDepth);
        if (depth > limits.maxDepth) {
          context.reportError(
            coded(
              `Query is too deep: depth ${depth} exceeds the limit of ${limits.maxDepth}.`,
              "QUERY_TOO_DEEP",
            ),
          );
        }
        const aliases = countFields(
          operation.selectionSet,
          fragments,
          new Set(),
          (_n, alias) => alias !== undefined,
        );
        if (aliases > limits.maxAliases) {
          context.reportError(
            coded(`Query uses ${aliases} aliases; the limit is ${limits.maxAliases}.`, "TOO_MANY_ALIASES"),
          );
        }
        const mutationFields = context.getSchema().getMutationType()?.getFields() ?? {};
        if (operation.operation === "mutation") {
          const sends: string[] = [];
          countFields(operation.selectionSet, fragments, new Set(), (name) => {
            if (Object.hasOwn(mutationFields, name)) sends.push(name);
            return false;
          });
          if (sends.length > 1) {
            context.reportError(
              coded(
                `An operation may send at most one message; this one has ${sends.length} sends (${sends.join(", ")}).`,
                "ONE_SEND_PER_OPERATION",
              ),
            );
          }
        }
      },
    };
  };
}

/**
 * Parses `source` within the token limit: a longer document fails with QUERY_TOO_COMPLEX, a malformed one with
 * graphql-js's syntax error.
 */
export function parseWithinLimits(source: string, limits: QueryLimits): DocumentNode {
  try {
    return parse(source, { maxTokens: limits.maxTokens });
  } catch (error) {
    if (error instanceof GraphQLError && /contains more th\w+ \d+ tokens/i.test(error.message)) {
      throw coded(`Query is too large: more than ${limits.maxTokens} tokens.`, "QUERY_TOO_COMPLEX");
    }
    throw error;
  }
}

/** Every validation rule of the gateway: graphql-js's, {@link limitsRule}, and the introspection switch. */
export function validationRules(limits: QueryLimits): ValidationRule[] {
  return [
    ...specifiedRules,
    limitsRule(limits),
    ...(limits.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
  ];
}
