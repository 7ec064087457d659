import { describe, expect, it } from "vitest";
import { messageSize } from "../../src/sandbox/credits.js";
import { istStrtotime } from "../../src/sandbox/ist.js";
import {
  PhpRuntimeError,
  phpArithmetic,
  phpIntCast,
  phpLessOrEqualInt,
  phpUrldecode,
  replaceFirstVariableSlot,
  textToBytes,
} from "../../src/sandbox/php.js";
import { PhpFloat, phpJsonEncode } from "../../src/sandbox/php-json.js";
import { parseQuery, presentedCredentials } from "../../src/sandbox/request.js";

describe("PHP (int) cast of a number token", () => {
  it.each([
    ["+919876543210", "919876543210"],
    ["09876543210", "9876543210"],
    ["91-9876543210", "91"],
    ["abc", "0"],
    ["98765 43210", "98765"],
    ["1e3", "1000"],
    ["9876543210.9", "9876543210"],
    ["-9876543210", "-9876543210"],
    ["99999999999999999999999", "9223372036854775807"],
  ])("(int) %s = %s", (input, expected) => {
    expect(phpIntCast(input)).toBe(expected);
  });
});

describe("PHP urldecode", () => {
  it.each([
    ["a+b", "a b"],
    ["50%25", "50%"],
    ["100%", "100%"],
    ["%zz", "%zz"],
    ["%E2%82%B9", textToBytes("₹")],
  ])("%s → %s", (input, expected) => {
    expect(phpUrldecode(input)).toBe(expected);
  });
});

describe("preg_replace of the first {#var#}", () => {
  it.each([
    ["A {#var#} B {#var#}", "x", "A x B {#var#}"],
    ["A {#VAR#}", "x", "A x"],
    ["A {#var#}", "$0!", "A {#var#}!"],
    ["A {#var#}", "$1", "A "],
    ["A {#var#}", "\\0", "A {#var#}"],
    ["no slot", "x", "no slot"],
  ])("%s with %s", (subject, replacement, expected) => {
    expect(replaceFirstVariableSlot(subject, replacement)).toBe(expected);
  });
});

describe("PHP 8 comparisons and arithmetic used by campaign-list", () => {
  it.each([
    [null, true],
    ["5", true],
    ["50", true],
    ["51", false],
    ["abc", false],
    ["!", true],
  ])("%s <= 50 is %s", (value, expected) => {
    expect(phpLessOrEqualInt(value, 50)).toBe(expected);
  });

  it("division by zero, non-numeric and leading-numeric operands throw like PHP", () => {
    expect(() => phpArithmetic(10, "/", "0")).toThrow(new PhpRuntimeError("Division by zero"));
    expect(() => phpArithmetic(10, "/", null)).toThrow("Division by zero");
    expect(() => phpArithmetic("abc", "-", 1)).toThrow("Unsupported operand types: string - int");
    expect(() => phpArithmetic("5abc", "-", 1)).toThrow("A non-numeric value encountered");
    expect(phpArithmetic("3", "*", "5")).toBe(15);
    expect(phpArithmetic(null, "-", 1)).toBe(-1);
  });
});

describe("messgeLenght integer arithmetic", () => {
  it.each([
    [1, 0, 0],
    [1, 1, 1],
    [1, 23409, 153],
    [1, 23410, 153],
    [1, 23562, 153],
    [1, 23563, 155],
    [2, 0, 1],
  ] as const)("type %i, %i units → %i credits", (type, units, credits) => {
    const text = type === 1 ? "a".repeat(units) : textToBytes("क".repeat(units));
    expect(messageSize(type, text)).toEqual({ characterCount: units, creditSize: credits });
  });
});

describe("json_encode", () => {
  it("escapes slashes and non-ASCII, writes floats with a fraction", () => {
    expect(phpJsonEncode({ a: "x/y", b: "₹😀", c: new PhpFloat(3), d: new PhpFloat(-0), e: 2 })).toBe(
      '{"a":"x\\/y","b":"\\u20b9\\ud83d\\ude00","c":3.0,"d":-0.0,"e":2}',
    );
  });
});

describe("request parsing", () => {
  it("decodes, normalises names, keeps the last duplicate, trims and nulls empties", () => {
    const params = parseQuery("a.b=1&c+d=2&x=first&x=last&t=+%20padded%20+&e=&f&=ignored");
    expect([...params]).toEqual([
      ["a_b", "1"],
      ["c_d", "2"],
      ["x", "last"],
      ["t", "padded"],
      ["e", null],
      ["f", null],
    ]);
  });

  it.each([
    ["Bearer KEY-SECRET", "KEY", "SECRET"],
    ["KEY-SECRET", null, "SECRET"],
    ["Bearer KEY-SEC-RET", "KEY", "SEC"],
    ["Bearer  KEY-SECRET", "", "SECRET"],
    ["Bearer KEY", "KEY", null],
  ])("Authorization %j → key %j, secret %j", (header, key, secret) => {
    expect(presentedCredentials(header, new Map())).toEqual({
      appKey: key,
      appSecret: secret,
      fromHeader: true,
    });
  });

  it("falls back to the query without a header", () => {
    const params = parseQuery("app_key=K&app_secret=S");
    expect(presentedCredentials(undefined, params)).toEqual({
      appKey: "K",
      appSecret: "S",
      fromHeader: false,
    });
  });
});

describe("strtotime in IST", () => {
  it.each([
    ["2025-03-01 11:30", Date.UTC(2025, 2, 1, 6, 0) / 1000],
    ["2025-02-30 10:00", Date.UTC(2025, 2, 2, 4, 30) / 1000],
    ["2025-03-01 10:3011:30", false],
    ["garbage", false],
  ])("%s", (input, expected) => {
    expect(istStrtotime(input)).toBe(expected);
  });
});
