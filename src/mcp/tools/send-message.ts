/**
 * Tool `send_message`: the only tool that spends money. With confirmation on (the default) it never sends
 * unconfirmed: a client that can show forms gets the preview as an elicitation and the send happens only on
 * accept; any other client must pass the `confirmationToken` of a `preview_message` of exactly this input,
 * which the gateway verifies. Caps, scopes and idempotency are enforced by the gateway, not here.
 */
import { z } from "zod";
import {
  PreviewMessageDocument,
  type PreviewMessageQuery,
  SendMessageDocument,
} from "../generated/graphql.js";
import { fromTypedError, toolErrorResult } from "../tool-errors.js";
import { type ArgsOf, type ToolDefinition, type ToolRuntime, toolSuccess } from "./define-tool.js";
import { sendInputShape, toSendMessageInput } from "./send-input.js";

const inputShape = {
  ...sendInputShape,
  confirmationToken: z
    .string()
    .optional()
    .describe(
      "The confirmationToken of a preview_message call with exactly this input, after the user agreed to the " +
        "preview. Required unless your client shows confirmation dialogs (then the user is asked directly).",
    ),
};

const chunkSchema = z
  .object({
    index: z.number().int().describe("0-based chunk number."),
    recipients: z.number().int().describe("Recipients in this chunk."),
    status: z.string().describe("SENT, FAILED (certainly not sent) or UNKNOWN."),
    uuid: z.string().nullable().describe("QuickCom campaign UUID of the chunk."),
    creditsDeducted: z.number().int().describe("Credits QuickCom deducted for the chunk."),
    code: z.string().nullable().describe("Error code of a failed chunk."),
    message: z.string().nullable().describe("Error message of a failed chunk."),
  })
  .describe("One upstream request of the send (bulk sends are split).");

const outputShape = {
  sent: z.boolean().describe("True when QuickCom accepted the send; false when the user declined it."),
  campaign: z
    .object({
      uuid: z.string().describe("QuickCom campaign UUID."),
      senderId: z.string().describe("Sender ID the SMS goes out with."),
      message: z.string().describe("Text sent."),
      status: z.string().describe("Pending when scheduled, Ready-to-complete when sent now."),
      totalContacts: z.number().int().describe("Recipients."),
      creditsPerMessage: z.number().int().describe("Credits per recipient."),
      creditsDeducted: z.number().int().describe("Credits spent."),
      invalidNumbers: z.number().int().describe("Numbers QuickCom rejected."),
      scheduledAt: z.string().nullable().describe("When it is scheduled (RFC 3339), null if sent now."),
      idempotencyKey: z.string().describe("Key under which this send is stored; reuse it to retry safely."),
      replayed: z
        .boolean()
        .describe("True when this is the stored result of an earlier send with the same key."),
      chunks: z.array(chunkSchema).describe("Upstream requests of this send."),
    })
    .nullable()
    .describe("The campaign QuickCom created; null when nothing was sent."),
  reason: z
    .string()
    .nullable()
    .describe("Why nothing was sent (the user declined or cancelled); null when sent."),
};

type Preview = PreviewMessageQuery["messagePreview"];

function listNumbers(numbers: readonly string[]): string {
  const shown = numbers.slice(0, 5).join(", ");
  return numbers.length > 5 ? `${shown} and ${numbers.length - 5} more` : shown;
}

/** The text the human confirms: rendered text, recipients, sender, template, credits, schedule and warnings. */
export function confirmationPrompt(preview: Preview, args: ArgsOf<typeof sendInputShape>): string {
  return [
    "Send this SMS? Credits will be spent.",
    "",
    preview.message,
    "",
    `Recipients: ${preview.validNumbers.length} (${listNumbers(preview.validNumbers)})`,
    `Sender: the DLT header ${preview.template.headerId} registered for the template`,
    `Template: ${preview.template.name} (DLT ${preview.template.dltTemplateId}), route ${args.route}`,
    `Credits: ${preview.estimatedCredits} (${preview.creditsPerMessage} per recipient, ${preview.segments} segment(s))` +
      (preview.availableCredits === null ? "" : `, balance ${preview.availableCredits}`),
    `When: ${args.scheduleAt ?? "now"}`,
    ...(preview.invalidNumbers.length > 0
      ? [`Invalid numbers (will be refused): ${listNumbers(preview.invalidNumbers)}`]
      : []),
    ...preview.warnings.map((w) => `Warning: ${w}`),
  ].join("\n");
}

async function humanConfirmation(
  runtime: ToolRuntime,
  args: ArgsOf<typeof sendInputShape>,
): Promise<{ token: string } | { declined: string } | { failed: Parameters<typeof toolErrorResult>[0] }> {
  const preview = await runtime.run(PreviewMessageDocument, { input: toSendMessageInput(args) });
  if (!preview.ok) return { failed: preview.errors };
  let answer: Awaited<ReturnType<ToolRuntime["confirm"]>>;
  try {
    answer = await runtime.confirm(confirmationPrompt(preview.data.messagePreview, args));
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      failed: [
        {
          code: "CONFIRMATION_REQUIRED",
          message: `Could not ask the user to confirm (${message}); nothing was sent.`,
          details: {},
        },
      ],
    };
  }
  if (answer === "accept") return { token: preview.data.messagePreview.confirmationToken };
  return {
    declined:
      answer === "decline"
        ? "The user declined the send; nothing was sent. Do not send again unless the user asks."
        : "The user dismissed the confirmation; nothing was sent.",
  };
}

/** `send_message`. */
export const sendMessageTool: ToolDefinition<typeof inputShape, typeof outputShape> = {
  name: "send_message",
  title: "Send an SMS (spends credits)",
  description:
    "Sends a DLT-template SMS to one or more Indian mobile numbers and spends the account's credits. It cannot " +
    "be undone. First call preview_message with the same input and show the user the rendered text, the number " +
    "of recipients and the credits; send only after the user agrees, passing the preview's confirmationToken " +
    "(clients with confirmation dialogs ask the user directly instead). Always pass an idempotencyKey and reuse " +
    "it when retrying, so a retry never sends twice. Operator caps (recipients or credits per send, credits per " +
    "day) refuse larger sends.",
  inputSchema: inputShape,
  outputSchema: outputShape,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
  async handler(args, runtime) {
    const { confirmationToken, ...input } = args;
    let token = confirmationToken;
    if (runtime.confirmationRequired && runtime.canElicit) {
      const confirmation = await humanConfirmation(runtime, input);
      if ("failed" in confirmation) return toolErrorResult(confirmation.failed);
      if ("declined" in confirmation) {
        return toolSuccess(
          outputShape,
          { sent: false, campaign: null, reason: confirmation.declined },
          confirmation.declined,
        );
      }
      token = confirmation.token;
    }
    const outcome = await runtime.run(SendMessageDocument, { input: toSendMessageInput(input, token) });
    if (!outcome.ok) return toolErrorResult(outcome.errors);
    const result = outcome.data.sendMessage;
    if (result.__typename !== "SendMessageSuccess") return toolErrorResult([fromTypedError(result)]);
    const c = result.campaign;
    const text =
      `${c.replayed ? "Already sent earlier (same idempotencyKey); nothing new was sent" : "Sent"}: campaign ${c.uuid} ` +
      `from ${c.senderId} to ${c.totalContacts} recipient(s), ${c.creditsDeducted} credit(s), status ${c.status}. ` +
      `idempotencyKey ${c.idempotencyKey}.`;
    return toolSuccess(outputShape, { sent: true, campaign: c, reason: null }, text);
  },
};
