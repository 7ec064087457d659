/**
 * The audit entries of one send attempt: its intent, written before the first chunk leaves, and the one entry
 * that concludes it (SENT, PARTIAL, UNKNOWN, FAILED, REFUSED or REPLAYED) with what it spent or may have spent.
 */
import { randomUUID } from "node:crypto";
import type { AuditEntry, AuditOutcome, AuditStore } from "./audit.js";
import { PartialSendError, SendOutcomeUnknownError } from "./errors.js";
import type { ChunkState } from "./idempotency.js";

/** Who sends what: the fields every entry of one attempt shares, besides its time. */
export type AttemptSubject = Pick<
  AuditEntry,
  "actor" | "transport" | "credential" | "requestId" | "dltTemplateId" | "route" | "otpCodeDigest" | "balance"
> & { idempotencyKey: string };

/** Dependencies of {@link SendAttemptAudit}. */
export interface SendAttemptAuditDeps {
  store: Pick<AuditStore, "begin" | "append">;
  /** Stamps each entry when it is written. */
  now: () => Date;
  subject: AttemptSubject;
  /** Recipients the caller asked for: what an entry records when the attempt never chose its recipients. */
  requested: number;
  /** Id tying the concluding entry to the intent (default: a random UUID). */
  attempt?: string;
}

/** Credits and campaigns of the chunks one attempt sent or tried. */
interface Spend {
  estimatedCredits: number;
  creditsDeducted: number;
  campaignUuids: string[];
}

/**
 * What the chunks one attempt sent or tried cost: deducted (known) and estimated (the chunks that went out or may
 * have; certainly failed ones cost nothing). Earlier attempts of the same key have their own entries.
 */
function spendOf(chunks: readonly ChunkState[], creditsPerMessage: number): Spend {
  const responses = chunks.flatMap((c) => (c.response ? [c.response] : []));
  const mayHaveGone = chunks.filter((c) => c.status === "SENT" || c.status === "UNKNOWN");
  return {
    estimatedCredits: mayHaveGone.reduce((n, c) => n + c.numbers.length, 0) * creditsPerMessage,
    creditsDeducted: responses.reduce((n, r) => n + r.creditsDeducted, 0),
    campaignUuids: responses.map((r) => r.uuid),
  };
}

/** Writes the audit entries of one send attempt. One instance per attempt. */
export class SendAttemptAudit {
  private readonly attempt: string;
  /** Credits per message once the intent is written; null while nothing can have been sent. */
  private creditsPerMessage: number | null = null;

  /** Prepares the entries of one attempt; writes nothing yet. */
  constructor(private readonly deps: SendAttemptAuditDeps) {
    this.attempt = deps.attempt ?? randomUUID();
  }

  /** Writes the intent: `recipients` are about to be sent at `creditsPerMessage`. Later entries carry its id. */
  async begin(recipients: number, creditsPerMessage: number): Promise<void> {
    await this.deps.store.begin({
      ...this.stamped(),
      recipients,
      estimatedCredits: recipients * creditsPerMessage,
      attempt: this.attempt,
    });
    this.creditsPerMessage = creditsPerMessage;
  }

  /** Concludes a request answered from the stored result of its key (nothing sent). */
  async replayed(): Promise<void> {
    await this.conclude("REPLAYED", {});
  }

  /** Concludes a send to `recipients` whose every chunk went out; `ran` are the chunks this attempt sent. */
  async sent(recipients: number, ran: readonly ChunkState[]): Promise<void> {
    await this.conclude("SENT", { recipients, ...spendOf(ran, this.creditsPerMessage ?? 0) });
  }

  /**
   * Concludes an attempt that threw `failure`: PARTIAL or UNKNOWN when something may have gone out, FAILED when
   * the intent was written, else REFUSED. `ran` are the chunks this attempt sent or tried.
   */
  async failed(failure: unknown, ran: readonly ChunkState[]): Promise<void> {
    const code = (failure as { code?: unknown } | null)?.code;
    const fields = {
      ...spendOf(ran, this.creditsPerMessage ?? 0),
      code: typeof code === "string" ? code : "INTERNAL",
    };
    if (failure instanceof PartialSendError) await this.conclude("PARTIAL", fields);
    else if (failure instanceof SendOutcomeUnknownError) await this.conclude("UNKNOWN", fields);
    else await this.conclude(this.creditsPerMessage === null ? "REFUSED" : "FAILED", fields);
  }

  private async conclude(
    outcome: AuditOutcome,
    fields: Partial<Spend> & { recipients?: number; code?: string },
  ): Promise<void> {
    await this.deps.store.append({
      ...this.stamped(),
      recipients: fields.recipients ?? this.deps.requested,
      estimatedCredits: fields.estimatedCredits ?? 0,
      creditsDeducted: fields.creditsDeducted ?? 0,
      outcome,
      code: fields.code ?? null,
      campaignUuids: fields.campaignUuids ?? [],
      ...(this.creditsPerMessage === null ? {} : { attempt: this.attempt }),
    });
  }

  /** The subject with the time of writing. */
  private stamped() {
    return { at: this.deps.now().toISOString(), ...this.deps.subject };
  }
}
