/**
 * Splits the recipients of one send into upstream requests whose URLs stay under a byte limit
 * (send-message and voice-send-sms are GETs: reverse proxies commonly refuse URLs over 8 KB).
 */
import { InvalidInputError } from "./errors.js";

/** Bytes a comma between two numbers takes once URL-encoded (`%2C`). */
const SEPARATOR_BYTES = 3;

/**
 * Greedy chunks of `numbers` such that `urlLength({...base, mobileNumbers: chunk}) <= maxUrlBytes`.
 * `urlLength` is the client's exact measure; it is called once for the base and once per chunk to confirm.
 */
export function planChunks<R extends { mobileNumbers: string[] }>(
  base: Omit<R, "mobileNumbers">,
  numbers: readonly string[],
  maxUrlBytes: number,
  urlLength: (request: R) => number,
): string[][] {
  const withNumbers = (mobileNumbers: string[]) => ({ ...base, mobileNumbers }) as R;
  const baseBytes = urlLength(withNumbers([]));
  if (baseBytes + (numbers[0]?.length ?? 0) > maxUrlBytes) {
    throw new InvalidInputError([
      {
        field: "variables",
        message: `the rendered message makes the request URL ${baseBytes} bytes, over the ${maxUrlBytes}-byte limit`,
      },
    ]);
  }
  const chunks: string[][] = [];
  let current: string[] = [];
  let bytes = baseBytes;
  for (const number of numbers) {
    const extra = number.length + (current.length > 0 ? SEPARATOR_BYTES : 0);
    if (current.length > 0 && bytes + extra > maxUrlBytes) {
      chunks.push(current);
      current = [];
      bytes = baseBytes;
    }
    bytes += number.length + (current.length > 0 ? SEPARATOR_BYTES : 0);
    current.push(number);
  }
  if (current.length > 0) chunks.push(current);
  for (const chunk of chunks) {
    const actual = urlLength(withNumbers(chunk));
    if (actual > maxUrlBytes) throw new RangeError(`chunk URL is ${actual} bytes, over ${maxUrlBytes}`);
  }
  return chunks;
}
