/**
 * Voice: the `VoiceFileError` type a voice call fails with when its file cannot be used (1019, 1020,
 * VOICE_FILE_TOO_LONG).
 */

import { VoiceFileError } from "../gateway/voice-errors.js";
import { builder } from "./builder.js";
import { ErrorInterface } from "./errors.js";

builder.objectType(VoiceFileError, {
  name: "VoiceFileError",
  description:
    "The voice file cannot be used, so nothing was sent and nothing charged: `code` 1019 (not one of the " +
    "account's files), 1020 (not approved and verified on QuickCom's voice gateway) or VOICE_FILE_TOO_LONG (over " +
    "120 s, which QuickCom has no credit for).",
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof VoiceFileError,
  fields: (t) => ({
    voiceId: t.exposeString("voiceId", {
      description: "The voiceId asked for (empty when QuickCom refused it without saying which).",
    }),
    fileStatus: t.string({
      nullable: true,
      description: "The file's review status (pending, process, approved, rejected, unknown) when known.",
      resolve: (e) => e.fileStatus,
    }),
    durationSeconds: t.exposeInt("durationSeconds", {
      nullable: true,
      description: "The file's length in seconds when known.",
    }),
  }),
});

/** The error classes only a voice call returns as typed results (for the voice send's result union). */
export const VOICE_ERRORS = [VoiceFileError];
