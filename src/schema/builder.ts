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
import type { GatewayContext } from "../gateway/context.js";
import { complexityError } from "./limits.js";

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
    edgesFieldOptions: { nullable: false },
    nodeFieldOptions: { nullable: false },
  },
  errors: { defaultTypes: [] },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: { complexity: 5_000, depth: 12, breadth: 200 },
    complexityError,
  },
});

builder.queryType({});
builder.mutationType({});
