/**
 * PHP semantics the QuickCom backend (Laravel 9, PHP 8) relies on, reproduced on "byte strings":
 * JS strings where every char code is one byte (0–255). Request parameters stay byte strings until they
 * are written out, so double URL-decoding and byte counts behave exactly like PHP.
 */

/** Converts UTF-8 text into a byte string. */
export function textToBytes(text: string): string {
  return Buffer.from(text, "utf8").toString("latin1");
}

/** Converts a byte string back into text (invalid UTF-8 sequences become U+FFFD). */
export function bytesToText(bytes: string): string {
  return Buffer.from(bytes, "latin1").toString("utf8");
}

/** True when a byte string is well-formed UTF-8 (what PHP's `json_encode` requires). */
export function isValidUtf8(bytes: string): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(Buffer.from(bytes, "latin1"));
    return true;
  } catch {
    return false;
  }
}

/** PHP `empty()` for request values: null, `""` and `"0"` are empty. */
export function phpEmpty(value: string | null | undefined): boolean {
  return value === null || value === undefined || value === "" || value === "0";
}

const PHP_WHITESPACE = " \t\n\r\v\f";
const NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?[ \t\n\r\v\f]*$/;
const LEADING_NUMERIC = /^[ \t\n\r\v\f]*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?/;

/** PHP 8 `is_numeric()` on a string (leading and trailing whitespace allowed). */
export function phpIsNumeric(value: string): boolean {
  return NUMERIC.test(value);
}

/** PHP `trim()` with its default character list. */
export function phpTrim(value: string): string {
  let start = 0;
  let end = value.length;
  const chars = `${PHP_WHITESPACE}\0`;
  while (start < end && chars.includes(value.charAt(start))) start++;
  while (end > start && chars.includes(value.charAt(end - 1))) end--;
  return value.slice(start, end);
}

const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** PHP `(int) $string` on a 64-bit build, returned as its decimal string (so 12+ digit numbers stay exact). */
export function phpIntCast(value: string): string {
  const match = LEADING_NUMERIC.exec(value);
  if (!match) return "0";
  const literal = match[0].trim();
  if (/[.eE]/.test(literal)) {
    const float = Number(literal);
    if (!Number.isFinite(float)) return "0";
    const truncated = Math.trunc(float);
    if (truncated >= 2 ** 63 || truncated < -(2 ** 63)) return "0";
    return BigInt(truncated).toString();
  }
  let int = BigInt(literal);
  if (int > INT64_MAX) int = INT64_MAX;
  if (int < INT64_MIN) int = INT64_MIN;
  return int.toString();
}

/** PHP `urldecode()`: `+` becomes a space and every valid `%xx` becomes its byte; the rest is kept. */
export function phpUrldecode(bytes: string): string {
  return bytes.replace(/\+|%([0-9a-fA-F]{2})/g, (whole, hex: string | undefined) =>
    whole === "+" ? " " : String.fromCharCode(Number.parseInt(hex ?? "0", 16)),
  );
}

/** PHP `rawurldecode()`: every valid `%xx` becomes its byte; `+` is kept. */
export function phpRawurldecode(bytes: string): string {
  return bytes.replace(/%([0-9a-fA-F]{2})/g, (_whole, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}

/**
 * `preg_replace('/{#var#}/i', $replacement, $subject, 1)`: replaces the first slot, honouring PHP's
 * replacement references (`$0`, `${0}`, `\0` give the matched text; other group numbers give "").
 */
export function replaceFirstVariableSlot(subject: string, replacement: string): string {
  const match = /\{#var#\}/i.exec(subject);
  if (!match) return subject;
  const expanded = replacement.replace(/\\\\|\\(\d{1,2})|\$(\d{1,2})|\$\{(\d{1,2})\}/g, (ref, a, b, c) => {
    if (ref === "\\\\") return "\\";
    const group = Number(a ?? b ?? c);
    return group === 0 ? match[0] : "";
  });
  return subject.slice(0, match.index) + expanded + subject.slice(match.index + match[0].length);
}

/** PHP 8 loose `$value <= $limit` where `$value` is a request value (string or null) and `$limit` an int. */
export function phpLessOrEqualInt(value: string | null, limit: number): boolean {
  if (value === null) return true;
  if (phpIsNumeric(value)) return Number(value) <= limit;
  return value <= String(limit);
}

/** A PHP runtime error the backend would catch and answer with error 1005. */
export class PhpRuntimeError extends Error {}

/** Operand of PHP arithmetic: int, float, numeric string or null. */
export type PhpOperand = number | string | null;

function typeName(value: PhpOperand): string {
  if (value === null) return "null";
  if (typeof value === "string") return "string";
  return Number.isInteger(value) ? "int" : "float";
}

function operandNumber(value: PhpOperand, left: PhpOperand, right: PhpOperand, op: string): number {
  if (value === null) return 0;
  if (typeof value === "number") return value;
  if (phpIsNumeric(value)) return Number(value);
  if (LEADING_NUMERIC.test(value)) throw new PhpRuntimeError("A non-numeric value encountered");
  throw new PhpRuntimeError(`Unsupported operand types: ${typeName(left)} ${op} ${typeName(right)}`);
}

/** PHP 8 arithmetic (`-`, `*`, `/`) with its TypeError / warning-as-exception / division-by-zero behaviour. */
export function phpArithmetic(left: PhpOperand, op: "-" | "*" | "/", right: PhpOperand): number {
  const a = operandNumber(left, left, right, op);
  const b = operandNumber(right, left, right, op);
  if (op === "-") return a - b;
  if (op === "*") return a * b;
  if (b === 0) throw new PhpRuntimeError("Division by zero");
  return a / b;
}

/** PHP `(int)` of a number (truncation toward zero). */
export function phpIntOfNumber(value: number): number {
  return Number.isFinite(value) ? Math.trunc(value) : 0;
}

/** PHP 8 loose `$a == $b` between a request value and an int. */
export function phpLooseEqualsInt(value: string | null, int: number): boolean {
  if (value === null) return int === 0;
  if (phpIsNumeric(value)) return Number(value) === int;
  return value === String(int);
}
