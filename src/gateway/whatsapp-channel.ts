/**
 * The WhatsApp channel of the send pipeline (`whatsappPreview`, `sendWhatsApp`): one template message to one
 * number over `send-wa-message`, billed on `whatsapp_credit` at the configured charge of the template's category
 * (WHATSAPP_CHARGES). Every check the backend makes after its debit is made here before the call
 * (`whatsapp-input.ts`).
 */
import { InsufficientBalanceError, WhatsAppChargeUnknownError } from "./errors.js";
import { readBalance, type SendContext } from "./send-context.js";
import {
  type ChannelAttempt,
  type Confirmable,
  confirmationReasons,
  type PricedSend,
  type SendChannel,
} from "./send-pipeline.js";
import type { SendOutcome } from "./send-types.js";
import type { WhatsAppCharges } from "./whatsapp-charges.js";
import {
  type SendWhatsAppInput,
  type ValidWhatsAppInput,
  validateWhatsAppInput,
  whatsappFingerprint,
  whatsappSendRequest,
} from "./whatsapp-input.js";
import { buildWhatsAppPreview, type WhatsAppPreview, whatsappSendRecord } from "./whatsapp-preview.js";

/** A WhatsApp preview plus the token that confirms exactly this send. */
export type ConfirmableWhatsAppPreview = Confirmable<WhatsAppPreview>;

/** A WhatsApp send that went out (or the stored answer of its key): the SMS outcome with its WhatsApp credit. */
export interface WhatsAppSent extends SendOutcome {
  channel: "WHATSAPP";
  whatsappCredit: number;
}

/** Dependencies of {@link WhatsAppChannel}. */
export interface WhatsAppChannelDeps {
  /** WHATSAPP_CHARGES. */
  charges: WhatsAppCharges;
  /** Whether an operator cap of `whatsapp_credit` is set: then a send whose charge is unknown is refused. */
  capped: boolean;
}

const CONFIRMATION = confirmationReasons(
  "preview_whatsapp",
  "the template, recipient, sender, language, values, media",
);

/** The WhatsApp channel. */
export class WhatsAppChannel implements SendChannel<ValidWhatsAppInput, WhatsAppPreview, WhatsAppSent> {
  readonly balance = "whatsapp_credit";
  readonly confirmation = CONFIRMATION;

  /** @param deps the charges and whether caps apply. */
  constructor(private readonly deps: WhatsAppChannelDeps) {}

  /** {@inheritDoc SendChannel.validate} */
  validate(raw: unknown): ValidWhatsAppInput {
    return validateWhatsAppInput(raw as SendWhatsAppInput);
  }

  /** {@inheritDoc SendChannel.attempt} */
  attempt(input: ValidWhatsAppInput): ChannelAttempt<WhatsAppPreview, WhatsAppSent> {
    const { charges, capped } = this.deps;
    return {
      subject: { dltTemplateId: input.templateName, route: "WHATSAPP" },
      requested: 1,
      check: () => whatsappFingerprint(input),
      price: async (ctx: SendContext, forSend: boolean): Promise<PricedSend<WhatsAppPreview>> => {
        const [templates, balance] = await Promise.all([
          ctx.upstream.read("get-wa-templates"),
          readBalance(ctx, forSend),
        ]);
        const { request, template } = whatsappSendRequest(input, templates);
        const preview = buildWhatsAppPreview({
          request,
          template,
          charges,
          balance: balance?.whatsappCredit ?? null,
        });
        const charge = preview.chargePerMessage ?? 0;
        return {
          preview,
          creditsPerMessage: charge,
          estimatedCredits: charge,
          scheduledAt: null,
          refuse: () => refuseUnaffordable(preview, capped),
          chunks: () => [[request.to]],
          send: async (_numbers, idempotencyKey) =>
            whatsappSendRecord((await ctx.client.sendWhatsApp(request, { idempotencyKey })).data, preview),
        };
      },
      result: (outcome, replayed) => ({ ...sent(outcome), replayed }),
    };
  }
}

/** Refuses a send the balance cannot cover, or whose charge the operator's caps cannot be checked against. */
function refuseUnaffordable(preview: WhatsAppPreview, capped: boolean): void {
  if (preview.sufficientBalance === false) {
    throw new InsufficientBalanceError(
      `This message costs ${preview.chargePerMessage} WhatsApp credit but whatsapp_credit is ${preview.availableCredit}; nothing was sent.`,
      null,
      null,
    );
  }
  if (preview.chargePerMessage === null && capped) throw new WhatsAppChargeUnknownError(preview.category);
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
