/**
 * Tool `preview_message`: validates, renders and prices a send without sending; returns the confirmation token
 * that `send_message` needs.
 */
import { z } from "zod";
import { PreviewMessageDocument } from "../generated/graphql.js";
import { queryTool } from "./define-tool.js";
import { sendInputShape, toSendMessageInput } from "./send-input.js";

/** `structuredContent` of `preview_message` (also shown to the human before a confirmed send). */
export const previewOutputShape = {
  template: z
    .object({
      dltTemplateId: z.string().describe("DLT template ID."),
      name: z.string().describe("Template name."),
      headerId: z.string().describe("DLT header (sender) registration the SMS goes out under."),
    })
    .describe("The approved template the message uses."),
  message: z.string().describe("The rendered text exactly as it will be sent."),
  encoding: z.string().describe("GSM_7 or UCS_2: what the handset receives."),
  characters: z.number().int().describe("Length of the message in characters."),
  segments: z.number().int().describe("SMS parts each recipient receives."),
  creditsPerMessage: z.number().int().describe("Credits QuickCom bills per recipient."),
  billedAsUnicode: z.boolean().describe("Whether QuickCom bills it at the Unicode rate."),
  validNumbers: z
    .array(z.string())
    .describe("Recipients that will receive it, normalised, without duplicates."),
  invalidNumbers: z
    .array(z.string())
    .describe("Numbers that are not valid Indian mobiles; a send refuses these."),
  duplicateNumbers: z.array(z.string()).describe("Numbers given more than once (sent once)."),
  estimatedCredits: z.number().int().describe("Credits the send will cost."),
  availableCredits: z.number().int().nullable().describe("Balance of the route's wallet, null if unknown."),
  sufficientBalance: z.boolean().describe("Whether the balance covers the send."),
  warnings: z.array(z.string()).describe("Things the user should know (e.g. the text switched to Unicode)."),
  confirmationToken: z
    .string()
    .describe("Pass to send_message with exactly the same input to confirm this send. Short-lived."),
  confirmationExpiresAt: z.string().describe("When the confirmation token expires (RFC 3339)."),
};

/** `preview_message`. */
export const previewMessageTool = queryTool({
  name: "preview_message",
  title: "Preview an SMS (sends nothing)",
  description:
    "Checks and prices an SMS without sending it: renders the template with the variables, classifies the " +
    "numbers, counts segments and credits, checks the balance and the schedule rules. Always call this before " +
    "send_message and show the user the rendered message, recipient count and credits. The result's " +
    "confirmationToken authorises exactly this send (same template, route, variables, numbers and schedule) for " +
    "a few minutes. Read-only: nothing is sent and no credits are spent.",
  inputSchema: sendInputShape,
  outputSchema: previewOutputShape,
  document: PreviewMessageDocument,
  variables: (args) => ({ input: toSendMessageInput(args) }),
  output: (data) => data.messagePreview,
  text: (p) =>
    [
      `Preview (nothing sent): "${p.message}"`,
      `${p.validNumbers.length} recipient(s), ${p.segments} segment(s), ${p.estimatedCredits} credit(s)` +
        `${p.sufficientBalance ? "" : " - INSUFFICIENT BALANCE"}.`,
      ...(p.invalidNumbers.length > 0 ? [`Invalid numbers: ${p.invalidNumbers.join(", ")}`] : []),
      ...p.warnings.map((w) => `Warning: ${w}`),
      `confirmationToken: ${p.confirmationToken} (expires ${p.confirmationExpiresAt})`,
    ].join("\n"),
});
