/**
 * An empty GraphQL batch (`[]`) is a malformed request: 400 with a `BAD_REQUEST` GraphQL error on the lean
 * JSON path and on yoga's path alike, and no upstream call.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let lean: TestGateway;
let yoga: TestGateway;
beforeAll(async () => {
  [lean, yoga] = await Promise.all([startTestGateway(), startTestGateway({ leanJsonPost: false })]);
});
afterAll(() => Promise.all([lean?.close(), yoga?.close()]));

const EXPECTED = {
  errors: [{ message: "A batch must hold at least one operation.", extensions: { code: "BAD_REQUEST" } }],
};

/** Header sets that take the lean path (plain JSON POST) or yoga's (another Accept, a browser's Origin). */
const HEADERS: [string, Record<string, string>, string][] = [
  ["plain JSON", { "content-type": "application/json", accept: "application/json" }, "application/json"],
  ["no Accept", { "content-type": "application/json" }, "application/json"],
  [
    "graphql-response+json",
    { "content-type": "application/json", accept: "application/graphql-response+json" },
    "application/graphql-response+json",
  ],
  [
    "a browser's Origin",
    { "content-type": "application/json", accept: "application/json", origin: "http://127.0.0.1" },
    "application/json",
  ],
];

describe("an empty batch", () => {
  it.each(HEADERS)("is 400 BAD_REQUEST with %s, lean path on and off", async (_name, headers, type) => {
    for (const gw of [lean, yoga]) {
      const before = gw.sandbox.callCount();
      const response = await fetch(`${gw.url}/graphql`, { method: "POST", headers, body: "[]" });
      expect(response.status).toBe(400);
      expect(response.headers.get("content-type")).toBe(`${type}; charset=utf-8`);
      expect(await response.json()).toEqual(EXPECTED);
      expect(gw.sandbox.callCount()).toBe(before);
    }
  });

  it("with whitespace around it is the same answer", async () => {
    const response = await fetch(`${lean.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: " [ ]\n",
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual(EXPECTED);
  });

  it("leaves a batch of one alone", async () => {
    const response = await fetch(`${lean.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify([{ query: "{ __typename }" }]),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ data: { __typename: "Query" } }]);
  });
});
