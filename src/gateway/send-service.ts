/**
 * Previews and sends: the only path by which the gateway spends money. Input is validated and priced before
 * anything leaves; operator caps, scopes and confirmation are enforced; every attempt is audited; idempotency
 * keys make a retried request return the first result; bulk sends go out in URL-bounded chunks with bounded
 * concurrency, and a retry resends only chunks that certainly were not sent. Nothing here retries a send.
 */

import { randomUUID } from "node:crypto";
import type { QuickcomClient } from "../quickcom/client/client.js";
import { QuickcomError } from "../quickcom/client/errors.js";
import { classifyMobileNumbers } from "../quickcom/domain/numbers.js";
import type { SendMessageRequest } from "../quickcom/types.js";
import type { AuditStore, KeyUse } from "./audit.js";
import { planChunks } from "./bulk-chunks.js";
import {
  ChunkRunner,
  type ChunkRunnerDeps,
  concludeSend,
  isUnsent,
  unsentRecipients,
} from "./chunk-runner.js";
import type { ConfirmationTokens } from "./confirmation.js";
import { CreditCapLedger, type DailyCreditBook } from "./credit-cap-ledger.js";
import {
  CapExceededError,
  ConfirmationRequiredError,
  ForbiddenError,
  fromUpstreamError,
  type GatewayError,
  IdempotencyConflictError,
  IdempotencyKeyUsedError,
  InsufficientBalanceError,
  InvalidNumbersError,
  type PartialSendError,
  PromotionalHoursError,
  ScheduleError,
  SendInProgressError,
  type SendOutcomeUnknownError,
  StateUnavailableError,
} from "./errors.js";
import { type ChunkState, type IdempotencyStore, newSendRecord, type SendRecord } from "./idempotency.js";
import { buildPreview, type Preview } from "./preview.js";
import { SendAttemptAudit } from "./send-attempt-audit.js";
import {
  ROUTE_TYPES,
  type SendMessageInput,
  sendFingerprint,
  type ValidSendInput,
  validateSendInput,
} from "./send-input.js";
import type { ConfirmablePreview, SendLogger, SendOutcome, SendProgress } from "./send-types.js";
import type { UpstreamLoaders } from "./upstream-loaders.js";
import type { WhatsAppPreview } from "./whatsapp-preview.js";

/** Operator limits of {@link SendService}. */
export interface SendLimits {
  maxRecipients: number;
  maxCreditsPerSend: number | null;
  maxCreditsPerDay: number | null;
  maxUrlBytes: number;
  concurrency: number;
}

/** What the service needs from one request. */
export interface SendContext {
  client: QuickcomClient;
  upstream: UpstreamLoaders;
  /** One-way key of the QuickCom credentials (never the secret). */
  credentialKey: string;
  actor: string;
  transport: "graphql" | "mcp";
  requestId: string;
  /** Whether the caller's gateway token has the `send` scope. */
  canSend: boolean;
  /** Whether a send needs a confirmation token (MCP, unless the operator turned it off). */
  requireConfirmation: boolean;
  /**
   * Asks the human to confirm this preview (MCP elicitation); when present it replaces the confirmation token, so
   * a confirmed send previews once and needs no token. Resolves true to send.
   */
  askHuman?: (preview: Preview | WhatsAppPreview) => Promise<boolean>;
  now: () => Date;
  onProgress?: (progress: SendProgress) => void;
}

/** Dependencies of {@link SendService}. */
export interface SendServiceDeps {
  limits: SendLimits;
  idempotency: IdempotencyStore;
  audit: AuditStore;
  /** Daily spending and reservations (default: in memory, over `audit`). */
  dailyCredits?: DailyCreditBook;
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

/** What to tell the agent for each refused confirmation token: what is true of it, and what to do. */
const CONFIRMATION_REASONS = {
  missing:
    "Sending needs confirmation: call preview_message with the same input, show the preview to the user, and pass its confirmationToken.",
  malformed:
    "The confirmationToken is not in the form this gateway issues (copy it whole from preview_message). Call preview_message again and use its token.",
  foreign:
    "The confirmationToken was not issued by this gateway: another signing key made it, or it was altered (replicas of one deployment must share CONFIRMATION_SECRET). Call preview_message here and use its token.",
  expired:
    "The confirmationToken has expired (tokens live 5 minutes). Call preview_message again and confirm with the new token.",
  mismatch:
    "The confirmationToken was issued for a different input: the template, recipients, variables, route, schedule, flash flag or QuickCom account differ from the preview. Preview this exact input and use that token.",
  declined: "The user did not confirm the send; nothing was sent. Do not send again unless the user asks.",
  used: "The confirmationToken was already used for a send; one confirmation pays for one send. Preview again and ask the user before sending again.",
} as const;

/** Audit outcomes after which a key may have sent something (a replay implies an earlier send). */
const MAY_HAVE_SENT = new Set<KeyUse["outcome"]>(["STARTED", "SENT", "PARTIAL", "UNKNOWN", "REPLAYED"]);

/** A fresh idempotency key for a send that came without one. */
function defaultKey(): string {
  return `gw-${randomUUID()}`;
}

/** The preview and send operations. One instance per gateway. */
export class SendService {
  private readonly credits: CreditCapLedger;
  private readonly chunks: ChunkRunner;

  /** Sends under way, so a shutdown can wait for them. */
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: SendServiceDeps) {
    this.credits = new CreditCapLedger({ caps: deps.limits, audit: deps.audit, book: deps.dailyCredits });
    this.chunks = new ChunkRunner({
      concurrency: deps.limits.concurrency,
      logger: deps.logger,
      onChunk: deps.onChunk,
    });
  }

  /** Resolves once every send under way has finished and been audited (graceful shutdown). */
  async drain(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  /** Validates, renders and prices; sends nothing. The result carries a confirmation token for this exact send. */
  async preview(ctx: SendContext, raw: SendMessageInput): Promise<ConfirmablePreview> {
    const input = validateSendInput(raw);
    this.checkRecipientCap(input);
    const numbers = classifyMobileNumbers(input.mobileNumbers);
    const [templates, balance] = await Promise.all([
      ctx.upstream.templates.load("self"),
      ctx.upstream.balance.load("self").catch(() => null),
    ]);
    const preview = buildPreview({ input, numbers, templates, balance, now: ctx.now() });
    const { token, expiresAt } = this.deps.confirmations.issue(
      ctx.credentialKey,
      sendFingerprint(input, preview.validNumbers),
    );
    return { ...preview, confirmationToken: token, confirmationExpiresAt: expiresAt };
  }

  /**
   * Sends, or returns the first result of this idempotency key. Throws a {@link GatewayError} (nothing sent),
   * {@link SendOutcomeUnknownError} or {@link PartialSendError}.
   */
  send(
    ctx: SendContext,
    raw: SendMessageInput & { confirmationToken?: string | null },
  ): Promise<SendOutcome> {
    const sending = this.sendOnce(ctx, raw);
    this.running.add(sending);
    const forget = () => this.running.delete(sending);
    sending.then(forget, forget);
    return sending;
  }

  private async sendOnce(
    ctx: SendContext,
    raw: SendMessageInput & { confirmationToken?: string | null },
  ): Promise<SendOutcome> {
    const input = validateSendInput(raw);
    const key = input.idempotencyKey ?? (this.deps.newKey ?? defaultKey)();
    const audit = new SendAttemptAudit({
      store: this.deps.audit,
      now: () => ctx.now(),
      subject: {
        actor: ctx.actor,
        transport: ctx.transport,
        credential: ctx.credentialKey,
        requestId: ctx.requestId,
        dltTemplateId: input.dltTemplateId,
        route: input.route,
        idempotencyKey: key,
      },
      requested: input.mobileNumbers.length,
    });
    const ran: ChunkState[] = [];
    let release: () => Promise<void> = async () => {};
    try {
      if (!ctx.canSend)
        throw new ForbiddenError("This gateway token lacks the `send` scope; nothing was sent.");
      this.checkRecipientCap(input);
      // Everything that needs no upstream read comes first: a replay or a refusal costs no call.
      const numbers = classifyMobileNumbers(input.mobileNumbers);
      const fingerprint = sendFingerprint(input, numbers.valid);
      const existing = await this.deps.idempotency.get(ctx.credentialKey, key);
      if (existing) {
        if (existing.fingerprint !== fingerprint) throw new IdempotencyConflictError(key);
        if (existing.inFlight) throw new SendInProgressError(key);
        if (!existing.chunks.some(isUnsent)) {
          const replay = concludeSend(existing, key, input.scheduleAt);
          await audit.replayed();
          return { ...replay, replayed: true };
        }
      } else {
        if (numbers.invalid.length > 0) throw new InvalidNumbersError(numbers.invalid);
        if (input.idempotencyKey !== null) await this.refuseKeyUsedBefore(ctx, key);
      }
      const [templates, balance] = await Promise.all([
        ctx.upstream.templates.load("self"),
        ctx.upstream.balance.load("self"),
      ]);
      const preview = buildPreview({ input, numbers, templates, balance, now: ctx.now() });
      if (ctx.requireConfirmation) await this.confirm(ctx, raw.confirmationToken, fingerprint, preview);
      let record: SendRecord;
      if (existing) {
        // A retry sends the chunks that certainly were not sent: they count against the caps like a new send.
        release = await this.credits.reserve(
          ctx.credentialKey,
          unsentRecipients(existing) * preview.creditsPerMessage,
          ctx.now(),
        );
        if (!(await this.deps.idempotency.resume(ctx.credentialKey, key, existing))) {
          throw new SendInProgressError(key);
        }
        record = existing;
      } else {
        this.refuseUnsendable(preview);
        release = await this.credits.reserve(ctx.credentialKey, preview.estimatedCredits, ctx.now());
        // Claiming is one step in the store: of concurrent sends of this key (on any replica) one goes ahead.
        record = this.newRecord(ctx, fingerprint, preview, input);
        if (!(await this.deps.idempotency.claim(ctx.credentialKey, key, record))) {
          throw new SendInProgressError(key);
        }
      }
      const unclaim = () =>
        existing
          ? this.deps.idempotency.settle(ctx.credentialKey, key, record)
          : this.deps.idempotency.delete(ctx.credentialKey, key);
      try {
        if (
          ctx.requireConfirmation &&
          !ctx.askHuman &&
          !(await this.deps.confirmations.consume(raw.confirmationToken ?? ""))
        ) {
          throw new ConfirmationRequiredError(CONFIRMATION_REASONS.used);
        }
        await audit.begin(unsentRecipients(record), preview.creditsPerMessage);
      } catch (error) {
        await unclaim().catch((e: unknown) => this.logStateError(ctx, e, "could not release an unsent key"));
        throw error;
      }
      await this.runChunks(ctx, record, preview, input, key, ran);
      const outcome = concludeSend(record, key, input.scheduleAt);
      await audit.sent(preview.validNumbers.length, ran).catch((e: unknown) => {
        // The messages went out: their result is the answer even when the state store lost the entry.
        if (!(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit a send that went out");
      });
      return outcome;
    } catch (error) {
      const failure = error instanceof QuickcomError ? fromUpstreamError(error) : error;
      await audit.failed(failure, ran).catch((e: unknown) => {
        if (ran.length === 0 || !(e instanceof StateUnavailableError)) throw e;
        this.logStateError(ctx, e, "could not audit a send that may have gone out");
      });
      throw failure;
    } finally {
      await release().catch((e: unknown) => this.logStateError(ctx, e, "could not release a reservation"));
    }
  }

  private logStateError(ctx: SendContext, error: unknown, what: string): void {
    this.deps.logger.warn({ requestId: ctx.requestId, err: String(error) }, what);
  }

  private checkRecipientCap(input: ValidSendInput): void {
    const { maxRecipients } = this.deps.limits;
    if (input.mobileNumbers.length > maxRecipients) {
      throw new CapExceededError("SEND_MAX_RECIPIENTS", maxRecipients, input.mobileNumbers.length);
    }
  }

  private async confirm(
    ctx: SendContext,
    token: string | null | undefined,
    fingerprint: string,
    preview: Preview,
  ): Promise<void> {
    if (ctx.askHuman) {
      if (!(await ctx.askHuman(preview))) throw new ConfirmationRequiredError(CONFIRMATION_REASONS.declined);
      return;
    }
    const verdict = await this.deps.confirmations.verify(token, ctx.credentialKey, fingerprint);
    if (verdict !== "ok") throw new ConfirmationRequiredError(CONFIRMATION_REASONS[verdict]);
  }

  /** Refuses what the upstream would refuse or bill wrongly, before any money moves. */
  private refuseUnsendable(preview: Preview): void {
    for (const issue of preview.scheduleIssues) {
      if (issue.code === "PROMOTIONAL_HOURS") throw new PromotionalHoursError(issue.message);
      throw new ScheduleError("1008", issue.message);
    }
    if (!preview.sufficientBalance) {
      throw new InsufficientBalanceError(
        `This send needs ${preview.estimatedCredits} credits but the balance is ${preview.availableCredits ?? 0}; nothing was sent.`,
        preview.estimatedCredits,
        preview.availableCredits,
      );
    }
  }

  private baseRequest(preview: Preview, input: ValidSendInput): Omit<SendMessageRequest, "mobileNumbers"> {
    return {
      dltTemplateId: input.dltTemplateId,
      route: ROUTE_TYPES[input.route],
      variables: [...input.variables],
      message: preview.message,
      scheduleAt: input.scheduleAt ?? undefined,
      flash: input.flash,
    };
  }

  private newRecord(
    ctx: SendContext,
    fingerprint: string,
    preview: Preview,
    input: ValidSendInput,
  ): SendRecord {
    const chunks = planChunks(
      this.baseRequest(preview, input),
      preview.validNumbers,
      this.deps.limits.maxUrlBytes,
      (request) => ctx.client.sendMessageUrlLength(request),
    );
    return newSendRecord(fingerprint, chunks, ctx.now().getTime());
  }

  /** Sends the record's unsent chunks; each chunk tried is pushed to `ran`. */
  private async runChunks(
    ctx: SendContext,
    record: SendRecord,
    preview: Preview,
    input: ValidSendInput,
    key: string,
    ran: ChunkState[],
  ): Promise<void> {
    const base = this.baseRequest(preview, input);
    try {
      await this.chunks.run({
        record,
        idempotencyKey: key,
        requestId: ctx.requestId,
        onProgress: ctx.onProgress,
        ran,
        send: async (mobileNumbers) =>
          (await ctx.client.sendMessage({ ...base, mobileNumbers }, { idempotencyKey: key })).data,
      });
    } finally {
      await this.deps.idempotency
        .settle(ctx.credentialKey, key, record)
        .catch((e: unknown) => this.logStateError(ctx, e, "could not store a send's record"));
      await ctx.upstream.afterSend();
    }
  }

  /**
   * Refuses a key that the audit trail shows already sent, or may have sent, though this process holds no
   * record of it (it restarted since, or another instance sent it). Uses that certainly sent nothing do not count.
   */
  private async refuseKeyUsedBefore(ctx: SendContext, key: string): Promise<void> {
    const since = new Date(ctx.now().getTime() - this.deps.idempotency.ttlMs);
    const uses = await this.deps.audit.usesOfKey(ctx.credentialKey, key, since);
    const spent = uses.find((use) => MAY_HAVE_SENT.has(use.outcome));
    if (spent) {
      const campaigns = [...new Set(uses.flatMap((use) => use.campaignUuids))];
      throw new IdempotencyKeyUsedError(key, spent.outcome, spent.at, campaigns);
    }
  }
}
