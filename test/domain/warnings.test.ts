import { describe, expect, it } from "vitest";
import { textWarnings } from "../../src/quickcom/domain/warnings.js";

const GSM = { unicodeTemplate: false };
const UNICODE = { unicodeTemplate: true };
const codes = (text: string, options: { unicodeTemplate: boolean }) =>
  textWarnings(text, options).map((warning) => warning.code);

describe("textWarnings", () => {
  it.each([
    ["plain short GSM text", "Your OTP is 123456.", GSM, []],
    ["plain short Unicode text", "आपका OTP 123456 है", UNICODE, []],
    ["@ in a GSM template", "Mail me at a@b.in", GSM, ["AT_SIGN_UNICODE_BILLING"]],
    ["@ in a Unicode template", "Mail me at a@b.in", UNICODE, []],
    ["+ in the text", "Call +91 98765 43210", GSM, ["DOUBLE_DECODED_CHARACTERS"]],
    ["% in the text", "Get 10% off", GSM, ["DOUBLE_DECODED_CHARACTERS"]],
    ["% in a Unicode template", "10% छूट", UNICODE, ["DOUBLE_DECODED_CHARACTERS"]],
    ["₹ in a GSM template", "Pay ₹500", GSM, ["NON_GSM_CHARACTERS"]],
    ["₹ in a Unicode template", "Pay ₹500", UNICODE, []],
    ["161 GSM characters", "a".repeat(161), GSM, ["MULTIPART_MESSAGE"]],
    ["160 GSM characters", "a".repeat(160), GSM, []],
    ["71 Unicode characters", "अ".repeat(71), UNICODE, ["MULTIPART_MESSAGE"]],
    ["70 Unicode characters", "अ".repeat(70), UNICODE, []],
    ["36 emoji: one credit, two handset segments", "😀".repeat(36), UNICODE, ["MULTIPART_MESSAGE"]],
    ["80 euro signs: one segment, 240 bytes billed", "€".repeat(80), GSM, ["MULTIPART_MESSAGE"]],
    [
      "everything at once",
      `Pay ₹500 + 10% at a@b.in ${"x".repeat(150)}`,
      GSM,
      ["AT_SIGN_UNICODE_BILLING", "DOUBLE_DECODED_CHARACTERS", "NON_GSM_CHARACTERS", "MULTIPART_MESSAGE"],
    ],
  ])("%s", (_name, text, options, expected) => {
    expect(codes(text, options)).toEqual(expected);
  });

  it("@ states the credit change", () => {
    const [warning] = textWarnings(`a@b ${"x".repeat(100)}`, GSM);
    expect(warning?.message).toContain("2 credits per recipient instead of 1 credit");
  });

  it("+ and % say the gateway keeps them intact", () => {
    const [warning] = textWarnings("1+1=2 at 100%", GSM);
    expect(warning?.message).toContain('"+" and "%"');
    expect(warning?.message).toContain("pre-encodes");
  });

  it("non-GSM characters name the characters and the bytes billed", () => {
    const [warning] = textWarnings("Pay ₹500 ₹ `x`", GSM);
    expect(warning?.message).toContain('"₹" and "`"');
    expect(warning?.message).toContain("UTF-8 bytes (18 bytes)");
    expect(warning?.message).toContain("UCS-2");
  });

  it("non-GSM characters together with @ say Unicode billing, not bytes", () => {
    const warning = textWarnings("₹ a@b", GSM).find((item) => item.code === "NON_GSM_CHARACTERS");
    expect(warning?.message).toContain("as Unicode (5 characters)");
  });

  it("a long message says how many credits", () => {
    const [warning] = textWarnings("a".repeat(307), GSM);
    expect(warning?.message).toContain("3 GSM-7 segments");
    expect(warning?.message).toContain("3 credits per recipient");
  });

  it("every message is one sentence and every code SCREAMING_SNAKE", () => {
    const warnings = textWarnings(`Pay ₹500 + 10% at a@b.in ${"x".repeat(150)}`, GSM);
    for (const warning of warnings) {
      expect(warning.code).toMatch(/^[A-Z]+(_[A-Z]+)*$/);
      expect(warning.message).toMatch(/^[A-Z].*\.$/s);
      expect(warning.message.slice(0, -1)).not.toMatch(/[.!?]\s/);
    }
  });
});
