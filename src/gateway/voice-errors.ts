/**
 * The failures only a voice call reports (its other failures are the send path's, in `errors.ts`), and the
 * translation of the client's voice errors into them.
 */
import * as upstream from "../quickcom/client/errors.js";
import type { VoiceFileStatus } from "../quickcom/types.js";
import { fromUpstreamError, GatewayError, InvalidInputError, UpstreamRejectedError } from "./errors.js";

/**
 * Why a voice file cannot be called with: not one of the account's (QuickCom's 1019), not approved and verified
 * on the voice gateway (1020), or longer than the 120 s QuickCom has a credit for (it would fail with 1005).
 */
export type VoiceFileProblem = "1019" | "1020" | "VOICE_FILE_TOO_LONG";

/** The voice file cannot be used; nothing was sent and nothing charged. */
export class VoiceFileError extends GatewayError {
  constructor(
    readonly code: VoiceFileProblem,
    /** The voiceId asked for (empty when QuickCom refused it and the gateway did not know which). */
    readonly voiceId: string,
    message: string,
    /** The file's review status, when the gateway read it. */
    readonly fileStatus: VoiceFileStatus | null = null,
    /** The file's length in seconds, when the gateway read it. */
    readonly durationSeconds: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Translates an upstream error of `voice-send-sms` into the gateway error a caller sees: 1019 and 1020 become
 * {@link VoiceFileError} (for `voiceId`), 1021 an {@link InvalidInputError} on `mobileNumbers`, 1022 (the voice
 * provider refused the call type, AFTER the charge) an {@link UpstreamRejectedError} "1022"; everything else goes
 * through {@link fromUpstreamError}.
 */
export function fromVoiceUpstreamError(error: upstream.QuickcomError, voiceId: string): GatewayError {
  if (error instanceof upstream.QuickcomVoiceFileNotFoundError) {
    return new VoiceFileError(
      "1019",
      voiceId,
      `Voice file ${voiceId} is not one of this account's voice files (QuickCom 1019); nothing was charged.`,
    );
  }
  if (error instanceof upstream.QuickcomVoiceFileNotVerifiedError) {
    return new VoiceFileError(
      "1020",
      voiceId,
      `Voice file ${voiceId} is not verified on QuickCom's voice gateway yet (QuickCom 1020); nothing was charged.`,
    );
  }
  if (error instanceof upstream.QuickcomTooManyNumbersError) {
    return new InvalidInputError([
      { field: "mobileNumbers", message: "must name at most 25000 recipients (QuickCom 1021)" },
    ]);
  }
  if (error instanceof upstream.QuickcomVoiceProviderError) {
    return new UpstreamRejectedError(
      "1022",
      `QuickCom's voice provider refused this call type after QuickCom took the charge (QuickCom 1022: ${error.message}).`,
      [],
    );
  }
  return fromUpstreamError(error);
}
