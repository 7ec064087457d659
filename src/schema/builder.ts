/**
 * The Pothos schema builder and its plugins. Holds no types: each domain type lives in its own file
 * under `src/schema`, and `index.ts` imports them all.
 */
import SchemaBuilder from "@pothos/core";
import ComplexityPlugin from "@pothos/plugin-complexity";
import DataloaderPlugin from "@pothos/plugin-dataloader";
import ErrorsPlugin from "@pothos/plugin-errors";
import RelayPlugin from "@pothos/plugin-relay";
import ValidationPlugin from "@pothos/plugin-validation";
import { GraphQLError, type GraphQLResolveInfo, isObjectType } from "graphql";
import type { GatewayContext } from "../gateway/context.js";
import { complexityError, complexityLimitFor, MAX_PAGE_SIZE } from "./limits.js";

/**
 * Complexity of one id in `nodes(ids:)`: a node lookup may read upstream pages (a campaign by id is a search
 * over the campaign list), so each id costs like a small page, and the list is capped like a page.
 */
const NODE_LOOKUP_COST = 10;

/**
 * Refuses global IDs whose type is not a node type of this schema (`Nope:1`, `String:1`, `Error:1`):
 * Pothos would fail on them with a schema error, which reads as an internal error.
 */
function checkNodeTypes(ids: readonly { typename: string }[], info: GraphQLResolveInfo): void {
  const node = info.schema.getType("Node");
  for (const { typename } of ids) {
    const type = info.schema.getType(typename);
    if (!isObjectType(type) || !type.getInterfaces().some((i) => i === node)) {
      throw new GraphQLError("Not the ID of a node of this API.", { extensions: { code: "BAD_USER_INPUT" } });
    }
  }
}

/** Type parameters of the builder. */
export interface SchemaTypes {
  Context: GatewayContext;
  Scalars: { DateTime: { Input: Date; Output: Date } };
  Connection: { totalCount: number };
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  DefaultFieldNullability: false;
}

/** The one schema builder. */
export const builder = new SchemaBuilder<SchemaTypes>({
  plugins: [ErrorsPlugin, ValidationPlugin, RelayPlugin, DataloaderPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  relay: {
    // The connection field's complexity already multiplies by the page size; edges must not multiply again.
    edgesFieldOptions: { nullable: false, complexity: { field: 1, multiplier: 1 } },
    nodeFieldOptions: { nullable: false },
    nodeQueryOptions: {
      resolve: (_root, args, _ctx, info, resolveNode) => {
        checkNodeTypes([args.id], info);
        return resolveNode(args.id);
      },
    },
    nodesQueryOptions: {
      complexity: (args) => ({ field: NODE_LOOKUP_COST * args.ids.length, multiplier: args.ids.length }),
      resolve: (_root, args, _ctx, info, resolveNodes) => {
        if (args.ids.length > MAX_PAGE_SIZE) {
          throw new GraphQLError(`\`ids\` has ${args.ids.length} entries; the limit is ${MAX_PAGE_SIZE}.`, {
            extensions: { code: "PAGE_SIZE_TOO_LARGE" },
          });
        }
        checkNodeTypes(args.ids, info);
        return resolveNodes(args.ids);
      },
    },
  },
  errors: { defaultTypes: [] },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: complexityLimitFor,
    complexityError,
  },
});

builder.queryType({});
builder.mutationType({});
builder.subscriptionType({});
