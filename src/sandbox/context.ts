/** What every sandbox endpoint handler receives, and the authentication chain they all start with. */
import type { DeliverySettings } from "./delivery.js";
import { type ApiAnswer, accountInactive, invalidKeys, ipNotAllowed, type RequestTimes } from "./envelope.js";
import type { PresentedCredentials, RequestParams } from "./request.js";
import type { SandboxAccount, SandboxState } from "./state.js";

/** One API request as a handler sees it. */
export interface HandlerContext {
  state: SandboxState;
  params: RequestParams;
  /** Decoded path parameters after the endpoint's name (byte strings), e.g. the uuid of `send-report/{uuid}`. */
  pathParams: readonly string[];
  credentials: PresentedCredentials;
  /** Caller IP as Laravel's `request()->ip()` reports it. */
  ip: string;
  times: RequestTimes;
  /** Uniform random numbers in [0, 1) (uuids). */
  random: () => number;
  /** How recipients of immediate sends are delivered. */
  delivery: DeliverySettings;
}

/** Result of the authentication chain: the account, or the error answer to send. */
export type AuthResult = { account: SandboxAccount } | { answer: ApiAnswer };

/**
 * `matchToken` (exact, case-sensitive key and secret) → IP whitelist (1001) → account status (1016),
 * in the backend's order.
 */
export function authenticate(ctx: HandlerContext): AuthResult {
  const { appKey, appSecret } = ctx.credentials;
  const account =
    appKey === null || appSecret === null
      ? undefined
      : ctx.state.accounts.find((row) => row.appKey === appKey && row.appSecret === appSecret);
  if (!account) return { answer: invalidKeys(ctx.times) };
  if (account.ipSecurityEnabled && !account.ipWhitelist.includes(ctx.ip)) {
    return { answer: ipNotAllowed(ctx.times, ctx.ip) };
  }
  if (account.status !== 1) return { answer: accountInactive(ctx.times) };
  return { account };
}
