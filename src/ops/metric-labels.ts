/**
 * Label values for Prometheus metrics: clipped to a safe alphabet and length, and bounded in number
 * so a caller inventing operation names (or an upstream inventing error codes) cannot grow the
 * metric series without limit.
 */

/** `value` with every character outside `[A-Za-z0-9_]` replaced by `_`, clipped to `maxLength`. */
export function clipLabel(value: string, maxLength: number): string {
  return value.replace(/[^A-Za-z0-9_]/g, "_").slice(0, maxLength);
}

/** Remembers the first `limit` distinct label values; every later new value maps to `overflow`. */
export class BoundedLabelSet {
  readonly #seen = new Set<string>();

  /**
   * @param limit how many distinct values are kept as themselves.
   * @param overflow the value reported for every new value beyond the limit.
   */
  constructor(
    readonly limit: number,
    readonly overflow = "other",
  ) {}

  /** `value` itself when already seen or while fewer than `limit` values are known, else `overflow`. */
  admit(value: string): string {
    if (this.#seen.has(value)) return value;
    if (this.#seen.size >= this.limit) return this.overflow;
    this.#seen.add(value);
    return value;
  }

  /** How many distinct values have been admitted. */
  get size(): number {
    return this.#seen.size;
  }
}
