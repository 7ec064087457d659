/**
 * The OTP channel of the send pipeline (`sendOtp`): one OTP SMS to one number over QuickCom's `send-otp` route,
 * billed on `transaction_balance`. The code is the caller's or drawn with a CSPRNG; it goes upstream and back to
 * the caller, and nowhere else: the audit trail gets a keyed digest, the idempotency record a sealed copy (so a
 * replay can answer it), the logs a scrubber that redacts it while the request runs. The per-number resend
 * throttle is taken before any read, so a flood of resends costs no upstream call. No confirmation step (an OTP
 * is one message to one number, usually sent by a login flow): the throttle, the caps and the idempotency key
 * keep an agent loop from flooding a phone.
 */
import { analyzeText } from "../quickcom/domain/encoding.js";
import { normalizeMobileNumber } from "../quickcom/domain/numbers.js";
import { renderTemplate } from "../quickcom/domain/template.js";
import type { RouteType, SendMessageResponse } from "../quickcom/types.js";
import { IdempotencyConflictError, IdempotencyKeyUsedError, InvalidNumbersError } from "./errors.js";
import type { SendRecord } from "./idempotency.js";
import { generateOtpCode, type OtpKeys } from "./otp-code.js";
import { OtpThrottledError } from "./otp-errors.js";
import {
  checkOtpTemplate,
  otpFingerprint,
  type SendOtpInput,
  type ValidOtpInput,
  validateOtpInput,
} from "./otp-input.js";
import type { OtpThrottleStore } from "./otp-throttle.js";
import type { OtpThrottleRule } from "./otp-throttle-rules.js";
import { findTemplate } from "./preview.js";
import type { SendContext } from "./send-context.js";
import type { ChannelAttempt, PricedSend, SendChannel } from "./send-pipeline.js";
import type { SendOutcome } from "./send-types.js";

/** An OTP that went out (or the stored answer of its idempotency key). */
export interface OtpSent {
  /** The code sent: returned to the caller that sent it, so it can verify the user's answer. */
  code: string;
  /** Whether the gateway generated the code (the caller gave none). */
  codeGenerated: boolean;
  /** The recipient, normalised to 10 digits. */
  mobileNumber: string;
  uuid: string;
  senderId: string;
  status: string;
  creditsPerMessage: number;
  creditsDeducted: number;
  idempotencyKey: string;
  replayed: boolean;
}

/** Short-lived secrets the logger scrubs (an OTP code while its request runs). */
export interface TransientSecrets {
  registerTransient(value: string): () => void;
}

/** What an OTP send's pricing shows: the rendered message and its credits. */
export interface OtpPricing {
  message: string;
  creditsPerMessage: number;
}

/** Dependencies of {@link OtpChannel}. */
export interface OtpChannelDeps {
  throttle: OtpThrottleStore;
  /** OTP_THROTTLE; none = no throttle. */
  throttleRules: readonly OtpThrottleRule[];
  keys: OtpKeys;
  /** Digits of a generated code (OTP_CODE_LENGTH). */
  codeLength: number;
  secrets?: TransientSecrets;
}

/** The route_type sent with an OTP (0: OTP, billed on the transactional wallet). */
const OTP_ROUTE_TYPE: RouteType = 0;

/** The OTP channel. */
export class OtpChannel implements SendChannel<ValidOtpInput, OtpPricing, OtpSent> {
  readonly balance = "transaction_balance";
  readonly confirmation = null;

  /** @param deps the throttle, the code keys and the log scrubber. */
  constructor(private readonly deps: OtpChannelDeps) {}

  /** {@inheritDoc SendChannel.validate} */
  validate(raw: unknown): ValidOtpInput {
    return validateOtpInput(raw as SendOtpInput, this.deps.codeLength);
  }

  /** {@inheritDoc SendChannel.attempt} */
  attempt(input: ValidOtpInput): ChannelAttempt<OtpPricing, OtpSent> {
    return new OtpAttempt(input, this.deps);
  }
}

class OtpAttempt implements ChannelAttempt<OtpPricing, OtpSent> {
  readonly subject: { dltTemplateId: string; route: string; otpCodeDigest: string };
  readonly requested = 1;
  private code: string;
  private number = "";
  private readonly forget: Array<() => void> = [];

  constructor(
    private readonly input: ValidOtpInput,
    private readonly deps: OtpChannelDeps,
  ) {
    this.code = input.code ?? generateOtpCode(input.codeLength);
    this.hide(this.code);
    this.subject = {
      dltTemplateId: input.dltTemplateId,
      route: "OTP",
      otpCodeDigest: deps.keys.codeDigest(this.code),
    };
  }

  /** The fingerprint covers the actor: a replay answers the code, so only the key's own caller may replay it. */
  check(ctx: SendContext): string {
    const number = normalizeMobileNumber(this.input.mobileNumber);
    if (number === null) throw new InvalidNumbersError([this.input.mobileNumber]);
    this.number = number;
    const given = this.input.code ? this.deps.keys.digest("given-code", this.input.code) : null;
    return otpFingerprint(this.input, number, given, ctx.actor);
  }

  /** A stored record carries the sealed code after its fingerprint: the replay answers that code. */
  adopt(record: SendRecord, fingerprint: string, key: string): void {
    const [stored, sealed] = record.fingerprint.split(".", 2);
    if (stored !== fingerprint || sealed === undefined) throw new IdempotencyConflictError(key);
    const code = this.deps.keys.open(sealed);
    if (code === null) {
      const uuids = record.chunks.flatMap((c) => (c.response ? [c.response.uuid] : []));
      throw new IdempotencyKeyUsedError(key, "SENT", new Date(record.createdAt).toISOString(), uuids);
    }
    this.code = code;
    this.hide(code);
    this.subject.otpCodeDigest = this.deps.keys.codeDigest(code);
  }

  recordFingerprint(fingerprint: string): string {
    return `${fingerprint}.${this.deps.keys.seal(this.code)}`;
  }

  async hold(ctx: SendContext): Promise<() => Promise<void>> {
    const rules = this.deps.throttleRules;
    if (rules.length === 0) return async () => {};
    const now = ctx.now();
    const digest = this.deps.keys.numberDigest(ctx.credentialKey, this.number);
    const slot = await this.deps.throttle.acquire(ctx.credentialKey, digest, rules, now.getTime());
    if ("retryAt" in slot) throw new OtpThrottledError(new Date(slot.retryAt), now);
    return slot.release;
  }

  async price(ctx: SendContext): Promise<PricedSend<OtpPricing>> {
    const template = findTemplate(await ctx.upstream.templates.load("self"), this.input.dltTemplateId);
    checkOtpTemplate(template);
    const code = this.code;
    const message = renderTemplate(template.body, [code]);
    const credits = analyzeText(message, { unicodeTemplate: template.unicode }).billing.creditsPerMessage;
    const request = {
      dltTemplateId: template.dltTemplateId,
      route: OTP_ROUTE_TYPE,
      variables: [code],
      message,
      flash: false,
    };
    return {
      preview: { message, creditsPerMessage: credits },
      creditsPerMessage: credits,
      estimatedCredits: credits,
      scheduledAt: null,
      refuse: () => {},
      chunks: () => [[this.number]],
      send: async (mobileNumbers, idempotencyKey) =>
        masked((await ctx.client.sendOtp({ ...request, mobileNumbers }, { idempotencyKey })).data, code),
    };
  }

  result(outcome: SendOutcome, replayed: boolean): OtpSent {
    return {
      code: this.code,
      codeGenerated: this.input.code === null,
      mobileNumber: this.number,
      uuid: outcome.uuid,
      senderId: outcome.senderId,
      status: outcome.status,
      creditsPerMessage: outcome.creditsPerMessage,
      creditsDeducted: outcome.creditsDeducted,
      idempotencyKey: outcome.idempotencyKey,
      replayed,
    };
  }

  finish(): void {
    for (const unregister of this.forget.splice(0)) unregister();
  }

  private hide(code: string): void {
    this.forget.push(this.deps.secrets?.registerTransient(code) ?? (() => {}));
  }
}

/** The upstream's answer with every occurrence of the code masked, as the idempotency record keeps it. */
function masked(response: SendMessageResponse, code: string): SendMessageResponse {
  return { ...response, message: response.message.split(code).join("*".repeat(code.length)) };
}
