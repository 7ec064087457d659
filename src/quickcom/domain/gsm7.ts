/**
 * The GSM 03.38 default alphabet and how texts split into handset segments.
 * Pure tables and arithmetic; `encoding.ts` builds the public analysis on top.
 */

/** The basic set (one septet each), without ESC (0x1B), which is not a printable character. */
const GSM7_BASIC =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The extension set: ESC plus one septet, so two septets each. */
const GSM7_EXTENSION = "\f^{}\\[~]|€";

const SEPTETS = new Map<string, 1 | 2>([
  ...[...GSM7_BASIC].map((character) => [character, 1] as const),
  ...[...GSM7_EXTENSION].map((character) => [character, 2] as const),
]);

/** Septets one character takes in GSM-7 (1 basic, 2 extension), or null when GSM-7 cannot carry it. */
export function gsm7Septets(character: string): 1 | 2 | null {
  return SEPTETS.get(character) ?? null;
}

/** Characters of `text` (code points, in order of first appearance, unique) that GSM-7 cannot carry. */
export function nonGsm7Characters(text: string): string[] {
  const found = new Set<string>();
  for (const character of text) {
    if (!SEPTETS.has(character)) found.add(character);
  }
  return [...found];
}

/** Units each character of `text` takes: septets in GSM-7, or null when one character is not GSM-7. */
export function gsm7UnitsPerCharacter(text: string): number[] | null {
  const units: number[] = [];
  for (const character of text) {
    const septets = SEPTETS.get(character);
    if (septets === undefined) return null;
    units.push(septets);
  }
  return units;
}

/** UTF-16 code units each character of `text` takes in UCS-2/UTF-16 (2 for a surrogate pair). */
export function utf16UnitsPerCharacter(text: string): number[] {
  return Array.from(text, (character) => character.length);
}

/** Segment capacities of one encoding: a single message, and each part of a concatenated one. */
export interface SegmentCapacity {
  single: number;
  multipart: number;
}

/** GSM-7: 160 septets alone, 153 per part (7 septets go to the concatenation header). */
export const GSM7_CAPACITY: SegmentCapacity = { single: 160, multipart: 153 };

/** UCS-2: 70 code units alone, 67 per part. */
export const UCS2_CAPACITY: SegmentCapacity = { single: 70, multipart: 67 };

/**
 * Handset segments for characters of the given unit sizes: 0 for none, 1 when everything fits a
 * single message, otherwise parts filled greedily without splitting a character (an escape pair or
 * a surrogate pair never straddles two parts, as real SMSCs and handsets do).
 */
export function countSegments(unitsPerCharacter: readonly number[], capacity: SegmentCapacity): number {
  let total = 0;
  for (const units of unitsPerCharacter) total += units;
  if (total === 0) return 0;
  if (total <= capacity.single) return 1;
  let segments = 1;
  let used = 0;
  for (const units of unitsPerCharacter) {
    if (used + units > capacity.multipart) {
      segments++;
      used = 0;
    }
    used += units;
  }
  return segments;
}
