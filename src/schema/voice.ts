/**
 * Voice reads: `VoiceTemplate` nodes and `Query.voiceTemplates` (`voice-templates`: every voice file of the
 * account, of every review status, with its duration credit and whether a call can use it), and the
 * `VoiceFileError` type a voice call fails with when its file cannot be used (1019, 1020, VOICE_FILE_TOO_LONG).
 */

import { VoiceFileError } from "../gateway/voice-errors.js";
import { voiceFileUnusableReason } from "../gateway/voice-preview.js";
import type { VoiceFileStatus, VoiceTemplate as VoiceTemplateRecord } from "../quickcom/types.js";
import { builder } from "./builder.js";
import { keyedConnection } from "./connection.js";
import { ErrorInterface } from "./errors.js";
import { connectionComplexity } from "./limits.js";

const VoiceFileStatusEnum = builder.enumType("VoiceFileStatus", {
  description:
    "QuickCom's review of an uploaded voice file (`file_status`); only an APPROVED file can be called.",
  values: {
    PENDING: { value: "pending", description: "Uploaded, not reviewed yet (file_status 1)." },
    IN_PROCESS: { value: "process", description: "Being reviewed (file_status 2)." },
    APPROVED: { value: "approved", description: "Approved (file_status 3)." },
    REJECTED: { value: "rejected", description: "Rejected by QuickCom (file_status 4)." },
    UNKNOWN: { value: "unknown", description: "A file_status the gateway does not know." },
  } as const satisfies Record<string, { value: VoiceFileStatus; description: string }>,
});

/** The GraphQL `VoiceTemplate` type. */
export const VoiceTemplate = builder.objectRef<VoiceTemplateRecord>("VoiceTemplate");

function isVoiceTemplate(value: unknown): value is VoiceTemplateRecord {
  const row = value as Partial<VoiceTemplateRecord> | null;
  return typeof row?.voiceId === "string" && "creditsPerCall" in (row ?? {});
}

builder.node(VoiceTemplate, {
  description:
    "A voice file of the account (an uploaded recording a voice call plays), of any review status, with what a " +
    "call to one number costs.",
  isTypeOf: isVoiceTemplate,
  id: { resolve: (file) => file.voiceId },
  loadOne: async (id, ctx) =>
    (await ctx.upstream.read("voice-templates")).find((file) => file.voiceId === id) ?? null,
  fields: (t) => ({
    voiceId: t.exposeString("voiceId", { description: "What a voice call takes as voiceId." }),
    title: t.exposeString("title", { nullable: true, description: "The title given at upload." }),
    status: t.field({
      type: VoiceFileStatusEnum,
      description: "QuickCom's review status; only APPROVED files can be called.",
      resolve: (file) => file.status,
    }),
    durationSeconds: t.exposeInt("durationSeconds", { description: "Length of the recording in seconds." }),
    creditsPerCall: t.exposeInt("creditsPerCall", {
      nullable: true,
      description:
        "Voice credits each number called costs (up to 30 s 1, 60 s 2, 90 s 3, 120 s 4); null over 120 s, " +
        "which QuickCom has no credit for.",
    }),
    fileUrl: t.exposeString("fileUrl", { nullable: true, description: "Where QuickCom serves the file." }),
    mimeType: t.exposeString("mimeType", { nullable: true, description: "The file's MIME type." }),
    usable: t.boolean({
      description:
        "Whether a voice call can use this file: APPROVED and at most 120 s. (QuickCom may still answer 1020 " +
        "for an approved file its voice gateway has not verified yet; only a call shows that.)",
      resolve: (file) => voiceFileUnusableReason(file) === null,
    }),
    unusableReason: t.string({
      nullable: true,
      description:
        "Why a voice call refuses this file (its file_status, or a length over 120 s) and what QuickCom would " +
        "answer; null when usable.",
      resolve: (file) => voiceFileUnusableReason(file),
    }),
  }),
});

builder.queryFields((t) => ({
  voiceTemplates: t.connection(
    {
      type: VoiceTemplate,
      description: "The account's voice files, of every review status.",
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) =>
        keyedConnection(
          await ctx.upstream.read("voice-templates"),
          args,
          "voice-template",
          (file) => file.voiceId,
        ),
    },
    { name: "VoiceTemplateConnection" },
    { name: "VoiceTemplateEdge" },
  ),
}));

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
