/**
 * `npm run codegen`: prints the Pothos schema to `schema.graphql` (sorted, so diffs stay small) and turns the
 * MCP tool operations in `src/mcp/operations/*.graphql` into typed documents in `src/mcp/generated/`.
 * `scripts/codegen-mcp-tools.cjs` turns the documented operations into the MCP tool registry
 * (`src/mcp/generated/tools.ts`), `docs/ERROR-CODES.md` is printed from the error catalogue, and
 * `test/schema-snapshot.test.ts` fails while `schema.graphql` is stale.
 *
 * The generator itself is installed in `tools/codegen` (it needs Node 22; see `scripts/codegen.sh`); the config's
 * type (the CLI's `CodegenConfig`) comes from `@graphql-codegen/plugin-helpers`, a dev dependency here.
 */
import type { Types } from "@graphql-codegen/plugin-helpers";
import { lexicographicSortSchema, printSchema } from "graphql";
import { errorCodesMarkdown } from "./src/gateway/error-catalogue.js";
import { schema } from "./src/schema/index.js";

/** The public schema as SDL, exactly as committed in `schema.graphql`. */
export function printGatewaySchema(): string {
  return printSchema(lexicographicSortSchema(schema));
}

/** The codegen configuration (read by `graphql-codegen --config codegen.ts`). */
const config: Types.Config = {
  schema: printGatewaySchema(),
  documents: ["src/mcp/operations/*.graphql"],
  ignoreNoDocuments: false,
  emitLegacyCommonJSImports: false,
  generates: {
    "src/mcp/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false, gqlTagName: "graphql" },
      config: {
        useTypeImports: true,
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
        skipTypename: true,
        enumType: "string-literal",
        scalars: { DateTime: { input: "string", output: "string" } },
        strictScalars: true,
      },
    },
    "src/mcp/generated/tools.ts": {
      plugins: ["./scripts/codegen-mcp-tools.cjs"],
    },
    "docs/ERROR-CODES.md": {
      plugins: [{ add: { content: errorCodesMarkdown() } }],
    },
    "schema.graphql": {
      plugins: ["schema-ast"],
    },
  },
};

export default config;
