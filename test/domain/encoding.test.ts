import { describe, expect, it } from "vitest";
import { analyzeText, quickcomCredits, utf8ByteLength } from "../../src/quickcom/domain/encoding.js";
import {
  countSegments,
  GSM7_CAPACITY,
  gsm7Septets,
  nonGsm7Characters,
} from "../../src/quickcom/domain/gsm7.js";

const GSM = { unicodeTemplate: false };
const UNICODE = { unicodeTemplate: true };
const a = (n: number) => "a".repeat(n);
const hindi = (n: number) => "अ".repeat(n);

describe("quickcomCredits (the backend's billing rule)", () => {
  it.each([
    [0, 0],
    [1, 1],
    [160, 1],
    [161, 2],
    [306, 2],
    [307, 3],
    [459, 3],
    [460, 4],
    [612, 4],
    [613, 5],
    // the backend's integer formula (not a ceiling) near 153 x 153 bytes, mirrored on purpose
    [23409, 153],
    [23410, 153],
    [23562, 153],
    [23563, 155],
  ])("GSM: %i bytes → %i credits", (bytes, expected) => {
    expect(quickcomCredits(a(bytes), false)).toEqual({ messageCount: bytes, creditsPerMessage: expected });
  });

  it.each([
    [0, 1],
    [1, 1],
    [70, 1],
    [71, 2],
    [134, 2],
    [135, 3],
    [201, 3],
    [202, 4],
    [4489, 67],
    [4490, 67],
    [4556, 67],
    [4557, 69],
  ])("Unicode: %i characters → %i credits", (characters, expected) => {
    expect(quickcomCredits(hindi(characters), true)).toEqual({
      messageCount: characters,
      creditsPerMessage: expected,
    });
  });

  it.each([
    ["₹ is 3 bytes", "₹", 3],
    ["é is 2 bytes", "é", 2],
    ["emoji is 4 bytes", "😀", 4],
    ["a lone surrogate travels as U+FFFD", "\ud83d", 3],
    ["mixed", "Pay ₹500", 10],
  ])("GSM bills UTF-8 bytes: %s", (_name, text, bytes) => {
    expect(utf8ByteLength(text)).toBe(bytes);
    expect(quickcomCredits(text, false).messageCount).toBe(bytes);
  });

  it.each([
    ["53 rupee signs + 1 letter = 160 bytes", `${"₹".repeat(53)}a`, 160, 1],
    ["53 rupee signs + 2 letters = 161 bytes", `${"₹".repeat(53)}ab`, 161, 2],
  ])("₹ in a GSM template: %s", (_name, text, bytes, credits) => {
    expect(quickcomCredits(text, false)).toEqual({ messageCount: bytes, creditsPerMessage: credits });
  });

  it("counts emoji as one code point each for Unicode billing", () => {
    expect(quickcomCredits("😀".repeat(71), true)).toEqual({ messageCount: 71, creditsPerMessage: 2 });
  });
});

describe("gsm7Septets", () => {
  const basic =
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

  it("has the 127 printable basic characters at one septet", () => {
    expect([...basic]).toHaveLength(127);
    expect([...basic].filter((character) => gsm7Septets(character) !== 1)).toEqual([]);
  });

  it.each([...`^{}\\[~]|€\f`])("extension character %j takes 2 septets", (character) => {
    expect(gsm7Septets(character)).toBe(2);
  });

  it.each([..."`ç₹á😀\u001b\t"])("%j is not GSM-7", (character) => {
    expect(gsm7Septets(character)).toBeNull();
  });

  it("lists non-GSM characters once each, in order", () => {
    expect(nonGsm7Characters("₹10 `x` ₹ 😀")).toEqual(["₹", "`", "😀"]);
  });
});

describe("countSegments", () => {
  it.each([
    ["nothing", [], 0],
    ["one character", [1], 1],
    ["exactly one part", Array(160).fill(1), 1],
    ["one over", Array(161).fill(1), 2],
    ["two full parts", Array(306).fill(1), 2],
    ["escape pair kept whole", [...Array(152).fill(1), 2, ...Array(152).fill(1)], 3],
  ])("%s", (_name, units, expected) => {
    expect(countSegments(units, GSM7_CAPACITY)).toBe(expected);
  });
});

describe("analyzeText: what the handset sees", () => {
  it.each([
    ["160 letters", a(160), 160, 1],
    ["161 letters", a(161), 161, 2],
    ["306 letters", a(306), 306, 2],
    ["307 letters", a(307), 307, 3],
    ["459 letters", a(459), 459, 3],
    ["460 letters", a(460), 460, 4],
    ["80 euro signs = 160 septets", "€".repeat(80), 160, 1],
    ["81 euro signs = 162 septets", "€".repeat(81), 162, 2],
    ["a form feed counts 2", `${a(159)}\f`, 161, 2],
    ["each extension character counts 2", "^{}\\[~]|", 16, 1],
    ["an escape pair never straddles parts", `${a(152)}€${a(152)}`, 306, 3],
  ])("GSM-7: %s", (_name, text, units, segments) => {
    const analysis = analyzeText(text, GSM);
    expect(analysis).toMatchObject({ encoding: "GSM_7", textEncoding: "GSM_7", units, segments });
  });

  it.each([
    ["70 characters", hindi(70), 70, 70, 1],
    ["71 characters", hindi(71), 71, 71, 2],
    ["134 characters", hindi(134), 134, 134, 2],
    ["135 characters", hindi(135), 135, 135, 3],
    ["35 emoji = 70 code units", "😀".repeat(35), 35, 70, 1],
    ["36 emoji = 72 code units", "😀".repeat(36), 36, 72, 2],
    ["a surrogate pair never straddles parts", `${hindi(66)}😀${hindi(66)}`, 133, 134, 3],
  ])("UCS-2: %s", (_name, text, characters, units, segments) => {
    const analysis = analyzeText(text, UNICODE);
    expect(analysis).toMatchObject({ encoding: "UCS_2", textEncoding: "UCS_2", characters, units, segments });
  });

  it("an emoji text bills code points while the handset counts code units", () => {
    const analysis = analyzeText("😀".repeat(36), UNICODE);
    expect(analysis.segments).toBe(2);
    expect(analysis.billing).toEqual({ unicode: true, messageCount: 36, creditsPerMessage: 1 });
  });

  it("an empty text has no segments; QuickCom bills a GSM one 0 and a Unicode one 1", () => {
    expect(analyzeText("", GSM)).toEqual({
      encoding: "GSM_7",
      textEncoding: "GSM_7",
      characters: 0,
      units: 0,
      segments: 0,
      billing: { unicode: false, messageCount: 0, creditsPerMessage: 0 },
    });
    expect(analyzeText("", UNICODE)).toMatchObject({
      segments: 0,
      billing: { unicode: true, creditsPerMessage: 1 },
    });
  });

  it("a Unicode template goes out as UCS-2 even when its text is GSM-7", () => {
    expect(analyzeText(a(71), UNICODE)).toMatchObject({
      encoding: "UCS_2",
      textEncoding: "GSM_7",
      units: 71,
      segments: 2,
      billing: { unicode: true, messageCount: 71, creditsPerMessage: 2 },
    });
  });
});

describe("analyzeText: what QuickCom bills", () => {
  it("80 euro signs fill one handset segment but QuickCom bills 240 UTF-8 bytes", () => {
    expect(analyzeText("€".repeat(80), GSM)).toMatchObject({
      segments: 1,
      billing: { unicode: false, messageCount: 240, creditsPerMessage: 2 },
    });
  });

  it("₹ in a GSM template: UCS-2 on the handset, 3 UTF-8 bytes billed", () => {
    expect(analyzeText("Pay ₹500", GSM)).toEqual({
      encoding: "UCS_2",
      textEncoding: "UCS_2",
      characters: 8,
      units: 8,
      segments: 1,
      billing: { unicode: false, messageCount: 10, creditsPerMessage: 1 },
    });
  });

  it("₹ bytes push a GSM template over 160", () => {
    const text = `${"₹".repeat(53)}ab`;
    expect(analyzeText(text, GSM)).toMatchObject({
      characters: 55,
      segments: 1,
      billing: { unicode: false, messageCount: 161, creditsPerMessage: 2 },
    });
  });

  it.each([
    ["@ in a GSM template switches to Unicode billing", `mail@x ${a(100)}`, GSM, true, 107, 2],
    ["the same text without @ stays GSM", `mail-x ${a(100)}`, GSM, false, 107, 1],
    ["@ in a Unicode template changes nothing", `mail@x ${a(100)}`, UNICODE, true, 107, 2],
  ])("%s", (_name, text, options, unicode, messageCount, creditsPerMessage) => {
    expect(analyzeText(text, options).billing).toEqual({ unicode, messageCount, creditsPerMessage });
  });

  it("@ in a GSM template is transmitted as UCS-2 (the backend passes is_unicode = 1 to Kannel)", () => {
    expect(analyzeText(`a@b${a(70)}`, GSM)).toMatchObject({
      encoding: "UCS_2",
      textEncoding: "GSM_7",
      units: 73,
      segments: 2,
    });
  });
});
