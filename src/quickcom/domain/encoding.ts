/**
 * SMS encoding and pricing: what the handset receives (GSM 03.38) next to what
 * QuickCom bills (its own byte/character rule, read from the backend's `messgeLenght`).
 */
import {
  countSegments,
  GSM7_CAPACITY,
  gsm7UnitsPerCharacter,
  UCS2_CAPACITY,
  utf16UnitsPerCharacter,
} from "./gsm7.js";

/** The two data codings an Indian SMS goes out with. */
export type SmsEncoding = "GSM_7" | "UCS_2";

/** QuickCom's price of one message per recipient. */
export interface QuickcomCredits {
  /** The backend's `message_count`: UTF-8 bytes (GSM billing) or code points (Unicode billing). */
  messageCount: number;
  /** The backend's `message_credit_size`: credits charged per recipient. */
  creditsPerMessage: number;
}

/** Everything a preview shows about one rendered text. */
export interface TextAnalysis {
  /**
   * What the handset sees (true GSM 03.38 rule), for the coding the backend actually sends:
   * UCS_2 when the text needs it, and also when the backend transmits as Unicode (a Unicode
   * template, or a GSM template whose text contains `@`: it passes `is_unicode = 1` to Kannel).
   */
  encoding: SmsEncoding;
  /** The coding the text alone needs under GSM 03.38 (GSM_7 when every character is in the GSM-7 sets). */
  textEncoding: SmsEncoding;
  /** Code points. */
  characters: number;
  /** GSM-7 septets (extension chars ^{}\[~]|€ and form feed count 2) or UTF-16 code units. */
  units: number;
  /** Handset parts: GSM 160 single / 153 per part; UCS-2 70 / 67 (0 for empty text). */
  segments: number;
  /** What QuickCom bills (its own rule, see docs/BACKEND.md "Numbers and credits"). */
  billing: { unicode: boolean; messageCount: number; creditsPerMessage: number };
}

/** Options of {@link analyzeText}. */
export interface AnalyzeTextOptions {
  /** The template's `is_for_unicode` flag. */
  unicodeTemplate: boolean;
}

/** Whether QuickCom bills this text as Unicode: a Unicode template, or `@` in a GSM one (GET requests). */
export function billsAsUnicode(text: string, unicodeTemplate: boolean): boolean {
  return unicodeTemplate || text.includes("@");
}

/**
 * unicodeTemplate = the template's is_for_unicode flag. Billing is Unicode when the template is, or when
 * the text contains `@` (the backend's `checkSpacialChar` switches a GSM message to Unicode on GET).
 */
export function analyzeText(text: string, options: AnalyzeTextOptions): TextAnalysis {
  const unicode = billsAsUnicode(text, options.unicodeTemplate);
  const gsmUnits = gsm7UnitsPerCharacter(text);
  const textEncoding: SmsEncoding = gsmUnits ? "GSM_7" : "UCS_2";
  const sentAsGsm = gsmUnits !== null && !unicode;
  const unitsPerCharacter = sentAsGsm ? gsmUnits : utf16UnitsPerCharacter(text);
  let units = 0;
  for (const size of unitsPerCharacter) units += size;
  return {
    encoding: sentAsGsm ? "GSM_7" : "UCS_2",
    textEncoding,
    characters: codePointCount(text),
    units,
    segments: countSegments(unitsPerCharacter, sentAsGsm ? GSM7_CAPACITY : UCS2_CAPACITY),
    billing: { unicode, ...quickcomCredits(text, unicode) },
  };
}

/** Code points, as PHP's `mb_strlen($text, 'UTF-8')` counts them. */
export function codePointCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** UTF-8 bytes, as PHP's `strlen` counts them (a lone surrogate travels as U+FFFD, 3 bytes). */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const character of text) {
    const codePoint = character.codePointAt(0) ?? 0;
    if (codePoint < 0x80) bytes += 1;
    else if (codePoint < 0x800) bytes += 2;
    else if (codePoint < 0x10000) bytes += 3;
    else bytes += 4;
  }
  return bytes;
}

/**
 * The backend's multi-part formula, kept exactly: q = floor((n - 1) / size), plus one unless q is a
 * multiple of size. This equals ceil(n / size) except when q is a non-zero multiple of size
 * (GSM n = 23410..23562, Unicode n = 4490..4556), where the backend bills one credit less.
 */
function backendMultipartCredits(n: number, size: number): number {
  const q = Math.floor((n - 1) / size);
  return q % size !== 0 ? q + 1 : q;
}

/**
 * The backend's billing rule alone: GSM n = UTF-8 bytes, n<=306 → ceil(n/160) (0 for empty), else ceil(n/153);
 * Unicode n = code points, n<=70 → 1 (also for an empty text), else ceil(n/67).
 * (Above 306 / 70 the backend's own integer formula is mirrored exactly; it differs from the ceiling only
 * for texts of more than 23,000 bytes or 4,400 characters.)
 */
export function quickcomCredits(text: string, unicode: boolean): QuickcomCredits {
  if (unicode) {
    const n = codePointCount(text);
    return { messageCount: n, creditsPerMessage: n <= 70 ? 1 : backendMultipartCredits(n, 67) };
  }
  const n = utf8ByteLength(text);
  return {
    messageCount: n,
    creditsPerMessage: n <= 306 ? Math.ceil(n / 160) : backendMultipartCredits(n, 153),
  };
}
