/**
 * Sending on WhatsApp: `SendWhatsAppInput`, `Query.whatsappPreview` (checks, renders and prices; sends nothing)
 * and `Mutation.sendWhatsApp`, which answers the same `SendMessageResult` union as `sendMessage`.
 */
import { contract } from "../gateway/input-contract.js";
import type { ConfirmableWhatsAppPreview } from "../gateway/whatsapp-channel.js";
import { WHATSAPP_INPUT_FIELDS } from "../gateway/whatsapp-input.js";
import { ACCOUNT, Account } from "./account.js";
import { builder } from "./builder.js";
import { SEND_ERRORS } from "./errors.js";
import { SentCampaign } from "./message.js";

const SendWhatsAppInput = builder.inputType("SendWhatsAppInput", {
  description: "One WhatsApp template message to one Indian mobile number.",
  fields: (t) => ({
    templateName: t.string({
      required: true,
      description: "Name of one of the account's APPROVED WhatsApp templates (see `whatsappTemplates`).",
      extensions: contract(WHATSAPP_INPUT_FIELDS.templateName),
    }),
    mobileNumber: t.string({
      required: true,
      description:
        "The recipient: an Indian mobile number, 10 digits starting 6-9, optionally prefixed +91, 91 or 0 " +
        "(QuickCom sends WhatsApp only to country code 91).",
      extensions: contract(WHATSAPP_INPUT_FIELDS.mobileNumber),
    }),
    senderNumber: t.string({
      required: true,
      description:
        "The account's WhatsApp sender number as registered with QuickCom (+ and spaces are ignored).",
      extensions: contract(WHATSAPP_INPUT_FIELDS.senderNumber),
    }),
    language: t.string({
      required: false,
      description: "Language code to send in (e.g. en_US); default the template's.",
      extensions: contract(WHATSAPP_INPUT_FIELDS.language),
    }),
    bodyValues: t.stringList({
      required: false,
      description: "One value per body variable of the template (`bodyVariables`), in order.",
      extensions: contract(WHATSAPP_INPUT_FIELDS.bodyValues),
    }),
    headerValues: t.stringList({
      required: false,
      description: "One value per header variable of a text header (`headerVariables`), in order.",
      extensions: contract(WHATSAPP_INPUT_FIELDS.headerValues),
    }),
    mediaUrl: t.string({
      required: false,
      description:
        "For a template with a media header (`requiresMedia`): an absolute http(s) URL of the image, video, " +
        "document or audio file Meta fetches. Leave out for a text template.",
      extensions: contract(WHATSAPP_INPUT_FIELDS.mediaUrl),
    }),
    mediaFilename: t.string({
      required: false,
      description: "For a document header: the file name the recipient sees.",
      extensions: contract(WHATSAPP_INPUT_FIELDS.mediaFilename),
    }),
    idempotencyKey: t.string({
      required: false,
      description:
        "Your key for this send (printable ASCII, no spaces). Retrying with the same key and input returns the " +
        "first result instead of sending twice. Strongly recommended.",
      extensions: contract(WHATSAPP_INPUT_FIELDS.idempotencyKey),
    }),
    confirmationToken: t.string({
      required: false,
      description:
        "The confirmationToken of a whatsappPreview (MCP `preview_whatsapp`) of exactly this input, after the user " +
        "agreed to it. Required for MCP sends.",
    }),
  }),
});

const WhatsAppPreview = builder.objectRef<ConfirmableWhatsAppPreview>("WhatsAppPreview").implement({
  description: "What a WhatsApp send would do. Nothing is sent.",
  fields: (t) => ({
    templateName: t.exposeString("templateName", { description: "The template, as registered." }),
    category: t.exposeString("category", { description: "Its category, which decides the charge." }),
    language: t.exposeString("language", { description: "Language code the message goes in." }),
    mobileNumber: t.exposeString("mobileNumber", { description: "The recipient, 10 digits." }),
    senderNumber: t.exposeString("senderNumber", { description: "The sender number, digits only." }),
    header: t.exposeString("header", { nullable: true, description: "The text header with its values." }),
    body: t.exposeString("body", { description: "The body with its values, as the recipient reads it." }),
    footer: t.exposeString("footer", { nullable: true, description: "The fixed footer." }),
    mediaType: t.exposeString("mediaType", { nullable: true, description: "The header's media, if any." }),
    mediaUrl: t.exposeString("mediaUrl", { nullable: true, description: "The media URL Meta fetches." }),
    chargePerMessage: t.exposeFloat("chargePerMessage", {
      nullable: true,
      description: "whatsapp_credit this message costs (WHATSAPP_CHARGES); null when not configured.",
    }),
    availableCredit: t.exposeFloat("availableCredit", {
      nullable: true,
      description: "The account's whatsapp_credit now; null if unknown.",
    }),
    sufficientBalance: t.exposeBoolean("sufficientBalance", {
      nullable: true,
      description: "Whether whatsapp_credit covers the charge; null when either is unknown.",
    }),
    warnings: t.exposeStringList("warnings", { description: "Things the user should know." }),
    confirmationToken: t.exposeString("confirmationToken", {
      description: "Pass to sendWhatsApp to confirm exactly this send; short-lived.",
    }),
    confirmationExpiresAt: t.expose("confirmationExpiresAt", {
      type: "DateTime",
      description: "When the confirmation token expires (RFC 3339).",
    }),
  }),
});

builder.queryField("whatsappPreview", (t) =>
  t.field({
    type: WhatsAppPreview,
    description:
      "Checks, renders and prices a WhatsApp send against the template and whatsapp_credit. Sends nothing.",
    args: { input: t.arg({ type: SendWhatsAppInput, required: true }) },
    resolve: (_root, { input }, ctx) => ctx.whatsapp.preview(ctx, input),
  }),
);

builder.mutationField("sendWhatsApp", (t) =>
  t.field({
    type: SentCampaign,
    description:
      "Sends one WhatsApp template message (spends whatsapp_credit). Never retried automatically; use " +
      "idempotencyKey to retry safely.",
    args: { input: t.arg({ type: SendWhatsAppInput, required: true }) },
    errors: {
      types: SEND_ERRORS,
      union: { name: "SendMessageResult" },
      result: {
        name: "SendMessageSuccess",
        fields: (r) => ({
          account: r.field({
            type: Account,
            description: "The account after the send: its balance is read afresh and shows the deduction.",
            resolve: () => ACCOUNT,
          }),
        }),
      },
      dataField: { name: "campaign" },
    },
    resolve: (_root, { input }, ctx) => ctx.whatsapp.send(ctx, input),
  }),
);
