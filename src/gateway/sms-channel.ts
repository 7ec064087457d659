/**
 * The SMS channel of the send pipeline (`previewMessage`, `sendMessage`): DLT template messages to many numbers
 * over `send-message`, billed on `transaction_balance` (promotional on its own wallet, which the preview reads),
 * in URL-bounded chunks sent a few at a time.
 */
import { classifyMobileNumbers, type NumberClassification } from "../quickcom/domain/numbers.js";
import type { SendMessageRequest } from "../quickcom/types.js";
import { planChunks } from "./bulk-chunks.js";
import { InsufficientBalanceError, PromotionalHoursError, ScheduleError } from "./errors.js";
import { buildPreview, type Preview } from "./preview.js";
import { classifyWithinCap, refuseInvalidNumbers } from "./recipients.js";
import { readBalance, type SendContext } from "./send-context.js";
import {
  ROUTE_TYPES,
  type SendMessageInput,
  sendFingerprint,
  type ValidSendInput,
  validateSendInput,
} from "./send-input.js";
import {
  type ChannelAttempt,
  confirmationReasons,
  type PricedSend,
  type SendChannel,
} from "./send-pipeline.js";
import type { SendOutcome } from "./send-types.js";

/** Operator limits of the SMS channel. */
export interface SmsLimits {
  /** SEND_MAX_RECIPIENTS. */
  maxRecipients: number;
  /** SEND_URL_MAX_BYTES: the longest request URL of one chunk. */
  maxUrlBytes: number;
  /** SEND_CONCURRENCY: chunks of one send in flight at once. */
  concurrency: number;
}

const CONFIRMATION = confirmationReasons(
  "preview_message",
  "the template, recipients, variables, route, schedule, flash flag",
);

/** The SMS channel. */
export class SmsChannel implements SendChannel<ValidSendInput, Preview, SendOutcome> {
  readonly balance = "transaction_balance";
  readonly confirmation = CONFIRMATION;
  readonly concurrency: number;

  /** @param limits the operator's recipient, URL and concurrency limits. */
  constructor(private readonly limits: SmsLimits) {
    this.concurrency = limits.concurrency;
  }

  /** {@inheritDoc SendChannel.validate} */
  validate(raw: unknown): ValidSendInput {
    return validateSendInput(raw as SendMessageInput);
  }

  /** {@inheritDoc SendChannel.attempt} */
  attempt(input: ValidSendInput): ChannelAttempt<Preview, SendOutcome> {
    return new SmsAttempt(input, this.limits);
  }
}

class SmsAttempt implements ChannelAttempt<Preview, SendOutcome> {
  readonly subject: ChannelAttempt<Preview, SendOutcome>["subject"];
  readonly requested: number;
  private numbers: NumberClassification | null = null;

  constructor(
    private readonly input: ValidSendInput,
    private readonly limits: SmsLimits,
  ) {
    this.subject = { dltTemplateId: input.dltTemplateId, route: input.route };
    this.requested = input.mobileNumbers.length;
  }

  check(): string {
    this.numbers = classifyWithinCap(this.input.mobileNumbers, this.limits.maxRecipients);
    return sendFingerprint(this.input, this.numbers.valid);
  }

  refuseNew(): void {
    refuseInvalidNumbers(this.numbers);
  }

  async price(ctx: SendContext, forSend: boolean): Promise<PricedSend<Preview>> {
    const numbers = this.numbers ?? classifyMobileNumbers(this.input.mobileNumbers);
    const [templates, balance] = await Promise.all([
      ctx.upstream.templates.load("self"),
      readBalance(ctx, forSend),
    ]);
    const preview = buildPreview({ input: this.input, numbers, templates, balance, now: ctx.now() });
    const base: Omit<SendMessageRequest, "mobileNumbers"> = {
      dltTemplateId: this.input.dltTemplateId,
      route: ROUTE_TYPES[this.input.route],
      variables: [...this.input.variables],
      message: preview.message,
      scheduleAt: this.input.scheduleAt ?? undefined,
      flash: this.input.flash,
    };
    return {
      preview,
      creditsPerMessage: preview.creditsPerMessage,
      estimatedCredits: preview.estimatedCredits,
      scheduledAt: this.input.scheduleAt,
      refuse: (retry) => {
        if (!retry) refuseUnsendable(preview);
      },
      chunks: () =>
        planChunks(base, preview.validNumbers, this.limits.maxUrlBytes, (request) =>
          ctx.client.sendMessageUrlLength(request),
        ),
      send: async (mobileNumbers, idempotencyKey) =>
        (await ctx.client.sendMessage({ ...base, mobileNumbers }, { idempotencyKey })).data,
    };
  }

  result(outcome: SendOutcome, replayed: boolean): SendOutcome {
    return replayed ? { ...outcome, scheduledAt: this.input.scheduleAt, replayed } : outcome;
  }
}

/** Refuses what the upstream would refuse or bill wrongly, before any money moves. */
function refuseUnsendable(preview: Preview): void {
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
