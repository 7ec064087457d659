import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // One graphql instance: Pothos and yoga load graphql's CJS entry in Node, so source files must too
    // (Vite would otherwise pick index.mjs and the schema's types would be "from another realm").
    alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
  },
});
