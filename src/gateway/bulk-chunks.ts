/**
 * Splits the recipients of one send into upstream requests whose URLs stay under a byte limit
 * (send-message is a GET: reverse proxies commonly refuse URLs over 8 KB).
 */
import type { SendMessageRequest } from "../quickcom/types.js";
import { InvalidInputError } from "./errors.js";

/** Bytes a comma between two numbers takes once URL-encoded (`%2C`). */
const SEPARATOR_BYTES = 3;

/**
 * Greedy chunks of `numbers` such that `urlLength({...base, mobileNumbers: chunk}) <= maxUrlBytes`.
 * `urlLength` is the client's exact measure; it is called once for the base and once per chunk to confirm.
 */
export function planChunks(
  base: Omit<SendMessageRequest, "mobileNumbers">,
  numbers: readonly string[],
  maxUrlBytes: number,
  urlLength: (request: SendMessageRequest) => number,
): string[][] {
  const baseBytes = urlLength({ ...base, mobileNumbers: [] });
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
    const actual = urlLength({ ...base, mobileNumbers: chunk });
    if (actual > maxUrlBytes) throw new RangeError(`chunk URL is ${actual} bytes, over ${maxUrlBytes}`);
  }
  return chunks;
}
