/**
 * PHP 8's `(int)` cast of a string, which the QuickCom backend applies to every
 * mobile-number token. Only what the number rules need: the decimal text of the result.
 */

/** PHP's numeric-string prefix: whitespace, sign, digits with an optional fraction, optional exponent. */
const NUMERIC_PREFIX = /^[ \t\n\r\v\f]*([+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?)/;

const INT64_MAX = "9223372036854775807";
const INT64_MIN = "-9223372036854775808";

/**
 * Decimal text of `(int) $value` in PHP 8 on a 64-bit build: the leading numeric prefix
 * (`"+919876543210"` → `"919876543210"`, `"98765abc"` → `"98765"`, `"1e3"` → `"1000"`),
 * `"0"` when there is none, saturated at the int64 limits.
 */
export function phpIntCastText(value: string): string {
  const prefix = NUMERIC_PREFIX.exec(value)?.[1];
  if (prefix === undefined) return "0";
  if (/^[+-]?\d+$/.test(prefix)) {
    const negative = prefix.startsWith("-");
    const digits = prefix.replace(/^[+-]/, "").replace(/^0+(?=\d)/, "");
    if (digits === "0") return "0";
    if (digits.length > 19 || (digits.length === 19 && digits > INT64_MAX)) {
      return negative ? INT64_MIN : INT64_MAX;
    }
    return negative ? `-${digits}` : digits;
  }
  const truncated = Math.trunc(Number(prefix));
  if (truncated >= 9.2e18) return INT64_MAX;
  if (truncated <= -9.2e18) return INT64_MIN;
  return truncated === 0 ? "0" : BigInt(truncated).toString();
}
