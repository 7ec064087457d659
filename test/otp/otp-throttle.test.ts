/**
 * The OTP resend throttle on both state engines: the rules' arithmetic, one slot per window however many replicas
 * race for it, the retry time, a released slot, and keys that never hold the number in clear (Redis).
 */

import type { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateOtpCode, OtpKeys } from "../../src/gateway/otp-code.js";
import { MemoryOtpThrottle, type OtpThrottleStore } from "../../src/gateway/otp-throttle.js";
import {
  DEFAULT_OTP_THROTTLE,
  nextAllowedAt,
  parseOtpThrottle,
} from "../../src/gateway/otp-throttle-rules.js";
import { RedisKeys } from "../../src/state/redis-keys.js";
import { RedisOtpThrottle } from "../../src/state/redis-otp-throttle.js";
import { startTestRedis, type TestRedis } from "../support/redis.js";

describe("OTP_THROTTLE rules", () => {
  it.each([
    [
      "1/30s,5/1h",
      [
        { limit: 1, windowMs: 30_000 },
        { limit: 5, windowMs: 3_600_000 },
      ],
    ],
    ["3 / 10m", [{ limit: 3, windowMs: 600_000 }]],
    ["off", []],
  ])("parses %s", (text, rules) => expect(parseOtpThrottle(text)).toEqual(rules));

  it.each(["", "5", "1/30", "0/30s", "1/0s", "x/1h", "1/8d"])("refuses %j with a sentence", (text) => {
    expect(typeof parseOtpThrottle(text)).toBe("string");
  });

  it("frees a full rule when the oldest of its last sends leaves the window", () => {
    const rules = DEFAULT_OTP_THROTTLE;
    expect(nextAllowedAt([], rules, 1_000)).toBe(1_000);
    expect(nextAllowedAt([0], rules, 10_000)).toBe(30_000);
    const five = [0, 60_000, 120_000, 180_000, 240_000];
    expect(nextAllowedAt(five, rules, 300_000)).toBe(3_600_000);
  });

  it("draws codes of the asked length from all ten digits", () => {
    const digits = new Set(Array.from({ length: 200 }, () => generateOtpCode(6)).join(""));
    expect(digits.size).toBe(10);
    expect(generateOtpCode(4)).toMatch(/^[0-9]{4}$/);
  });

  it("seals a code so only the same key opens it, and digests numbers with a key", () => {
    const keys = new OtpKeys(Buffer.alloc(32, 1));
    const sealed = keys.seal("482913");
    expect(sealed).not.toContain("482913");
    expect(keys.open(sealed)).toBe("482913");
    expect(new OtpKeys(Buffer.alloc(32, 2)).open(sealed)).toBeNull();
    expect(keys.numberDigest("c", "9876543210")).not.toBe(
      new OtpKeys(Buffer.alloc(32, 2)).numberDigest("c", "9876543210"),
    );
  });
});

let server: TestRedis;
let client: Redis;
const keys = new RedisKeys("qcg-otp-test:");
beforeAll(async () => {
  server = await startTestRedis();
  client = await server.client();
});
beforeEach(() => server.flush());
afterAll(() => server.close());

const memory = { store: new MemoryOtpThrottle() };
const ENGINES: Array<[string, () => OtpThrottleStore]> = [
  ["memory", () => memory.store],
  ["redis", () => new RedisOtpThrottle(client, keys)],
];

describe.each(ENGINES)("OtpThrottleStore (%s)", (name, replica) => {
  beforeEach(() => {
    memory.store = new MemoryOtpThrottle();
  });
  const rules = DEFAULT_OTP_THROTTLE;
  const T = 1_800_000_000_000;

  it("of concurrent sends to one number on several replicas exactly one gets the slot", async () => {
    const slots = await Promise.all(
      Array.from({ length: 8 }, () => replica().acquire("cred", "num", rules, T)),
    );
    expect(slots.filter((s) => "release" in s)).toHaveLength(1);
    for (const slot of slots.filter((s) => "retryAt" in s)) expect(slot).toEqual({ retryAt: T + 30_000 });
  });

  it("counts per credential and number, frees after the window, and 5 per hour", async () => {
    expect("release" in (await replica().acquire("cred", "num", rules, T))).toBe(true);
    expect("release" in (await replica().acquire("cred", "other", rules, T))).toBe(true);
    expect("release" in (await replica().acquire("cred-2", "num", rules, T))).toBe(true);
    for (let i = 1; i < 5; i++) {
      expect("release" in (await replica().acquire("cred", "num", rules, T + i * 30_000))).toBe(true);
    }
    expect(await replica().acquire("cred", "num", rules, T + 5 * 30_000)).toEqual({ retryAt: T + 3_600_000 });
    expect("release" in (await replica().acquire("cred", "num", rules, T + 3_600_000))).toBe(true);
  });

  it("a released slot (nothing was sent) lets the next send go at once", async () => {
    const slot = await replica().acquire("cred", "num", rules, T);
    if (!("release" in slot)) throw new Error("expected a slot");
    await slot.release();
    expect("release" in (await replica().acquire("cred", "num", rules, T + 1))).toBe(true);
  });

  it.runIf(name === "redis")("keeps one expiring key named by the digest, never the number", async () => {
    const digest = new OtpKeys(Buffer.alloc(32, 3)).numberDigest("cred", "9876543210");
    await replica().acquire("cred", digest, rules, Date.now());
    const names = await client.keys("qcg-otp-test:*");
    expect(names).toEqual([`qcg-otp-test:c:cred:otp-sends:${digest}`]);
    expect(names.join()).not.toContain("9876543210");
    expect(await client.pttl(names[0] as string)).toBeGreaterThan(3_500_000);
  });
});
