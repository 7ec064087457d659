/**
 * Sending: `SendMessageInput`, `Query.messagePreview` (validates, renders, prices; sends nothing) and
 * `Mutation.sendMessage` with its `SendMessageResult` union of success and typed errors.
 */
import { contract } from "../gateway/input-contract.js";
import { SEND_INPUT_FIELDS } from "../gateway/send-input.js";
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
    dltTemplateId: t.string({
      required: true,
      description: "DLT template ID of one of the account's approved templates (see `templates`).",
      extensions: contract(SEND_INPUT_FIELDS.dltTemplateId),
    }),
    mobileNumbers: t.stringList({
      required: true,
      description:
        "Recipients: Indian mobile numbers, 10 digits starting 6-9, optionally prefixed +91, 91 or 0.",
      extensions: contract(SEND_INPUT_FIELDS.mobileNumbers),
    }),
    route: t.field({
      type: Route,
      required: true,
      description:
        "OTP for one-time passwords, TRANSACTIONAL for service messages (both use transactional credits), " +
        "PROMOTIONAL for marketing (promotional credits, only 09:00-21:00 IST).",
    }),
    variables: t.stringList({
      required: false,
      description: "One value per `{#var#}` slot of the template, in order (at most 30 characters each).",
      extensions: contract(SEND_INPUT_FIELDS.variables),
    }),
    scheduleAt: t.field({
      type: "DateTime",
      required: false,
      description:
        "Send later: RFC 3339 date-time with an offset, e.g. 2026-11-25T10:30:00+05:30 (minute precision, sent " +
        "as IST). Omit to send now.",
    }),
    flash: t.boolean({
      required: false,
      description: "Send as a flash SMS (shown on screen, not stored). Default false.",
    }),
    idempotencyKey: t.string({
      required: false,
      description:
        "Your key for this send (printable ASCII, no spaces). Retrying with the same key and input returns the " +
        "first result instead of sending twice. Strongly recommended.",
      extensions: contract(SEND_INPUT_FIELDS.idempotencyKey),
    }),
    confirmationToken: t.string({
      required: false,
      description:
        "The confirmationToken of a preview (`messagePreview`, MCP `preview_message`) of exactly this input, after " +
        "the user agreed to it. Required for MCP sends unless the client shows confirmation dialogs.",
    }),
  }),
});

const MessagePreview = builder.objectRef<ConfirmablePreview>("MessagePreview").implement({
  description: "What a send would do. Nothing is sent.",
  fields: (t) => ({
    message: t.exposeString("message", { description: "The rendered text as it will be sent." }),
    encoding: t.exposeString("encoding", { description: "GSM_7 or UCS_2: what the handset receives." }),
    characters: t.exposeInt("characters", { description: "Length of the message in characters." }),
    segments: t.exposeInt("segments", { description: "SMS parts the handset receives." }),
    creditsPerMessage: t.exposeInt("creditsPerMessage", {
      description: "Credits QuickCom bills per recipient.",
    }),
    billedAsUnicode: t.exposeBoolean("billedAsUnicode", {
      description: "Whether QuickCom bills it at the Unicode rate.",
    }),
    validNumbers: t.exposeStringList("validNumbers", {
      description: "Recipients that will receive it, normalised, without duplicates.",
    }),
    invalidNumbers: t.exposeStringList("invalidNumbers", {
      description: "Numbers that are not valid Indian mobiles; a send refuses these.",
    }),
    duplicateNumbers: t.exposeStringList("duplicateNumbers", {
      description: "Numbers given more than once (sent once).",
    }),
    estimatedCredits: t.exposeInt("estimatedCredits", { description: "Credits the send will cost." }),
    availableCredits: t.exposeInt("availableCredits", {
      description: "Balance of the route's wallet, null if unknown.",
      nullable: true,
    }),
    sufficientBalance: t.exposeBoolean("sufficientBalance", {
      description: "Whether the balance covers the send.",
    }),
    warnings: t.exposeStringList("warnings", {
      description: "Things the user should know (e.g. the text switched to Unicode).",
    }),
    template: t.field({
      description: "The approved template the message uses.",
      type: Template,
      resolve: (p) => p.template,
    }),
    confirmationToken: t.exposeString("confirmationToken", {
      description: "Pass to sendMessage to confirm exactly this send; short-lived.",
    }),
    confirmationExpiresAt: t.expose("confirmationExpiresAt", {
      type: "DateTime",
      description: "When the confirmation token expires (RFC 3339).",
    }),
  }),
});

/** The GraphQL `SentCampaign` type (what every send channel returns). */
export const SentCampaign = builder.objectRef<SendOutcome>("SentCampaign").implement({
  description: "The campaign QuickCom created for a send.",
  fields: (t) => ({
    uuid: t.exposeString("uuid", { description: "QuickCom campaign UUID." }),
    senderId: t.exposeString("senderId", { description: "Sender ID the SMS goes out with." }),
    message: t.exposeString("message", { description: "Text sent." }),
    status: t.exposeString("status", {
      description: "Pending when scheduled, Ready-to-complete when sent now.",
    }),
    totalContacts: t.exposeInt("totalContacts", { description: "Recipients." }),
    creditsPerMessage: t.exposeInt("creditsPerMessage", { description: "Credits per recipient." }),
    creditsDeducted: t.exposeInt("creditsDeducted", { description: "Credits spent." }),
    invalidNumbers: t.exposeInt("invalidNumbers", { description: "Numbers QuickCom rejected." }),
    scheduledAt: t.expose("scheduledAt", {
      type: "DateTime",
      nullable: true,
      description: "When it is scheduled (RFC 3339), null if sent now.",
    }),
    idempotencyKey: t.exposeString("idempotencyKey", {
      description: "Key under which this send is stored; reuse it to retry safely.",
    }),
    replayed: t.exposeBoolean("replayed", {
      description: "True when this is the stored result of an earlier send.",
    }),
    channel: t.string({
      description: "SMS, VOICE or WHATSAPP: the channel of the send.",
      resolve: (o) => o.channel ?? "SMS",
    }),
    voiceCredits: t.int({
      nullable: true,
      description:
        "For a voice call, the voice_sms_balance credits it cost (recipients × the file's duration credit); " +
        "null for other channels (their credit fields say it).",
      resolve: (o) => o.voiceCredits ?? null,
    }),
    callType: t.string({
      nullable: true,
      description: "For a voice call, PLAIN, DTMF, CALL_PATCH or VOICE_OTP; null for other channels.",
      resolve: (o) => o.callType ?? null,
    }),
    whatsappCredit: t.float({
      nullable: true,
      description:
        "For a WhatsApp send, the whatsapp_credit it cost (fractions such as 0.125); null for SMS.",
      resolve: (o) => o.whatsappCredit ?? null,
    }),
    chunks: t.field({
      description: "Upstream requests of this send (bulk sends are split).",
      type: [SendChunkRef],
      resolve: (o) => o.chunks,
    }),
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
