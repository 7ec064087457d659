/**
 * Indian mobile numbers: the gateway's own strict normalisation, and a model of how
 * the QuickCom backend treats the raw tokens it receives (for warnings and the sandbox).
 */
import { phpIntCastText } from "./php-int.js";

/** Separators people type inside a number: whitespace, dashes (ASCII and Unicode), dots, parentheses. */
const SEPARATORS = /[\s\-.()\u2010-\u2015]/g;

const NATIONAL_MOBILE = /^[6-9]\d{9}$/;

/**
 * Indian mobile: strip spaces, dashes, dots, parentheses; accept optional +91 / 91 / 0 prefix; then exactly
 * 10 digits starting 6-9. Returns the 10-digit national number, or null.
 */
export function normalizeMobileNumber(input: string): string | null {
  let digits = input.replace(SEPARATORS, "");
  if (digits.startsWith("+")) {
    if (!digits.startsWith("+91")) return null;
    digits = digits.slice(3);
  } else if (digits.length === 12 && digits.startsWith("91")) {
    digits = digits.slice(2);
  } else if (digits.length === 11 && digits.startsWith("0")) {
    digits = digits.slice(1);
  }
  return NATIONAL_MOBILE.test(digits) ? digits : null;
}

/** The outcome of {@link classifyMobileNumbers}. */
export interface NumberClassification {
  /** Unique normalised 10-digit numbers, first-seen order. */
  valid: string[];
  /** Inputs (trimmed) that are not valid Indian mobiles, one entry per occurrence. */
  invalid: string[];
  /** Normalised numbers for every repeated occurrence after the first. */
  duplicates: string[];
}

/** Splits a recipient list into unique valid numbers, invalid inputs and repeats (however they were spelled). */
export function classifyMobileNumbers(inputs: readonly string[]): NumberClassification {
  const seen = new Set<string>();
  const result: NumberClassification = { valid: [], invalid: [], duplicates: [] };
  for (const input of inputs) {
    const normalised = normalizeMobileNumber(input);
    if (normalised === null) result.invalid.push(input.trim());
    else if (seen.has(normalised)) result.duplicates.push(normalised);
    else {
      seen.add(normalised);
      result.valid.push(normalised);
    }
  }
  return result;
}

/**
 * The tokens the backend reads from a `mobile_numbers` value: split on whitespace, then on commas,
 * keeping only tokens PHP does not consider empty (`""` and `"0"` are skipped and never counted).
 */
export function splitUpstreamNumberTokens(mobileNumbers: string): string[] {
  return mobileNumbers
    .split(/[ \t\n\v\f\r]+/)
    .flatMap((part) => part.split(","))
    .filter((token) => token !== "" && token !== "0");
}

/** How the backend would treat one raw token, and the number it would send to when valid. */
export interface UpstreamNumber {
  verdict: "valid" | "invalid" | "blank";
  /** The receiver the backend hands to its SMSC (10 digits get a 91 prefix), or null unless valid. */
  receiver: string | null;
}

/**
 * The backend's `checkNumberValid` after its `(int)` cast: 0 → blank (dropped and refunded);
 * 10 characters → valid, sent as 91 + number; 11 or 12 characters → valid, sent as is (a leading 0 is
 * already gone after the cast); anything else → invalid (charged, then refunded after an immediate send).
 * Lengths are PHP `strlen` of the integer, so a minus sign counts. The backend's configurable
 * invalid-series table is not modelled.
 */
export function upstreamNumber(token: string): UpstreamNumber {
  const cast = phpIntCastText(token);
  if (cast === "0") return { verdict: "blank", receiver: null };
  if (cast.length === 10) return { verdict: "valid", receiver: `91${cast}` };
  if (cast.length === 11 || cast.length === 12) return { verdict: "valid", receiver: cast };
  return { verdict: "invalid", receiver: null };
}

/** How the real backend would treat one raw token (PHP (int) cast; 10 digits → 91-prefixed, 11 with leading 0 → 91…,
 *  12 kept; else invalid; 0/non-numeric → "blank" (dropped and refunded)). For warnings and for tests. */
export function upstreamNumberVerdict(token: string): "valid" | "invalid" | "blank" {
  return upstreamNumber(token).verdict;
}
