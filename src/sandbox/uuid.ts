/** Time-based (version 1) UUIDs like the backend's `Uuid::generate()`, from an injected clock and random source. */

const GREGORIAN_OFFSET_MS = 12219292800000n;

function hex(value: bigint | number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

/** A version-1 UUID for the instant `date`, with random clock sequence and node. */
export function uuidV1(date: Date, random: () => number): string {
  const ticks =
    (BigInt(date.getTime()) + GREGORIAN_OFFSET_MS) * 10000n + BigInt(Math.floor(random() * 10000));
  const timeLow = ticks & 0xffffffffn;
  const timeMid = (ticks >> 32n) & 0xffffn;
  const timeHigh = ((ticks >> 48n) & 0x0fffn) | 0x1000n;
  const clockSeq = (Math.floor(random() * 0x4000) | 0x8000) & 0xbfff;
  let node = "";
  for (let i = 0; i < 6; i++) node += hex(Math.floor(random() * 256), 2);
  return `${hex(timeLow, 8)}-${hex(timeMid, 4)}-${hex(timeHigh, 4)}-${hex(clockSeq, 4)}-${node}`;
}
