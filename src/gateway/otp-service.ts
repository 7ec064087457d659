/**
 * `sendOtp`: one OTP SMS to one number over QuickCom's `send-otp` route. The code is the caller's or drawn with a
 * CSPRNG; it goes upstream and back to the caller, and nowhere else: the audit trail gets a keyed digest, the
 * idempotency record a sealed copy (so a replay can answer it), the logs a scrubber that redacts it while the
 * request runs. Before anything leaves: input, template, idempotency, the per-number resend throttle and the
 * credit caps. No confirmation step (an OTP is one message to one number, usually sent by a login flow): the
 * throttle, the caps and the idempotency key are what keep an agent loop from flooding a phone.
 */
import { randomUUID } from "node:crypto";
import { QuickcomError } from "../quickcom/client/errors.js";
import { analyzeText } from "../quickcom/domain/encoding.js";
import { normalizeMobileNumber } from "../quickcom/domain/numbers.js";
import { renderTemplate } from "../quickcom/domain/template.js";
import type { SendMessageRequest, SendMessageResponse } from "../quickcom/types.js";
import type { AuditStore, KeyUse } from "./audit.js";
import { ChunkRunner, type ChunkRunnerDeps, concludeSend, isUnsent } from "./chunk-runner.js";
import type { CreditCapLedger } from "./credit-cap-ledger.js";
import {
  ForbiddenError,
  fromUpstreamError,
  IdempotencyConflictError,
  IdempotencyKeyUsedError,
  InvalidNumbersError,
  SendInProgressError,
  StateUnavailableError,
} from "./errors.js";
import { type ChunkState, type IdempotencyStore, newSendRecord, type SendRecord } from "./idempotency.js";
import type { OtpKeys } from "./otp-code.js";
import { generateOtpCode } from "./otp-code.js";
import { OtpThrottledError } from "./otp-errors.js";
import { checkOtpTemplate, otpFingerprint, type SendOtpInput, validateOtpInput } from "./otp-input.js";
import type { OtpThrottleStore } from "./otp-throttle.js";
import type { OtpThrottleRule } from "./otp-throttle-rules.js";
import { findTemplate } from "./preview.js";
import { SendAttemptAudit } from "./send-attempt-audit.js";
import type { SendContext } from "./send-service.js";
import type { SendLogger } from "./send-types.js";

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

/** Dependencies of {@link OtpService}. */
export interface OtpServiceDeps {
  idempotency: IdempotencyStore;
  audit: AuditStore;
  /** The credit caps, shared with the SMS path so both count against one daily cap. */
  credits: CreditCapLedger;
  throttle: OtpThrottleStore;
  /** OTP_THROTTLE; none = no throttle. */
  throttleRules: readonly OtpThrottleRule[];
  keys: OtpKeys;
  /** Digits of a generated code (OTP_CODE_LENGTH). */
  codeLength: number;
  logger: SendLogger;
  secrets?: TransientSecrets;
  onChunk?: ChunkRunnerDeps["onChunk"];
  /** Makes the idempotency key of a send that came without one (default `gw-` and a random UUID). */
  newKey?: () => string;
}

/** Audit outcomes after which a key may have sent something. */
const MAY_HAVE_SENT = new Set<KeyUse["outcome"]>(["STARTED", "SENT", "PARTIAL", "UNKNOWN", "REPLAYED"]);

/** The route_type sent with an OTP (0: OTP, billed on the transactional wallet). */
const OTP_ROUTE_TYPE = 0;

/** The stored fingerprint of an OTP record: the input's fingerprint, then the sealed code. */
function storedFingerprint(fingerprint: string, sealed: string): string {
  return `${fingerprint}.${sealed}`;
}

/** Sends OTPs. One instance per gateway. */
export class OtpService {
  private readonly chunks: ChunkRunner;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: OtpServiceDeps) {
    this.chunks = new ChunkRunner({ concurrency: 1, logger: deps.logger, onChunk: deps.onChunk });
  }

  /** Resolves once every OTP send under way has finished and been audited (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /**
   * Sends one OTP, or returns the stored answer of its idempotency key. Throws a GatewayError: nothing sent,
   * or SendOutcomeUnknownError.
   */
  send(ctx: SendContext, raw: SendOtpInput): Promise<OtpSent> {
    const sending = this.sendOnce(ctx, raw);
    this.running.add(sending);
    const forget = () => this.running.delete(sending);
    sending.then(forget, forget);
    return sending;
  }

  private async sendOnce(ctx: SendContext, raw: SendOtpInput): Promise<OtpSent> {
    const forget: Array<() => void> = [];
    const hold = (code: string) => forget.push(this.deps.secrets?.registerTransient(code) ?? (() => {}));
    if (typeof raw?.code === "string") hold(raw.code);
    try {
      return await this.attempt(ctx, raw, hold);
    } finally {
      for (const unregister of forget) unregister();
    }
  }

  private async attempt(ctx: SendContext, raw: SendOtpInput, hold: (code: string) => void): Promise<OtpSent> {
    const { keys } = this.deps;
    const input = validateOtpInput(raw, this.deps.codeLength);
    const key = input.idempotencyKey ?? (this.deps.newKey ?? (() => `gw-${randomUUID()}`))();
    let code = input.code ?? generateOtpCode(input.codeLength);
    hold(code);
    const subject = {
      actor: ctx.actor,
      transport: ctx.transport,
      credential: ctx.credentialKey,
      requestId: ctx.requestId,
      dltTemplateId: input.dltTemplateId,
      route: "OTP",
      idempotencyKey: key,
      otpCodeDigest: keys.codeDigest(code),
    };
    const audit = new SendAttemptAudit({
      store: this.deps.audit,
      now: () => ctx.now(),
      subject,
      requested: 1,
    });
    const ran: ChunkState[] = [];
    const releases: Array<() => Promise<void>> = [];
    try {
      if (!ctx.canSend)
        throw new ForbiddenError("This gateway token lacks the `send` scope; nothing was sent.");
      const number = normalizeMobileNumber(input.mobileNumber);
      if (number === null) throw new InvalidNumbersError([input.mobileNumber]);
      const fingerprint = otpFingerprint(
        input,
        number,
        input.code ? keys.digest("given-code", input.code) : null,
        ctx.actor,
      );
      const existing = await this.deps.idempotency.get(ctx.credentialKey, key);
      if (existing) {
        code = this.storedCode(existing, fingerprint, key);
        hold(code);
        subject.otpCodeDigest = keys.codeDigest(code);
        if (existing.inFlight) throw new SendInProgressError(key);
        if (!existing.chunks.some(isUnsent)) {
          const replay = concludeSend(existing, key, null);
          await audit.replayed();
          return this.sent(replay, code, input.code === null, number, true);
        }
      } else {
        await this.refuseKeyUsedBefore(ctx, key);
      }
      // The throttle comes before the template read: a flood of resends costs no upstream call at all.
      releases.push(await this.takeThrottleSlot(ctx, number));
      const template = findTemplate(await ctx.upstream.templates.load("self"), input.dltTemplateId);
      checkOtpTemplate(template);
      const message = renderTemplate(template.body, [code]);
      const credits = analyzeText(message, { unicodeTemplate: template.unicode }).billing.creditsPerMessage;
      releases.push(await this.deps.credits.reserve(ctx.credentialKey, credits, ctx.now()));
      const record =
        existing ??
        newSendRecord(storedFingerprint(fingerprint, keys.seal(code)), [[number]], ctx.now().getTime());
      const held = existing
        ? await this.deps.idempotency.resume(ctx.credentialKey, key, record)
        : await this.deps.idempotency.claim(ctx.credentialKey, key, record);
      if (!held) throw new SendInProgressError(key);
      try {
        await audit.begin(1, credits);
      } catch (error) {
        await (existing
          ? this.deps.idempotency.settle(ctx.credentialKey, key, record)
          : this.deps.idempotency.delete(ctx.credentialKey, key)
        ).catch((e: unknown) => this.logStateError(ctx, e, "could not release an unsent key"));
        throw error;
      }
      await this.run(
        ctx,
        record,
        key,
        ran,
        {
          dltTemplateId: template.dltTemplateId,
          route: OTP_ROUTE_TYPE,
          variables: [code],
          message,
          flash: false,
        },
        code,
      );
      if (ran.every((chunk) => chunk.status === "FAILED")) {
        const slot = releases[0];
        releases[0] = async () => {};
        await slot?.();
      }
      const outcome = concludeSend(record, key, null);
      await audit.sent(1, ran).catch((e: unknown) => {
        if (!(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit an OTP that went out");
      });
      return this.sent(outcome, code, input.code === null, number, false);
    } catch (error) {
      const failure = error instanceof QuickcomError ? fromUpstreamError(error) : error;
      if (ran.length === 0) {
        for (const release of releases.splice(0)) {
          await release().catch((e: unknown) =>
            this.logStateError(ctx, e, "could not release a reservation"),
          );
        }
      }
      await audit.failed(failure, ran).catch((e: unknown) => {
        if (ran.length === 0 || !(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit an OTP that may have gone out");
      });
      throw failure;
    } finally {
      // The throttle slot stays taken once the OTP may have gone out; the credit reservation always ends here.
      const credit = releases[1];
      await credit?.().catch((e: unknown) => this.logStateError(ctx, e, "could not release a reservation"));
    }
  }

  /** The code sealed in a stored record of this key; refuses a record of another input or another send. */
  private storedCode(existing: SendRecord, fingerprint: string, key: string): string {
    const [stored, sealed] = existing.fingerprint.split(".", 2);
    if (stored !== fingerprint || sealed === undefined) throw new IdempotencyConflictError(key);
    const code = this.deps.keys.open(sealed);
    if (code === null) {
      const uuids = existing.chunks.flatMap((c) => (c.response ? [c.response.uuid] : []));
      throw new IdempotencyKeyUsedError(key, "SENT", new Date(existing.createdAt).toISOString(), uuids);
    }
    return code;
  }

  /** Takes the number's throttle slot or throws {@link OtpThrottledError}; returns its release. */
  private async takeThrottleSlot(ctx: SendContext, number: string): Promise<() => Promise<void>> {
    const rules = this.deps.throttleRules;
    if (rules.length === 0) return async () => {};
    const now = ctx.now();
    const digest = this.deps.keys.numberDigest(ctx.credentialKey, number);
    const slot = await this.deps.throttle.acquire(ctx.credentialKey, digest, rules, now.getTime());
    if ("retryAt" in slot) throw new OtpThrottledError(new Date(slot.retryAt), now);
    return slot.release;
  }

  /** Sends the record's one chunk over `send-otp`; the response is stored with the code masked. */
  private async run(
    ctx: SendContext,
    record: SendRecord,
    key: string,
    ran: ChunkState[],
    request: Omit<SendMessageRequest, "mobileNumbers">,
    code: string,
  ): Promise<void> {
    try {
      await this.chunks.run({
        record,
        idempotencyKey: key,
        requestId: ctx.requestId,
        ran,
        send: async (mobileNumbers) =>
          masked(
            (await ctx.client.sendOtp({ ...request, mobileNumbers }, { idempotencyKey: key })).data,
            code,
          ),
      });
    } finally {
      await this.deps.idempotency
        .settle(ctx.credentialKey, key, record)
        .catch((e: unknown) => this.logStateError(ctx, e, "could not store an OTP's record"));
      await ctx.upstream.afterSend();
    }
  }

  private sent(
    outcome: ReturnType<typeof concludeSend>,
    code: string,
    codeGenerated: boolean,
    mobileNumber: string,
    replayed: boolean,
  ): OtpSent {
    return {
      code,
      codeGenerated,
      mobileNumber,
      uuid: outcome.uuid,
      senderId: outcome.senderId,
      status: outcome.status,
      creditsPerMessage: outcome.creditsPerMessage,
      creditsDeducted: outcome.creditsDeducted,
      idempotencyKey: outcome.idempotencyKey,
      replayed,
    };
  }

  /** Refuses a key the audit trail shows already sent (or may have sent) though no record of it is held. */
  private async refuseKeyUsedBefore(ctx: SendContext, key: string): Promise<void> {
    const since = new Date(ctx.now().getTime() - this.deps.idempotency.ttlMs);
    const uses = await this.deps.audit.usesOfKey(ctx.credentialKey, key, since);
    const spent = uses.find((use) => MAY_HAVE_SENT.has(use.outcome));
    if (spent) {
      const campaigns = [...new Set(uses.flatMap((use) => use.campaignUuids))];
      throw new IdempotencyKeyUsedError(key, spent.outcome, spent.at, campaigns);
    }
  }

  private logStateError(ctx: SendContext, error: unknown, what: string): void {
    this.deps.logger.warn({ requestId: ctx.requestId, err: String(error) }, what);
  }
}

/** The upstream's answer with every occurrence of the code masked, as the idempotency record keeps it. */
function masked(response: SendMessageResponse, code: string): SendMessageResponse {
  return { ...response, message: response.message.split(code).join("*".repeat(code.length)) };
}
