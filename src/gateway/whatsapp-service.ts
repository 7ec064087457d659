/**
 * `whatsappPreview` and `sendWhatsApp`: one template message to one number over `send-wa-message`, billed on
 * `whatsapp_credit`. Built from the parts the SMS and OTP paths share (confirmation tokens, idempotency store,
 * credit caps, attempt audit, chunk runner, key history) in their order: input and template checks
 * (`whatsapp-input.ts`, all before any call that spends), scope, idempotency (a replay answers from the record),
 * the template and balance reads, confirmation, the caps (the configured charge of the template's category), the
 * claim, the audit intent, then the one call, never retried.
 */
import { randomUUID } from "node:crypto";
import { QuickcomError } from "../quickcom/client/errors.js";
import type { AuditStore } from "./audit.js";
import { ChunkRunner, type ChunkRunnerDeps, concludeSend, isUnsent } from "./chunk-runner.js";
import type { ConfirmationTokens } from "./confirmation.js";
import type { CreditCapLedger } from "./credit-cap-ledger.js";
import {
  CapExceededError,
  ConfirmationRequiredError,
  ForbiddenError,
  fromUpstreamError,
  IdempotencyConflictError,
  InsufficientBalanceError,
  SendInProgressError,
  StateUnavailableError,
  WhatsAppChargeUnknownError,
} from "./errors.js";
import { type ChunkState, type IdempotencyStore, newSendRecord, type SendRecord } from "./idempotency.js";
import { refuseKeyUsedBefore } from "./key-history.js";
import { SendAttemptAudit } from "./send-attempt-audit.js";
import type { SendContext } from "./send-service.js";
import type { SendLogger, SendOutcome } from "./send-types.js";
import type { WhatsAppCharges } from "./whatsapp-charges.js";

import {
  type SendWhatsAppInput,
  validateWhatsAppInput,
  whatsappFingerprint,
  whatsappSendRequest,
} from "./whatsapp-input.js";
import { buildWhatsAppPreview, type WhatsAppPreview, whatsappSendRecord } from "./whatsapp-preview.js";

/** A WhatsApp preview plus the token that confirms exactly this send. */
export interface ConfirmableWhatsAppPreview extends WhatsAppPreview {
  confirmationToken: string;
  confirmationExpiresAt: Date;
}

/** A WhatsApp send that went out (or the stored answer of its key): the SMS outcome with its WhatsApp credit. */
export interface WhatsAppSent extends SendOutcome {
  channel: "WHATSAPP";
  whatsappCredit: number;
}

/** Dependencies of {@link WhatsAppService}. */
export interface WhatsAppServiceDeps {
  idempotency: IdempotencyStore;
  audit: AuditStore;
  /** The credit caps (SEND_MAX_CREDITS, DAILY_MAX_CREDITS), shared with the other paths. */
  credits: CreditCapLedger;
  confirmations: ConfirmationTokens;
  /** WHATSAPP_CHARGES. */
  charges: WhatsAppCharges;
  /** Whether an operator cap is set: then a send whose charge is unknown cannot be checked, and is refused. */
  capped: boolean;
  logger: SendLogger;
  onChunk?: ChunkRunnerDeps["onChunk"];
  /** Makes the idempotency key of a send that came without one (default `gw-` and a random UUID). */
  newKey?: () => string;
}

const CONFIRMATION_REASONS = {
  missing:
    "Sending needs confirmation: call preview_whatsapp with the same input, show the preview to the user, and pass its confirmationToken.",
  malformed:
    "The confirmationToken is not in the form this gateway issues (copy it whole from preview_whatsapp). Call preview_whatsapp again and use its token.",
  foreign:
    "The confirmationToken was not issued by this gateway (replicas of one deployment must share CONFIRMATION_SECRET). Call preview_whatsapp here and use its token.",
  expired:
    "The confirmationToken has expired (tokens live 5 minutes). Call preview_whatsapp again and confirm with the new token.",
  mismatch:
    "The confirmationToken was issued for a different input: the template, recipient, sender, language, values, media or QuickCom account differ from the preview. Preview this exact input and use that token.",
  declined: "The user did not confirm the send; nothing was sent. Do not send again unless the user asks.",
  used: "The confirmationToken was already used for a send; one confirmation pays for one send. Preview again and ask the user before sending again.",
} as const;

/** WhatsApp previews and sends. One instance per gateway. */
export class WhatsAppService {
  private readonly chunks: ChunkRunner;
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: WhatsAppServiceDeps) {
    this.chunks = new ChunkRunner({ concurrency: 1, logger: deps.logger, onChunk: deps.onChunk });
  }

  /** Resolves once every WhatsApp send under way has finished and been audited (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Checks, renders and prices a send; sends nothing. Carries a confirmation token for this exact send. */
  async preview(
    ctx: SendContext,
    raw: SendWhatsAppInput & { confirmationToken?: string | null },
  ): Promise<ConfirmableWhatsAppPreview> {
    const { confirmationToken: _unused, ...fields } = raw;
    const { preview, fingerprint } = await this.price(ctx, fields, false);
    const { token, expiresAt } = this.deps.confirmations.issue(ctx.credentialKey, fingerprint);
    return { ...preview, confirmationToken: token, confirmationExpiresAt: expiresAt };
  }

  /**
   * Sends, or returns the first result of this idempotency key. Throws a GatewayError: nothing sent, or
   * SendOutcomeUnknownError.
   */
  send(
    ctx: SendContext,
    raw: SendWhatsAppInput & { confirmationToken?: string | null },
  ): Promise<WhatsAppSent> {
    const sending = this.sendOnce(ctx, raw);
    this.running.add(sending);
    const forget = () => this.running.delete(sending);
    sending.then(forget, forget);
    return sending;
  }

  private async price(ctx: SendContext, raw: SendWhatsAppInput, balanceRequired: boolean) {
    const input = validateWhatsAppInput(raw);
    const [templates, balance] = await Promise.all([
      ctx.upstream.read("get-wa-templates"),
      balanceRequired
        ? ctx.upstream.balance.load("self")
        : ctx.upstream.balance.load("self").catch(() => null),
    ]);
    const { request, template } = whatsappSendRequest(input, templates);
    const preview = buildWhatsAppPreview({
      request,
      template,
      charges: this.deps.charges,
      balance: balance?.whatsappCredit ?? null,
    });
    return { input, request, preview, fingerprint: whatsappFingerprint(input) };
  }

  private async sendOnce(
    ctx: SendContext,
    raw: SendWhatsAppInput & { confirmationToken?: string | null },
  ): Promise<WhatsAppSent> {
    const { confirmationToken, ...fields } = raw;
    const input = validateWhatsAppInput(fields);
    const key = input.idempotencyKey ?? (this.deps.newKey ?? (() => `gw-${randomUUID()}`))();
    const audit = new SendAttemptAudit({
      store: this.deps.audit,
      now: () => ctx.now(),
      subject: {
        actor: ctx.actor,
        transport: ctx.transport,
        credential: ctx.credentialKey,
        requestId: ctx.requestId,
        dltTemplateId: input.templateName,
        route: "WHATSAPP",
        idempotencyKey: key,
      },
      requested: 1,
    });
    const ran: ChunkState[] = [];
    let release: () => Promise<void> = async () => {};
    try {
      if (!ctx.canSend)
        throw new ForbiddenError("This gateway token lacks the `send` scope; nothing was sent.");
      const fingerprint = whatsappFingerprint(input);
      const existing = await this.deps.idempotency.get(ctx.credentialKey, key);
      if (existing && existing.fingerprint !== fingerprint) throw new IdempotencyConflictError(key);
      if (existing && !existing.inFlight && !existing.chunks.some(isUnsent)) {
        const replay = concludeSend(existing, key, null);
        await audit.replayed();
        return { ...sent(replay), replayed: true };
      }
      if (existing?.inFlight) throw new SendInProgressError(key);
      if (!existing && input.idempotencyKey !== null) {
        await refuseKeyUsedBefore(
          this.deps.audit,
          ctx.credentialKey,
          key,
          new Date(ctx.now().getTime() - this.deps.idempotency.ttlMs),
        );
      }
      const { request, preview } = await this.price(ctx, fields, true);
      if (ctx.requireConfirmation) await this.confirm(ctx, confirmationToken, fingerprint, preview);
      this.refuseUnaffordable(preview);
      release = await this.reserve(ctx, preview.chargePerMessage ?? 0);
      const record = existing ?? newSendRecord(fingerprint, [[request.to]], ctx.now().getTime());
      const held = existing
        ? await this.deps.idempotency.resume(ctx.credentialKey, key, record)
        : await this.deps.idempotency.claim(ctx.credentialKey, key, record);
      if (!held) throw new SendInProgressError(key);
      try {
        if (
          ctx.requireConfirmation &&
          !ctx.askHuman &&
          !(await this.deps.confirmations.consume(confirmationToken ?? ""))
        ) {
          throw new ConfirmationRequiredError(CONFIRMATION_REASONS.used);
        }
        await audit.begin(1, preview.chargePerMessage ?? 0);
      } catch (error) {
        await (existing
          ? this.deps.idempotency.settle(ctx.credentialKey, key, record)
          : this.deps.idempotency.delete(ctx.credentialKey, key)
        ).catch((e: unknown) => this.logStateError(ctx, e, "could not release an unsent key"));
        throw error;
      }
      await this.run(ctx, record, key, ran, async () =>
        whatsappSendRecord((await ctx.client.sendWhatsApp(request, { idempotencyKey: key })).data, preview),
      );
      const outcome = concludeSend(record, key, null);
      await audit.sent(1, ran).catch((e: unknown) => {
        if (!(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit a WhatsApp send that went out");
      });
      return sent(outcome);
    } catch (error) {
      const failure = error instanceof QuickcomError ? fromUpstreamError(error) : error;
      await audit.failed(failure, ran).catch((e: unknown) => {
        if (ran.length === 0 || !(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit a WhatsApp send that may have gone out");
      });
      throw failure;
    } finally {
      await release().catch((e: unknown) => this.logStateError(ctx, e, "could not release a reservation"));
    }
  }

  private async confirm(
    ctx: SendContext,
    token: string | null | undefined,
    fingerprint: string,
    preview: WhatsAppPreview,
  ): Promise<void> {
    if (ctx.askHuman) {
      if (!(await ctx.askHuman(preview))) throw new ConfirmationRequiredError(CONFIRMATION_REASONS.declined);
      return;
    }
    const verdict = await this.deps.confirmations.verify(token, ctx.credentialKey, fingerprint);
    if (verdict !== "ok") throw new ConfirmationRequiredError(CONFIRMATION_REASONS[verdict]);
  }

  /** Reserves the charge against the caps; a refusal reports the total rounded up (the caps count whole credits). */
  private async reserve(ctx: SendContext, charge: number): Promise<() => Promise<void>> {
    try {
      return await this.deps.credits.reserve(ctx.credentialKey, charge, ctx.now());
    } catch (error) {
      if (!(error instanceof CapExceededError)) throw error;
      throw new CapExceededError(error.cap, error.limit, Math.ceil(error.requested));
    }
  }

  /** Refuses a send the balance cannot cover, or whose charge the operator's caps cannot be checked against. */
  private refuseUnaffordable(preview: WhatsAppPreview): void {
    if (preview.sufficientBalance === false) {
      throw new InsufficientBalanceError(
        `This message costs ${preview.chargePerMessage} WhatsApp credit but whatsapp_credit is ${preview.availableCredit}; nothing was sent.`,
        null,
        null,
      );
    }
    if (preview.chargePerMessage === null && this.deps.capped) {
      throw new WhatsAppChargeUnknownError(preview.category);
    }
  }

  private async run(
    ctx: SendContext,
    record: SendRecord,
    key: string,
    ran: ChunkState[],
    send: () => ReturnType<Parameters<ChunkRunner["run"]>[0]["send"]>,
  ): Promise<void> {
    try {
      await this.chunks.run({ record, idempotencyKey: key, requestId: ctx.requestId, ran, send });
    } finally {
      await this.deps.idempotency
        .settle(ctx.credentialKey, key, record)
        .catch((e: unknown) => this.logStateError(ctx, e, "could not store a WhatsApp send's record"));
      await ctx.upstream.afterSend();
    }
  }

  private logStateError(ctx: SendContext, error: unknown, what: string): void {
    this.deps.logger.warn({ requestId: ctx.requestId, err: String(error) }, what);
  }
}

/** The outcome as sendWhatsApp answers it: SMS credit fields 0, the WhatsApp credit apart. */
function sent(outcome: SendOutcome): WhatsAppSent {
  return {
    ...outcome,
    channel: "WHATSAPP",
    whatsappCredit: outcome.creditsDeducted,
    creditsPerMessage: 0,
    creditsDeducted: 0,
    chunks: outcome.chunks.map((chunk) => ({ ...chunk, creditsDeducted: 0 })),
  };
}
