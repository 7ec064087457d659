import { describe, expect, it } from "vitest";
import {
  checkTemplateVariables,
  countTemplateVariables,
  MAX_VARIABLE_LENGTH,
  renderTemplate,
} from "../../src/quickcom/domain/template.js";

const OTP = "Your OTP is {#var#}. Valid for {#var#} minutes.";

describe("countTemplateVariables", () => {
  it.each([
    ["no slot", "Hello there", 0],
    ["lower case", OTP, 2],
    ["upper case", "Code {#VAR#}", 1],
    ["mixed case", "{#Var#} and {#vAr#} and {#var#}", 3],
    ["adjacent slots", "{#var#}{#var#}", 2],
    ["near misses do not count", "{#var} {var#} {# var #} {#variable#}", 0],
  ])("%s", (_name, body, expected) => {
    expect(countTemplateVariables(body)).toBe(expected);
  });
});

describe("checkTemplateVariables", () => {
  it("accepts matching, valid variables", () => {
    expect(checkTemplateVariables(OTP, ["123456", "10"])).toEqual([]);
  });

  it.each([
    [["1"], 2, 1],
    [["1", "2", "3"], 2, 3],
    [[], 2, 0],
  ])("reports a count mismatch for %j", (variables, expected, received) => {
    const issues = checkTemplateVariables(OTP, variables);
    expect(issues[0]).toMatchObject({ code: "VARIABLE_COUNT_MISMATCH", expected, received });
    expect(issues[0]?.message).toContain(`${received}`);
  });

  it("reports a variable for a template without slots", () => {
    expect(checkTemplateVariables("No slots", ["x"])).toMatchObject([
      { code: "VARIABLE_COUNT_MISMATCH", expected: 0, received: 1 },
    ]);
  });

  it.each([
    ["exactly the limit", "a".repeat(MAX_VARIABLE_LENGTH), []],
    [
      "one over the limit",
      "a".repeat(MAX_VARIABLE_LENGTH + 1),
      [{ code: "VARIABLE_TOO_LONG", index: 1, length: 31, max: 30 }],
    ],
    ["30 emoji are 30 characters", "😀".repeat(30), []],
    ["31 emoji", "😀".repeat(31), [{ code: "VARIABLE_TOO_LONG", index: 1, length: 31, max: 30 }]],
  ])("length: %s", (_name, value, expected) => {
    expect(checkTemplateVariables(OTP, ["123456", value])).toMatchObject(expected);
  });

  it("honours a custom maxLength", () => {
    expect(checkTemplateVariables(OTP, ["1234", "12345"], { maxLength: 4 })).toMatchObject([
      { code: "VARIABLE_TOO_LONG", index: 1, length: 5, max: 4 },
    ]);
  });

  it.each([
    ["empty", ""],
    ["spaces only", "   "],
    ["tab and newline only", "\t\n"],
  ])("reports an %s variable", (_name, value) => {
    const issues = checkTemplateVariables(OTP, [value, "10"]);
    expect(issues).toMatchObject([{ code: "VARIABLE_EMPTY", index: 0 }]);
    expect(issues[0]?.message).toContain("variable 1");
  });

  it.each([
    ["NUL", "a\u0000b"],
    ["tab", "a\tb"],
    ["carriage return", "a\rb"],
    ["escape", "a\u001bb"],
    ["DEL", "a\u007fb"],
    ["C1 control", "a\u0085b"],
    ["lone high surrogate", "a\ud83db"],
    ["lone low surrogate", "a\ude00b"],
  ])("reports a %s as an invalid character", (_name, value) => {
    const issues = checkTemplateVariables(OTP, ["123456", value]);
    expect(issues).toMatchObject([{ code: "VARIABLE_INVALID_CHARACTER", index: 1 }]);
    expect(issues[0]?.message).toContain("variable 2");
  });

  it.each([
    ["newline", "line one\nline two"],
    ["emoji (a valid surrogate pair)", "ok 😀"],
    ["rupee sign", "₹500"],
    ["no-break space", "a\u00a0b"],
  ])("accepts a %s", (_name, value) => {
    expect(checkTemplateVariables(OTP, ["123456", value])).toEqual([]);
  });

  it("reports every problem at once", () => {
    const issues = checkTemplateVariables(OTP, ["", `${"x".repeat(31)}\u0007`, "extra"]);
    expect(issues.map((issue) => issue.code)).toEqual([
      "VARIABLE_COUNT_MISMATCH",
      "VARIABLE_EMPTY",
      "VARIABLE_TOO_LONG",
      "VARIABLE_INVALID_CHARACTER",
    ]);
    expect(issues.slice(1).map((issue) => ("index" in issue ? issue.index : -1))).toEqual([0, 1, 1]);
  });
});

describe("renderTemplate", () => {
  it.each([
    [OTP, ["123456", "10"], "Your OTP is 123456. Valid for 10 minutes."],
    ["Hi {#VAR#}, order {#Var#} shipped", ["Asha", "QC-1"], "Hi Asha, order QC-1 shipped"],
    ["No slots", [], "No slots"],
    ["{#var#}{#var#}", ["a", "b"], "ab"],
  ])("renders %j", (body, variables, expected) => {
    expect(renderTemplate(body, variables)).toBe(expected);
  });

  it.each([
    ["replacement patterns", ["$&", "$1$`"], "Your OTP is $&. Valid for $1$` minutes."],
    ["a value that looks like a slot", ["{#var#}", "5"], "Your OTP is {#var#}. Valid for 5 minutes."],
    ["PHP-empty looking zero", ["0", "0"], "Your OTP is 0. Valid for 0 minutes."],
  ])("inserts %s literally", (_name, variables, expected) => {
    expect(renderTemplate(OTP, variables)).toBe(expected);
  });

  it.each([[["1"]], [["1", "2", "3"]]])("throws a RangeError for %j", (variables) => {
    expect(() => renderTemplate(OTP, variables)).toThrow(RangeError);
  });
});
