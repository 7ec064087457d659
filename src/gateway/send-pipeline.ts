/**
 * The one path by which the gateway spends money, for every channel (SMS, OTP, WhatsApp, voice). A channel
 * ({@link SendChannel}) says how its input is checked, read, priced and sent; everything else is here, once:
 * the `send` scope, idempotency (a replay answers from the record, a conflicting reuse is refused, the audit
 * trail vouches for keys this process never saw), confirmation (token or human), the operator's credit caps on
 * the balance the channel bills, the claim of the key, the audit intent before the first request, bounded
 * chunking with progress, and the audit of how it ended. Nothing here retries a send.
 */
import { randomUUID } from "node:crypto";
import { QuickcomError } from "../quickcom/client/errors.js";
import type { SendMessageResponse } from "../quickcom/types.js";
import type { AuditStore } from "./audit.js";
import {
  ChunkRunner,
  type ChunkRunnerDeps,
  concludeSend,
  isUnsent,
  unsentRecipients,
} from "./chunk-runner.js";
import type { ConfirmationTokens, ConfirmationVerdict } from "./confirmation.js";
import type { CreditBalance } from "./credit-balance.js";
import type { CreditCapLedger } from "./credit-cap-ledger.js";
import {
  CapExceededError,
  ConfirmationRequiredError,
  ForbiddenError,
  fromUpstreamError,
  type GatewayError,
  IdempotencyConflictError,
  SendInProgressError,
  StateUnavailableError,
} from "./errors.js";
import { type ChunkState, type IdempotencyStore, newSendRecord, type SendRecord } from "./idempotency.js";
import { refuseKeyUsedBefore } from "./key-history.js";
import { type AttemptSubject, SendAttemptAudit } from "./send-attempt-audit.js";
import type { SendContext } from "./send-context.js";
import type { SendLogger, SendOutcome } from "./send-types.js";

/** What to tell the caller for each refused confirmation: what is true of the token, and what to do. */
export type ConfirmationReasons = Record<Exclude<ConfirmationVerdict, "ok"> | "declined" | "used", string>;

/**
 * The refusals of a confirmation, worded for the channel's preview tool and for what its fingerprint covers.
 * @param previewTool the MCP tool that issues the token (e.g. `preview_message`).
 * @param covers what a different input means for this channel (e.g. "the template, recipients… differ").
 */
export function confirmationReasons(previewTool: string, covers: string): ConfirmationReasons {
  return {
    missing: `Sending needs confirmation: call ${previewTool} with the same input, show the preview to the user, and pass its confirmationToken.`,
    malformed: `The confirmationToken is not in the form this gateway issues (copy it whole from ${previewTool}). Call ${previewTool} again and use its token.`,
    foreign: `The confirmationToken was not issued by this gateway: another signing key made it, or it was altered (replicas of one deployment must share CONFIRMATION_SECRET). Call ${previewTool} here and use its token.`,
    expired: `The confirmationToken has expired (tokens live 5 minutes). Call ${previewTool} again and confirm with the new token.`,
    mismatch: `The confirmationToken was issued for a different input: ${covers} or QuickCom account differ from the preview. Preview this exact input and use that token.`,
    declined: "The user did not confirm the send; nothing was sent. Do not send again unless the user asks.",
    used: "The confirmationToken was already used for a send; one confirmation pays for one send. Preview again and ask the user before sending again.",
  };
}

/** A send once read and priced: what it shows, costs, and how one chunk goes out. */
export interface PricedSend<Preview> {
  /** What a human confirms and a preview answers. */
  preview: Preview;
  /** Credits of the channel's balance per recipient (what the caps and the audit count). */
  creditsPerMessage: number;
  /** Credits a new send reserves against the caps (a retry reserves its unsent recipients' instead). */
  estimatedCredits: number;
  /** When the send is scheduled for (null: now). */
  scheduledAt: Date | null;
  /** Refuses, before money moves, what the upstream would refuse or bill wrongly; `retry` is true for a resume. */
  refuse(retry: boolean): void;
  /** The recipients of each chunk of a new record. */
  chunks(): string[][];
  /** Sends one chunk's recipients upstream under the send's key, answered in the record's shape. */
  send(numbers: string[], idempotencyKey: string): Promise<SendMessageResponse>;
}

/** One attempt of a channel's send, from its checked input; the channel may keep per-attempt state in it. */
export interface ChannelAttempt<Preview, Result> {
  /** Audit fields of this attempt (read at each write, so the attempt may complete them as it learns more). */
  readonly subject: Pick<AttemptSubject, "dltTemplateId" | "route" | "otpCodeDigest">;
  /** Recipients the caller asked for. */
  readonly requested: number;
  /** Checks that need no read (recipient caps, numbers); returns the send's fingerprint. */
  check(ctx: SendContext): string;
  /**
   * Checks a stored record of the key against this attempt (default: the fingerprints are equal, else
   * {@link IdempotencyConflictError}).
   */
  adopt?(record: SendRecord, fingerprint: string, idempotencyKey: string): void;
  /** Refusals of a new send (not of a resumed one) that need no read, such as invalid numbers. */
  refuseNew?(): void;
  /**
   * A hold taken before any read (the OTP resend throttle). Its release is called when nothing went out; once
   * something may have, the hold stays taken.
   */
  hold?(ctx: SendContext): Promise<() => Promise<void>>;
  /** Reads what pricing needs and prices; `forSend` makes the balance read required. */
  price(ctx: SendContext, forSend: boolean): Promise<PricedSend<Preview>>;
  /** The gateway error of an upstream failure (default {@link fromUpstreamError}). */
  upstreamError?(error: QuickcomError): GatewayError;
  /** The fingerprint a new record stores (default the check's). */
  recordFingerprint?(fingerprint: string): string;
  /** The caller's answer from the concluded record. */
  result(outcome: SendOutcome, replayed: boolean): Result;
  /** Called once the attempt has ended, however it ended. */
  finish?(): void;
}

/** How one channel's sends are checked, priced and built; the pipeline does the rest. */
export interface SendChannel<Input extends { idempotencyKey: string | null }, Preview, Result> {
  /** The balance the channel bills, whose caps apply. */
  balance: CreditBalance;
  /** Refusals of a confirmation, or null when the channel's sends need none (OTP). */
  confirmation: ConfirmationReasons | null;
  /** Chunks of one send in flight at once (default 1). */
  concurrency?: number;
  /** Validates the raw input; throws InvalidInputError (nothing audited: the input named no send yet). */
  validate(raw: unknown, ctx: SendContext): Input;
  /** Starts one attempt of a validated input. */
  attempt(input: Input): ChannelAttempt<Preview, Result>;
}

/** A preview plus the token that confirms exactly this send. */
export type Confirmable<Preview> = Preview & { confirmationToken: string; confirmationExpiresAt: Date };

/** Dependencies of {@link SendPipeline}. */
export interface SendPipelineDeps {
  idempotency: IdempotencyStore;
  audit: AuditStore;
  /** The operator's caps per balance. */
  credits: CreditCapLedger;
  confirmations: ConfirmationTokens;
  logger: SendLogger;
  /** Called after every chunk tried, with the credits it deducted (metrics). */
  onChunk?: ChunkRunnerDeps["onChunk"];
  /**
   * Makes the idempotency key of a send that came without one (default: `gw-` and a random UUID). Never derived
   * from the request id: a caller may repeat `x-request-id`, and a send without a key must never be deduplicated.
   */
  newKey?: () => string;
}

/** A fresh idempotency key for a send that came without one. */
function defaultKey(): string {
  return `gw-${randomUUID()}`;
}

/** Previews and sends of every channel. One instance per gateway. */
export class SendPipeline {
  private readonly running = new Set<Promise<unknown>>();
  private readonly runners = new Map<number, ChunkRunner>();

  /** Builds the pipeline; it holds no send until one starts. */
  constructor(private readonly deps: SendPipelineDeps) {}

  /** Resolves once every send under way, of any channel, has finished and been audited (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Checks, reads and prices a send; sends nothing. The answer carries a token confirming exactly this send. */
  async preview<I extends { idempotencyKey: string | null }, P, R>(
    channel: SendChannel<I, P, R>,
    ctx: SendContext,
    raw: unknown,
  ): Promise<Confirmable<P>> {
    const attempt = channel.attempt(channel.validate(raw, ctx));
    try {
      const fingerprint = attempt.check(ctx);
      const { preview } = await attempt.price(ctx, false);
      const { token, expiresAt } = this.deps.confirmations.issue(ctx.credentialKey, fingerprint);
      return { ...preview, confirmationToken: token, confirmationExpiresAt: expiresAt };
    } finally {
      attempt.finish?.();
    }
  }

  /**
   * Sends, or answers the first result of this idempotency key. Throws a GatewayError (nothing sent),
   * SendOutcomeUnknownError or PartialSendError.
   */
  send<I extends { idempotencyKey: string | null }, P, R>(
    channel: SendChannel<I, P, R>,
    ctx: SendContext,
    raw: unknown,
    confirmationToken?: string | null,
  ): Promise<R> {
    const sending = this.sendOnce(channel, ctx, raw, confirmationToken ?? null);
    this.running.add(sending);
    const forget = () => this.running.delete(sending);
    sending.then(forget, forget);
    return sending;
  }

  private async sendOnce<I extends { idempotencyKey: string | null }, P, R>(
    channel: SendChannel<I, P, R>,
    ctx: SendContext,
    raw: unknown,
    token: string | null,
  ): Promise<R> {
    const input = channel.validate(raw, ctx);
    const key = input.idempotencyKey ?? (this.deps.newKey ?? defaultKey)();
    const attempt = channel.attempt(input);
    const toError = attempt.upstreamError?.bind(attempt) ?? fromUpstreamError;
    const common = {
      actor: ctx.actor,
      transport: ctx.transport,
      credential: ctx.credentialKey,
      requestId: ctx.requestId,
      idempotencyKey: key,
      balance: channel.balance,
    };
    const subject: AttemptSubject = { ...common, ...attempt.subject };
    const audit = new SendAttemptAudit({
      store: this.deps.audit,
      now: () => ctx.now(),
      subject,
      requested: attempt.requested,
    });
    const ran: ChunkState[] = [];
    let hold: (() => Promise<void>) | null = null;
    let release: () => Promise<void> = async () => {};
    try {
      if (!ctx.canSend)
        throw new ForbiddenError("This gateway token lacks the `send` scope; nothing was sent.");
      // Everything that needs no upstream read comes first: a replay or a refusal costs no call.
      const fingerprint = attempt.check(ctx);
      const existing = await this.deps.idempotency.get(ctx.credentialKey, key);
      if (existing) {
        if (attempt.adopt) attempt.adopt(existing, fingerprint, key);
        else if (existing.fingerprint !== fingerprint) throw new IdempotencyConflictError(key);
        Object.assign(subject, attempt.subject);
        if (existing.inFlight) throw new SendInProgressError(key);
        if (!existing.chunks.some(isUnsent)) {
          const replay = concludeSend(existing, key, null);
          await audit.replayed();
          return attempt.result(replay, true);
        }
      } else {
        attempt.refuseNew?.();
        if (input.idempotencyKey !== null) {
          const since = new Date(ctx.now().getTime() - this.deps.idempotency.ttlMs);
          await refuseKeyUsedBefore(this.deps.audit, ctx.credentialKey, key, since);
        }
      }
      hold = (await attempt.hold?.(ctx)) ?? null;
      const priced = await attempt.price(ctx, true);
      if (channel.confirmation && ctx.requireConfirmation) {
        await this.confirm(channel.confirmation, ctx, token, fingerprint, priced.preview);
      }
      priced.refuse(Boolean(existing));
      // A retry sends the chunks that certainly were not sent: they count against the caps like a new send.
      const credits = existing
        ? unsentRecipients(existing) * priced.creditsPerMessage
        : priced.estimatedCredits;
      release = await this.reserve(ctx, channel.balance, credits);
      const record =
        existing ??
        newSendRecord(
          attempt.recordFingerprint?.(fingerprint) ?? fingerprint,
          priced.chunks(),
          ctx.now().getTime(),
        );
      // Claiming is one step in the store: of concurrent sends of this key (on any replica) one goes ahead.
      const held = existing
        ? await this.deps.idempotency.resume(ctx.credentialKey, key, record)
        : await this.deps.idempotency.claim(ctx.credentialKey, key, record);
      if (!held) throw new SendInProgressError(key);
      try {
        if (
          channel.confirmation &&
          ctx.requireConfirmation &&
          !ctx.askHuman &&
          !(await this.deps.confirmations.consume(token ?? ""))
        ) {
          throw new ConfirmationRequiredError(channel.confirmation.used);
        }
        await audit.begin(unsentRecipients(record), priced.creditsPerMessage);
      } catch (error) {
        await (existing
          ? this.deps.idempotency.settle(ctx.credentialKey, key, record)
          : this.deps.idempotency.delete(ctx.credentialKey, key)
        ).catch((e: unknown) => this.logStateError(ctx, e, "could not release an unsent key"));
        throw error;
      }
      await this.runChunks(channel.concurrency ?? 1, ctx, record, key, ran, priced, toError);
      if (ran.every((chunk) => chunk.status === "FAILED")) await this.releaseHold(ctx, hold);
      hold = null;
      const outcome = concludeSend(record, key, priced.scheduledAt);
      await audit.sent(recipientsOf(record), ran).catch((e: unknown) => {
        // The messages went out: their result is the answer even when the state store lost the entry.
        if (!(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit a send that went out");
      });
      return attempt.result(outcome, false);
    } catch (error) {
      const failure = error instanceof QuickcomError ? toError(error) : error;
      if (ran.length === 0) await this.releaseHold(ctx, hold);
      await audit.failed(failure, ran).catch((e: unknown) => {
        if (ran.length === 0 || !(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit a send that may have gone out");
      });
      throw failure;
    } finally {
      await release().catch((e: unknown) => this.logStateError(ctx, e, "could not release a reservation"));
      attempt.finish?.();
    }
  }

  private async confirm<P>(
    reasons: ConfirmationReasons,
    ctx: SendContext,
    token: string | null,
    fingerprint: string,
    preview: P,
  ): Promise<void> {
    if (ctx.askHuman) {
      if (!(await ctx.askHuman(preview as never))) throw new ConfirmationRequiredError(reasons.declined);
      return;
    }
    const verdict = await this.deps.confirmations.verify(token, ctx.credentialKey, fingerprint);
    if (verdict !== "ok") throw new ConfirmationRequiredError(reasons[verdict]);
  }

  /** Reserves against the balance's caps; a refusal reports the total rounded up (the caps count whole credits). */
  private async reserve(
    ctx: SendContext,
    balance: CreditBalance,
    credits: number,
  ): Promise<() => Promise<void>> {
    try {
      return await this.deps.credits.reserve(ctx.credentialKey, credits, ctx.now(), balance);
    } catch (error) {
      if (!(error instanceof CapExceededError) || Number.isInteger(error.requested)) throw error;
      throw new CapExceededError(error.cap, error.limit, Math.ceil(error.requested));
    }
  }

  private async releaseHold(ctx: SendContext, hold: (() => Promise<void>) | null): Promise<void> {
    await hold?.().catch((e: unknown) => this.logStateError(ctx, e, "could not release a hold"));
  }

  /** Sends the record's unsent chunks; each chunk tried is pushed to `ran`. */
  private async runChunks<P>(
    concurrency: number,
    ctx: SendContext,
    record: SendRecord,
    key: string,
    ran: ChunkState[],
    priced: PricedSend<P>,
    toError: (error: QuickcomError) => GatewayError,
  ): Promise<void> {
    try {
      await this.runner(concurrency).run({
        record,
        idempotencyKey: key,
        requestId: ctx.requestId,
        onProgress: ctx.onProgress,
        ran,
        send: (numbers) => priced.send(numbers, key),
        toError,
      });
    } finally {
      await this.deps.idempotency
        .settle(ctx.credentialKey, key, record)
        .catch((e: unknown) => this.logStateError(ctx, e, "could not store a send's record"));
      await ctx.upstream.afterSend();
    }
  }

  private runner(concurrency: number): ChunkRunner {
    let runner = this.runners.get(concurrency);
    if (!runner) {
      runner = new ChunkRunner({ concurrency, logger: this.deps.logger, onChunk: this.deps.onChunk });
      this.runners.set(concurrency, runner);
    }
    return runner;
  }

  private logStateError(ctx: SendContext, error: unknown, what: string): void {
    this.deps.logger.warn({ requestId: ctx.requestId, err: String(error) }, what);
  }
}

/** Recipients of every chunk of the record: what the SENT entry counts (earlier attempts of the key included). */
function recipientsOf(record: SendRecord): number {
  return record.chunks.reduce((n, c) => n + c.numbers.length, 0);
}

/** One channel's previews and sends through the pipeline: what the schema's resolvers call. */
export class ChannelSender<I extends { idempotencyKey: string | null }, P, R> {
  /** Binds `channel` to `pipeline`. */
  constructor(
    private readonly pipeline: SendPipeline,
    private readonly channel: SendChannel<I, P, R>,
  ) {}

  /** {@inheritDoc SendPipeline.preview} */
  preview(ctx: SendContext, raw: object): Promise<Confirmable<P>> {
    return this.pipeline.preview(this.channel, ctx, withoutToken(raw).fields);
  }

  /** {@inheritDoc SendPipeline.send} */
  send(ctx: SendContext, raw: object): Promise<R> {
    const { fields, token } = withoutToken(raw);
    return this.pipeline.send(this.channel, ctx, fields, token);
  }
}

/** The input without its confirmation token, and the token. */
function withoutToken(raw: object): { fields: object; token: string | null } {
  const { confirmationToken, ...fields } = raw as { confirmationToken?: unknown };
  return { fields, token: typeof confirmationToken === "string" ? confirmationToken : null };
}
