/**
 * The voice channel of the send pipeline (`voicePreview`, `sendVoiceCall`): one of the account's voice files
 * played to many numbers over `voice-send-sms` (plain, DTMF, call-patch or voice-OTP calls, as the backend
 * derives them from `dtmf`, `call_patch_number` and `otp`), billed numbers × the file's duration credit on
 * `voice_sms_balance`, in URL-bounded chunks. A voice OTP is treated as the OTP channel treats its code: only a
 * keyed digest reaches the audit trail and the fingerprint, and the logs redact it while the request runs.
 */
import type { QuickcomError } from "../quickcom/client/errors.js";
import { classifyMobileNumbers, type NumberClassification } from "../quickcom/domain/numbers.js";
import type { SendMessageResponse, VoiceSendRequest, VoiceSendResponse } from "../quickcom/types.js";
import { planChunks } from "./bulk-chunks.js";
import type { GatewayError } from "./errors.js";
import type { TransientSecrets } from "./otp-channel.js";
import type { OtpKeys } from "./otp-code.js";
import { classifyWithinCap, refuseInvalidNumbers } from "./recipients.js";
import { readBalance, type SendContext } from "./send-context.js";
import {
  type ChannelAttempt,
  confirmationReasons,
  type PricedSend,
  type SendChannel,
} from "./send-pipeline.js";
import type { SendOutcome } from "./send-types.js";
import { fromVoiceUpstreamError } from "./voice-errors.js";
import {
  type ValidVoiceInput,
  type VoiceCallType,
  validateVoiceInput,
  voiceCallType,
  voiceFingerprint,
  voiceSendRequest,
} from "./voice-input.js";
import { buildVoicePreview, refuseUnsendableVoice, type VoicePreview } from "./voice-preview.js";

/** A voice send that went out (or the stored answer of its key): the SMS outcome with its voice credits. */
export interface VoiceCallSent extends SendOutcome {
  channel: "VOICE";
  callType: VoiceCallType;
  /** `voice_sms_balance` credits spent (the SMS credit fields are 0). */
  voiceCredits: number;
}

/** Dependencies of {@link VoiceChannel}. */
export interface VoiceChannelDeps {
  /** SEND_MAX_RECIPIENTS, SEND_URL_MAX_BYTES and SEND_CONCURRENCY, as for SMS. */
  limits: { maxRecipients: number; maxUrlBytes: number; concurrency: number };
  /** Digests of a voice OTP (the OTP channel's keys). */
  keys: OtpKeys;
  secrets?: TransientSecrets;
}

const CONFIRMATION = confirmationReasons(
  "preview_voice_call",
  "the voice file, recipients, call type, DTMF key, call-patch number, OTP, schedule",
);

/** The voice channel. */
export class VoiceChannel implements SendChannel<ValidVoiceInput, VoicePreview, VoiceCallSent> {
  readonly balance = "voice_sms_balance";
  readonly confirmation = CONFIRMATION;
  readonly concurrency: number;

  /** @param deps limits, OTP keys and the log scrubber. */
  constructor(private readonly deps: VoiceChannelDeps) {
    this.concurrency = deps.limits.concurrency;
  }

  /** {@inheritDoc SendChannel.validate} */
  validate(raw: unknown, ctx: SendContext): ValidVoiceInput {
    return validateVoiceInput(raw, ctx.now());
  }

  /** {@inheritDoc SendChannel.attempt} */
  attempt(input: ValidVoiceInput): ChannelAttempt<VoicePreview, VoiceCallSent> {
    return new VoiceAttempt(input, this.deps);
  }
}

class VoiceAttempt implements ChannelAttempt<VoicePreview, VoiceCallSent> {
  readonly subject: ChannelAttempt<VoicePreview, VoiceCallSent>["subject"];
  readonly requested: number;
  private numbers: NumberClassification | null = null;
  private readonly forget: () => void;

  constructor(
    private readonly input: ValidVoiceInput,
    private readonly deps: VoiceChannelDeps,
  ) {
    this.requested = input.mobileNumbers.length;
    this.subject = {
      dltTemplateId: input.voiceId,
      route: "VOICE",
      ...(input.otp === null ? {} : { otpCodeDigest: deps.keys.codeDigest(input.otp) }),
    };
    this.forget = input.otp === null ? () => {} : (deps.secrets?.registerTransient(input.otp) ?? (() => {}));
  }

  check(): string {
    this.numbers = classifyWithinCap(this.input.mobileNumbers, this.deps.limits.maxRecipients);
    const otp = this.input.otp === null ? null : this.deps.keys.digest("voice-otp", this.input.otp);
    return voiceFingerprint({ ...this.input, otp }, this.numbers.valid);
  }

  refuseNew(): void {
    refuseInvalidNumbers(this.numbers);
  }

  async price(ctx: SendContext, forSend: boolean): Promise<PricedSend<VoicePreview>> {
    const numbers = this.numbers ?? classifyMobileNumbers([...this.input.mobileNumbers]);
    const [templates, balance] = await Promise.all([
      ctx.upstream.read("voice-templates"),
      readBalance(ctx, forSend),
    ]);
    const preview = buildVoicePreview({
      input: this.input,
      numbers,
      templates,
      balance: balance?.voice ?? null,
      now: ctx.now(),
    });
    const { mobileNumbers: _all, ...base } = voiceSendRequest(this.input, []);
    const creditsPerCall = preview.creditsPerCall ?? 0;
    return {
      preview,
      creditsPerMessage: creditsPerCall,
      estimatedCredits: preview.estimatedCredits ?? 0,
      scheduledAt: preview.scheduledAt,
      refuse: (retry) => {
        if (!retry) refuseUnsendableVoice(preview);
      },
      chunks: () =>
        this.input.otp === null
          ? planChunks<VoiceSendRequest>(
              base,
              preview.validNumbers,
              this.deps.limits.maxUrlBytes,
              (request) => ctx.client.voiceSendUrlLength(request),
            )
          : [preview.validNumbers],
      send: async (mobileNumbers, idempotencyKey) =>
        voiceSendRecord(
          (await ctx.client.voiceSendSms({ ...base, mobileNumbers }, { idempotencyKey })).data,
          preview,
        ),
    };
  }

  upstreamError(error: QuickcomError): GatewayError {
    return fromVoiceUpstreamError(error, this.input.voiceId);
  }

  result(outcome: SendOutcome, replayed: boolean): VoiceCallSent {
    return {
      ...outcome,
      channel: "VOICE",
      callType: voiceCallType(this.input),
      voiceCredits: outcome.creditsDeducted,
      creditsPerMessage: 0,
      creditsDeducted: 0,
      chunks: outcome.chunks.map((chunk) => ({ ...chunk, creditsDeducted: 0 })),
      scheduledAt: this.input.scheduleAt,
      replayed,
    };
  }

  finish(): void {
    this.forget();
  }
}

/** route_type 4: what QuickCom bills on the voice balance. */
const VOICE_ROUTE_TYPE = 4;

/** The upstream's answer in the shape the send records keep (the file's title as the message). */
function voiceSendRecord(response: VoiceSendResponse, preview: VoicePreview): SendMessageResponse {
  return {
    uuid: response.uuid ?? "",
    campaign: response.campaign,
    senderId: "",
    routeType: VOICE_ROUTE_TYPE,
    smsType: 0,
    message: preview.title ?? `voice file ${preview.voiceId}`,
    isFlash: false,
    sendDateTime: response.sendDateTime,
    messageCount: 0,
    creditsPerMessage: response.creditsPerCall,
    totalContacts: response.totalContacts,
    creditsDeducted: response.creditsDeducted,
    status: response.status,
    invalidNumbers: response.invalidNumbers,
  };
}
