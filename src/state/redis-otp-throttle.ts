/**
 * The OTP resend throttle in Redis, shared by replicas: the send times of one (credential, number digest) are a
 * sorted set scored by time. One Lua script drops times older than the longest window, checks every rule and, only
 * when all allow it, adds this send and renews the key's expiry, so concurrent sends on any replica cannot together
 * exceed a rule.
 */
import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import type { OtpSlot, OtpThrottleStore } from "../gateway/otp-throttle.js";
import { longestWindow, type OtpThrottleRule } from "../gateway/otp-throttle-rules.js";
import { stateCall } from "./redis-connection.js";
import type { RedisKeys } from "./redis-keys.js";

const ACQUIRE = `
local now = tonumber(ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
local retry = 0
for i = 4, #ARGV, 2 do
  local limit = tonumber(ARGV[i])
  local window = tonumber(ARGV[i + 1])
  local times = redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. (now - window), '+inf', 'WITHSCORES')
  local count = #times / 2
  if count >= limit then
    local at = tonumber(times[(count - limit) * 2 + 2]) + window
    if at > retry then retry = at end
  end
end
if retry > now then return {0, tostring(retry)} end
redis.call('ZADD', KEYS[1], now, ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {1, '0'}`;

/** {@link OtpThrottleStore} over Redis. */
export class RedisOtpThrottle implements OtpThrottleStore {
  /** Builds the throttle over a connected client. */
  constructor(
    private readonly redis: Redis,
    private readonly keys: RedisKeys,
  ) {}

  /** {@inheritDoc OtpThrottleStore.acquire} */
  acquire(
    credential: string,
    numberDigest: string,
    rules: readonly OtpThrottleRule[],
    now: number,
  ): Promise<OtpSlot> {
    const key = this.keys.otpSends(credential, numberDigest);
    const member = `${now}:${randomUUID()}`;
    return stateCall(async () => {
      const [granted, retryAt] = (await this.redis.eval(
        ACQUIRE,
        1,
        key,
        now,
        member,
        Math.max(1, longestWindow(rules)),
        ...rules.flatMap((rule) => [rule.limit, rule.windowMs]),
      )) as [number, string];
      if (granted !== 1) return { retryAt: Number(retryAt) };
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          await stateCall(() => this.redis.zrem(key, member));
        },
      };
    });
  }
}
