/**
 * `json_encode()` as Laravel's `JsonResponse` calls it (no flags): `/` escaped as `\/`, every non-ASCII
 * character as a lowercase `\uXXXX` escape, and PHP floats written with a fractional part (`3.0`).
 */

const FLOAT_MARK = "\u0000php-float:";

/** A PHP float: serialised as `3.0` (not `3`) the way PHP ≥ 7.1 does. */
export class PhpFloat {
  /** @param value the float value */
  constructor(readonly value: number) {}

  /** JSON hook: a marker string that {@link phpJsonEncode} turns back into a bare number. */
  toJSON(): string {
    let text: string;
    if (Object.is(this.value, -0)) text = "-0.0";
    else if (Number.isInteger(this.value)) text = `${this.value}.0`;
    else text = String(this.value);
    return `${FLOAT_MARK}${text}`;
  }
}

/** Encodes a value exactly like PHP's `json_encode($value)` with default flags. */
export function phpJsonEncode(value: unknown): string {
  return JSON.stringify(value)
    .replace(/"\\u0000php-float:([^"]*)"/g, "$1")
    .replace(/\//g, "\\/")
    .replace(/[\u0080-\uffff]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
