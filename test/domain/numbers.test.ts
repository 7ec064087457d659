import { describe, expect, it } from "vitest";
import {
  classifyMobileNumbers,
  normalizeMobileNumber,
  splitUpstreamNumberTokens,
  upstreamNumber,
  upstreamNumberVerdict,
} from "../../src/quickcom/domain/numbers.js";
import { phpIntCastText } from "../../src/quickcom/domain/php-int.js";

describe("normalizeMobileNumber", () => {
  it.each([
    ["+91 98765-43210", "9876543210"],
    ["+919876543210", "9876543210"],
    ["919876543210", "9876543210"],
    ["91 98765 43210", "9876543210"],
    ["09876543210", "9876543210"],
    ["9876543210", "9876543210"],
    ["(987) 654 3210", "9876543210"],
    ["987.654.3210", "9876543210"],
    ["  6000000000  ", "6000000000"],
    ["+91 (700) 000–0000", "7000000000"],
    ["9198765432", "9198765432"],
    ["8123456789", "8123456789"],
  ])("%j → %s", (input, expected) => {
    expect(normalizeMobileNumber(input)).toBe(expected);
  });

  it.each([
    ["starts with 5", "5876543210"],
    ["starts with 0 after the prefix", "+910876543210"],
    ["too short", "98765"],
    ["too long", "98765432101"],
    ["letters", "abc"],
    ["letters inside", "98765abc10"],
    ["empty", ""],
    ["another country code", "+4498765432101"],
    ["two prefixes", "+9109876543210"],
    ["00 international prefix", "00919876543210"],
    ["91 prefix on a short number", "91987654321"],
    ["plus without 91", "+9876543210"],
  ])("%s (%j) → null", (_name, input) => {
    expect(normalizeMobileNumber(input)).toBeNull();
  });
});

describe("classifyMobileNumbers", () => {
  it("keeps first-seen order, reports duplicates however they were spelled", () => {
    expect(
      classifyMobileNumbers([
        "9876543210",
        "+91 98765-43210",
        " 5876543210 ",
        "8765432109",
        "09876543210",
        "abc",
        "919876543210",
        "(876) 543 2109",
      ]),
    ).toEqual({
      valid: ["9876543210", "8765432109"],
      invalid: ["5876543210", "abc"],
      duplicates: ["9876543210", "9876543210", "9876543210", "8765432109"],
    });
  });

  it.each([
    [[], { valid: [], invalid: [], duplicates: [] }],
    [["98765", "98765"], { valid: [], invalid: ["98765", "98765"], duplicates: [] }],
    [["  "], { valid: [], invalid: [""], duplicates: [] }],
  ])("%j", (inputs, expected) => {
    expect(classifyMobileNumbers(inputs)).toEqual(expected);
  });
});

describe("phpIntCastText (PHP 8 (int) cast)", () => {
  it.each([
    ["9876543210", "9876543210"],
    ["+919876543210", "919876543210"],
    ["09876543210", "9876543210"],
    ["91-98765-43210", "91"],
    ["98765abc", "98765"],
    ["abc", "0"],
    ["", "0"],
    ["0", "0"],
    ["000", "0"],
    ["-0", "0"],
    ["-9876543210", "-9876543210"],
    ["1e10", "10000000000"],
    ["9.87654321e9", "9876543210"],
    ["98765.43210", "98765"],
    [".5", "0"],
    ["0x1A", "0"],
    [" \t42", "42"],
    ["99999999999999999999999", "9223372036854775807"],
    ["-99999999999999999999999", "-9223372036854775808"],
  ])("(int) %j → %s", (input, expected) => {
    expect(phpIntCastText(input)).toBe(expected);
  });
});

describe("upstreamNumberVerdict (how the backend treats one token)", () => {
  it.each([
    ["9876543210", "valid", "919876543210"],
    ["+919876543210", "valid", "919876543210"],
    ["919876543210", "valid", "919876543210"],
    ["09876543210", "valid", "919876543210"],
    ["5876543210", "valid", "915876543210"],
    ["19876543210", "valid", "19876543210"],
    ["91-98765-43210", "invalid", null],
    ["98765", "invalid", null],
    ["9198765432101", "invalid", null],
    ["abc", "blank", null],
    ["00", "blank", null],
    ["", "blank", null],
  ] as const)("%j → %s", (token, verdict, receiver) => {
    expect(upstreamNumberVerdict(token)).toBe(verdict);
    expect(upstreamNumber(token)).toEqual({ verdict, receiver });
  });
});

describe("splitUpstreamNumberTokens", () => {
  it.each([
    ["9876543210,8765432109", ["9876543210", "8765432109"]],
    [" 9876543210 , 8765432109\n7654321098 ", ["9876543210", "8765432109", "7654321098"]],
    ["9876543210,,0,00,abc", ["9876543210", "00", "abc"]],
    ["", []],
  ])("%j", (raw, expected) => {
    expect(splitUpstreamNumberTokens(raw)).toEqual(expected);
  });
});
