import { describe, expect, it } from "vitest";
import { requestIdFrom } from "../../src/ops/request-id.js";

const fresh = () => "fresh-id";

describe("requestIdFrom", () => {
  it.each([
    ["abc-123", "abc-123"],
    ["a", "a"],
    ["trace.id:01_AZ-z9", "trace.id:01_AZ-z9"],
    ["x".repeat(128), "x".repeat(128)],
    ["x".repeat(129), "fresh-id"],
    ["", "fresh-id"],
    [null, "fresh-id"],
    [undefined, "fresh-id"],
    ["has space", "fresh-id"],
    ["new\nline", "fresh-id"],
    ['quote"', "fresh-id"],
    ["slash/", "fresh-id"],
    ["ünicode", "fresh-id"],
    ["id\u0000", "fresh-id"],
  ])("requestIdFrom(%j) = %j", (header, expected) => {
    expect(requestIdFrom(header, fresh)).toBe(expected);
  });

  it("makes a random UUID by default", () => {
    const a = requestIdFrom(undefined);
    const b = requestIdFrom("bad id");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(b).toMatch(/^[0-9a-f-]{36}$/);
    expect(a).not.toBe(b);
  });
});
