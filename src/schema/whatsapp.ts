/**
 * WhatsApp reads: `WhatsAppTemplate` nodes and `Query.whatsappTemplates` (`get-wa-templates`, every review
 * status, with what a send must give: placeholders and media), and `Query.whatsappReport(token:)`
 * (`get-wa-report/{token}`, the delivery of one WhatsApp send).
 */

import { displayMobile } from "../gateway/delivery-report.js";
import { InvalidInputError } from "../gateway/errors.js";
import { templateRefusal, whatsappTokenSchema } from "../gateway/whatsapp-input.js";
import {
  readWhatsAppReport,
  recipientErrorText,
  type WhatsAppReportView,
} from "../gateway/whatsapp-report.js";
import { parseIstDateTime } from "../quickcom/domain/schedule.js";
import {
  isMediaTemplate,
  whatsappMediaType,
  whatsappParameterFormat,
  whatsappPlaceholders,
} from "../quickcom/domain/whatsapp-template.js";
import type {
  WhatsAppRecipientReport,
  WhatsAppTemplate as WhatsAppTemplateRecord,
} from "../quickcom/types.js";
import { builder } from "./builder.js";
import { keyedConnection } from "./connection.js";
import { connectionComplexity } from "./limits.js";

/** The GraphQL `WhatsAppTemplate` type. */
export const WhatsAppTemplate = builder.objectRef<WhatsAppTemplateRecord>("WhatsAppTemplate");

function isWhatsAppTemplate(value: unknown): value is WhatsAppTemplateRecord {
  const row = value as Partial<WhatsAppTemplateRecord> | null;
  return Array.isArray(row?.buttons) && typeof row?.name === "string" && "templateType" in (row ?? {});
}

builder.node(WhatsAppTemplate, {
  description:
    "A WhatsApp message template of the account, of any review status (QuickCom does not check the status " +
    "when sending, Meta does: only an APPROVED template can be delivered).",
  isTypeOf: isWhatsAppTemplate,
  id: { resolve: (t) => String(t.id) },
  loadOne: async (id, ctx) =>
    (await ctx.upstream.read("get-wa-templates")).find((t) => String(t.id) === id) ?? null,
  fields: (t) => ({
    name: t.exposeString("name", { description: "Template name: pass it as templateName to sendWhatsApp." }),
    category: t.string({
      description: "MARKETING, UTILITY, AUTHENTICATION or SERVICE: decides the WhatsApp credit a send costs.",
      resolve: (tpl) => (tpl.category ?? "").toUpperCase(),
    }),
    language: t.string({
      description: "Language code the template was registered in (e.g. en, en_US, hi).",
      resolve: (tpl) => tpl.language ?? "",
    }),
    templateType: t.string({
      nullable: true,
      description: "MEDIA (the header is an image, video, document… given as mediaUrl), TEXT or none.",
      resolve: (tpl) => tpl.templateType,
    }),
    mediaType: t.string({
      nullable: true,
      description:
        "For a MEDIA template, the header's media: image, video, document, audio or location; null for a text " +
        "template. A send of a MEDIA template must give mediaUrl (and may give mediaFilename for a document).",
      resolve: (tpl) => (isMediaTemplate(tpl) ? (whatsappMediaType(tpl) ?? tpl.mediaType) : null),
    }),
    requiresMedia: t.boolean({
      description: "Whether a send must give mediaUrl (a MEDIA template).",
      resolve: (tpl) => isMediaTemplate(tpl),
    }),
    headerText: t.string({
      nullable: true,
      description: "The text header, `{{…}}` marking each header variable; null without a text header.",
      resolve: (tpl) => tpl.headerText,
    }),
    headerVariables: t.stringList({
      description:
        "Names inside the header's `{{…}}` in order: a send gives one headerValues entry for each.",
      resolve: (tpl) => (isMediaTemplate(tpl) ? [] : whatsappPlaceholders(tpl.headerText)),
    }),
    body: t.string({
      description: "The body text, `{{1}}` or `{{name}}` marking each variable.",
      resolve: (tpl) => tpl.body ?? "",
    }),
    bodyVariables: t.stringList({
      description: "Names inside the body's `{{…}}` in order: a send gives one bodyValues entry for each.",
      resolve: (tpl) => whatsappPlaceholders(tpl.body),
    }),
    variableCount: t.int({
      description: "Number of body variables: how many bodyValues a send must give.",
      resolve: (tpl) => whatsappPlaceholders(tpl.body).length,
    }),
    parameterFormat: t.string({
      description:
        "POSITIONAL ({{1}}, {{2}}…) or NAMED ({{name}}): values are given in placeholder order either way.",
      resolve: (tpl) => whatsappParameterFormat(tpl),
    }),
    footerText: t.string({
      nullable: true,
      description: "Fixed footer text.",
      resolve: (tpl) => tpl.footerText,
    }),
    unsendableReason: t.string({
      nullable: true,
      description:
        "Why sendWhatsApp refuses this template whatever the input (not APPROVED, a button that needs a value " +
        "per send, a location header); null when it can be sent.",
      resolve: (tpl) => {
        const refusal = templateRefusal(tpl);
        if (refusal instanceof InvalidInputError) return refusal.fieldErrors[0]?.message ?? refusal.message;
        return refusal?.message ?? null;
      },
    }),
    status: t.string({
      nullable: true,
      description: "Meta's review status: APPROVED, PENDING, REJECTED… (only APPROVED templates are sent).",
      resolve: (tpl) => tpl.status,
    }),
  }),
});

const WhatsAppRecipient = builder.objectRef<WhatsAppRecipientReport>("WhatsAppRecipient").implement({
  description: "The recipient of a WhatsApp send and what Meta reported for it.",
  fields: (t) => ({
    mobileNumber: t.string({
      description: "The number: 10 digits for an Indian mobile number, as QuickCom stored it otherwise.",
      resolve: (row) => displayMobile(row.mobile),
    }),
    status: t.string({
      description: "Meta's word as QuickCom stores it: Pending, accepted, sent, delivered, read, Failed…",
      resolve: (row) => row.status ?? "Pending",
    }),
    error: t.string({
      nullable: true,
      description: "Why it failed (Meta's or QuickCom's text); null without an error.",
      resolve: (row) => recipientErrorText(row),
    }),
    submittedAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When QuickCom handed it to Meta.",
      resolve: (row) => parseIstDateTime(row.submittedAt),
    }),
    sentAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When Meta reported it sent.",
      resolve: (row) => parseIstDateTime(row.sentAt),
    }),
    deliveredAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When Meta reported it delivered to the handset.",
      resolve: (row) => parseIstDateTime(row.deliveredAt),
    }),
    readAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When Meta reported it read.",
      resolve: (row) => parseIstDateTime(row.readAt),
    }),
  }),
});

const WhatsAppReport = builder.objectRef<WhatsAppReportView>("WhatsAppReport").implement({
  description: "The delivery report of one WhatsApp send (a campaign of one recipient).",
  fields: (t) => ({
    token: t.string({ description: "The token it was read by.", resolve: (view) => view.token }),
    campaignName: t.string({
      description: "QuickCom's campaign name (API for an API send).",
      resolve: (view) => view.report.campaign,
    }),
    sentAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When QuickCom processed the send.",
      resolve: (view) => parseIstDateTime(view.report.sendDateTime),
    }),
    totalContacts: t.int({
      description: "Recipients of the send.",
      resolve: (view) => view.report.totalContacts,
    }),
    creditsUsed: t.float({
      description: "WhatsApp credit the send cost (fractions such as 0.125).",
      resolve: (view) => view.report.creditsDeducted,
    }),
    recipients: t.field({
      type: [WhatsAppRecipient],
      description: "One row per recipient.",
      resolve: (view) => view.report.recipients,
    }),
  }),
});

builder.queryFields((t) => ({
  whatsappTemplates: t.connection(
    {
      type: WhatsAppTemplate,
      description: "The account's WhatsApp templates, of every review status.",
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) =>
        keyedConnection(await ctx.upstream.read("get-wa-templates"), args, "whatsapp-template", (tpl) =>
          String(tpl.id),
        ),
    },
    { name: "WhatsAppTemplateConnection" },
    { name: "WhatsAppTemplateEdge" },
  ),
  whatsappReport: t.field({
    type: WhatsAppReport,
    nullable: true,
    description:
      "The delivery report of one WhatsApp send by the token sendWhatsApp returned (campaign.uuid); null when " +
      "it is not a send of these credentials.",
    args: { token: t.arg.string({ required: true, validate: whatsappTokenSchema }) },
    resolve: (_root, args, ctx) => readWhatsAppReport(ctx.upstream, args.token.trim().toLowerCase()),
  }),
}));
