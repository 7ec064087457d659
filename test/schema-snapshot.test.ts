import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { printGatewaySchema } from "../codegen.js";

describe("schema.graphql", () => {
  it("matches the Pothos schema (run `npm run codegen` when this fails)", () => {
    const committed = readFileSync(new URL("../schema.graphql", import.meta.url), "utf8");
    expect(committed.trimEnd()).toBe(printGatewaySchema().trimEnd());
  });

  it("is sorted lexicographically by type name", () => {
    const names = [
      ...printGatewaySchema().matchAll(/^(?:type|input|enum|union|interface|scalar) (\w+)/gm),
    ].map((m) => m[1] ?? "");
    expect(names.length).toBeGreaterThan(20);
    expect(names).toEqual([...names].sort());
  });
});
