/**
 * Relay connection arguments: every combination either names a clear window or is refused with a coded error.
 */
import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type PageArgs, pageRequest } from "../../src/schema/limits.js";

describe("pageRequest", () => {
  it.each<[string, PageArgs, ReturnType<typeof pageRequest>]>([
    ["nothing", {}, { direction: "forward", size: DEFAULT_PAGE_SIZE, cursor: null }],
    ["first", { first: 5 }, { direction: "forward", size: 5, cursor: null }],
    ["first and after", { first: 5, after: "c" }, { direction: "forward", size: 5, cursor: "c" }],
    ["after alone", { after: "c" }, { direction: "forward", size: DEFAULT_PAGE_SIZE, cursor: "c" }],
    ["last", { last: 3 }, { direction: "backward", size: 3, cursor: null }],
    ["last and before", { last: 3, before: "c" }, { direction: "backward", size: 3, cursor: "c" }],
    ["before alone", { before: "c" }, { direction: "backward", size: DEFAULT_PAGE_SIZE, cursor: "c" }],
    ["first 0", { first: 0 }, { direction: "forward", size: 0, cursor: null }],
    [
      "the largest page",
      { first: MAX_PAGE_SIZE },
      { direction: "forward", size: MAX_PAGE_SIZE, cursor: null },
    ],
  ])("%s", (_name, args, expected) => {
    expect(pageRequest(args)).toEqual(expected);
  });

  it.each<[string, PageArgs, string, RegExp]>([
    ["first and last", { first: 1, last: 1 }, "BAD_USER_INPUT", /not both/],
    ["after and before", { after: "a", before: "b" }, "BAD_USER_INPUT", /not both/],
    ["last and after", { last: 2, after: "a" }, "BAD_USER_INPUT", /`after` goes with `first`/],
    ["first and before", { first: 2, before: "b" }, "BAD_USER_INPUT", /`before` goes with `last`/],
    ["a negative first", { first: -1 }, "BAD_USER_INPUT", /must not be negative/],
    ["a page over the maximum", { last: MAX_PAGE_SIZE + 1 }, "PAGE_SIZE_TOO_LARGE", /largest page is 100/],
  ])("refuses %s", (_name, args, code, message) => {
    let thrown: unknown;
    try {
      pageRequest(args);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(GraphQLError);
    expect((thrown as GraphQLError).extensions.code).toBe(code);
    expect((thrown as GraphQLError).message).toMatch(message);
  });
});
