/**
 * Sending: `SendMessageInput`, `Query.messagePreview` (validates, renders, prices; sends nothing) and
 * `Mutation.sendMessage` with its `SendMessageResult` union of success and typed errors.
 */
import type { ConfirmablePreview, SendOutcome } from "../gateway/send-types.js";
import { ACCOUNT, Account } from "./account.js";
import { builder } from "./builder.js";
import { SEND_ERRORS, SendChunkRef } from "./errors.js";
import { Template } from "./template.js";

const Route = builder.enumType("Route", {
  description:
    "QuickCom route: OTP and TRANSACTIONAL use the transactional wallet, PROMOTIONAL the promotional one.",
  values: ["OTP", "TRANSACTIONAL", "PROMOTIONAL"] as const,
});

const SendMessageInput = builder.inputType("SendMessageInput", {
  description: "One DLT-template SMS to one or more recipients.",
  fields: (t) => ({
    dltTemplateId: t.string({ required: true, description: "DLT template ID of an approved template." }),
    mobileNumbers: t.stringList({
      required: true,
      description: "Indian mobile numbers: 10 digits starting 6-9, optionally prefixed +91, 91 or 0.",
    }),
    route: t.field({ type: Route, required: true }),
    variables: t.stringList({
      required: false,
      description: "One value per `{#var#}` slot, in order (at most 30 characters each).",
    }),
    scheduleAt: t.field({
      type: "DateTime",
      required: false,
      description: "Send later (minute precision, sent as IST). Omit to send now.",
    }),
    flash: t.boolean({ required: false, description: "Send as a flash SMS." }),
    idempotencyKey: t.string({
      required: false,
      description: "Client key: the same key with the same input returns the first result and sends nothing.",
    }),
    confirmationToken: t.string({
      required: false,
      description:
        "Token from `messagePreview` confirming this exact send (required for MCP sends by default).",
    }),
  }),
});

const MessagePreview = builder.objectRef<ConfirmablePreview>("MessagePreview").implement({
  description: "What a send would do. Nothing is sent.",
  fields: (t) => ({
    message: t.exposeString("message", { description: "The rendered text as it will be sent." }),
    encoding: t.exposeString("encoding", { description: "GSM_7 or UCS_2: what the handset receives." }),
    characters: t.exposeInt("characters"),
    segments: t.exposeInt("segments", { description: "SMS parts the handset receives." }),
    creditsPerMessage: t.exposeInt("creditsPerMessage", {
      description: "Credits QuickCom bills per recipient.",
    }),
    billedAsUnicode: t.exposeBoolean("billedAsUnicode"),
    validNumbers: t.exposeStringList("validNumbers"),
    invalidNumbers: t.exposeStringList("invalidNumbers"),
    duplicateNumbers: t.exposeStringList("duplicateNumbers"),
    estimatedCredits: t.exposeInt("estimatedCredits"),
    availableCredits: t.exposeInt("availableCredits", { nullable: true }),
    sufficientBalance: t.exposeBoolean("sufficientBalance"),
    warnings: t.exposeStringList("warnings"),
    template: t.field({ type: Template, resolve: (p) => p.template }),
    confirmationToken: t.exposeString("confirmationToken", {
      description: "Pass to sendMessage to confirm exactly this send; short-lived.",
    }),
    confirmationExpiresAt: t.expose("confirmationExpiresAt", { type: "DateTime" }),
  }),
});

const SentCampaign = builder.objectRef<SendOutcome>("SentCampaign").implement({
  description: "The campaign QuickCom created for a send.",
  fields: (t) => ({
    uuid: t.exposeString("uuid"),
    senderId: t.exposeString("senderId"),
    message: t.exposeString("message"),
    status: t.exposeString("status", {
      description: "Pending when scheduled, Ready-to-complete when sent now.",
    }),
    totalContacts: t.exposeInt("totalContacts"),
    creditsPerMessage: t.exposeInt("creditsPerMessage"),
    creditsDeducted: t.exposeInt("creditsDeducted"),
    invalidNumbers: t.exposeInt("invalidNumbers"),
    scheduledAt: t.expose("scheduledAt", { type: "DateTime", nullable: true }),
    idempotencyKey: t.exposeString("idempotencyKey"),
    replayed: t.exposeBoolean("replayed", {
      description: "True when this is the stored result of an earlier send.",
    }),
    chunks: t.field({ type: [SendChunkRef], resolve: (o) => o.chunks }),
  }),
});

builder.queryField("messagePreview", (t) =>
  t.field({
    type: MessagePreview,
    description: "Validates, renders and prices a send. Sends nothing.",
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.sends.preview(ctx, input),
  }),
);

builder.mutationField("sendMessage", (t) =>
  t.field({
    type: SentCampaign,
    description: "Sends a DLT-template SMS. Never retried automatically; use idempotencyKey to retry safely.",
    args: { input: t.arg({ type: SendMessageInput, required: true }) },
    errors: {
      types: SEND_ERRORS,
      union: { name: "SendMessageResult" },
      result: {
        name: "SendMessageSuccess",
        fields: (t) => ({
          account: t.field({
            type: Account,
            description: "The account after the send: its balance is read afresh and shows the deduction.",
            resolve: () => ACCOUNT,
          }),
        }),
      },
      dataField: { name: "campaign" },
    },
    resolve: (_root, { input }, ctx) => ctx.sends.send(ctx, input),
  }),
);
