/**
 * The confirmation of a money-spending tool. With confirmation on (the default) and a client that can show
 * forms, the gateway asks the human through an elicitation at the moment it has priced the send (one preview,
 * no token); the send goes out only on accept. Any other client must pass the `confirmationToken` of a
 * `preview_message` of exactly this input, which the gateway verifies.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { Preview } from "../../gateway/preview.js";
import type { VoicePreview } from "../../gateway/voice-preview.js";
import { type WhatsAppPreview, whatsappMessageText } from "../../gateway/whatsapp-preview.js";
import { toolErrorResult } from "../tool-errors.js";
import type { ConfirmationAnswer, ToolDefinition, ToolRuntime } from "./define-tool.js";

type Handler = ToolDefinition["handler"];

function listNumbers(numbers: readonly string[]): string {
  const shown = numbers.slice(0, 5).join(", ");
  return numbers.length > 5 ? `${shown} and ${numbers.length - 5} more` : shown;
}

/** The text the human confirms for a WhatsApp message: the message, recipient, sender, template and charge. */
function whatsappPrompt(preview: WhatsAppPreview): string {
  return [
    "Send this WhatsApp message? WhatsApp credit will be spent.",
    "",
    whatsappMessageText(preview),
    ...(preview.mediaUrl ? [`Media (${preview.mediaType}): ${preview.mediaUrl}`] : []),
    "",
    `Recipient: ${preview.mobileNumber}`,
    `Sender: ${preview.senderNumber}`,
    `Template: ${preview.templateName} (${preview.category}, ${preview.language})`,
    `Charge: ${preview.chargePerMessage ?? "set by QuickCom (not configured here)"} whatsapp_credit` +
      (preview.availableCredit === null ? "" : `, balance ${preview.availableCredit}`),
    ...preview.warnings.map((w) => `Warning: ${w}`),
  ].join("\n");
}

/** The text the human confirms for a voice call: the file, recipients, call type, credits and when. */
function voicePrompt(preview: VoicePreview): string {
  return [
    "Place these voice calls? Voice credits will be spent.",
    "",
    `Voice file: ${preview.title ?? preview.voiceId} (${preview.voiceId}, ${preview.durationSeconds ?? "?"} s)`,
    `Call type: ${preview.callType}` +
      (preview.dtmf === null ? "" : `, key ${preview.dtmf}`) +
      (preview.callPatchNumber === null ? "" : `, patched to ${preview.callPatchNumber}`),
    `Recipients: ${preview.recipients} (${listNumbers(preview.validNumbers)})`,
    `Credits: ${preview.estimatedCredits ?? "unknown"} voice (${preview.creditsPerCall ?? "?"} per call)` +
      (preview.availableCredits === null ? "" : `, balance ${preview.availableCredits}`),
    `When: ${preview.scheduledAt ? preview.scheduledAt.toISOString() : "now"}`,
    ...preview.issues.map((issue) => `Issue: ${issue.message}`),
  ].join("\n");
}

/** The text the human confirms: rendered text, recipients, sender, template, credits, schedule and warnings. */
export function confirmationPrompt(
  preview: Preview | WhatsAppPreview | VoicePreview,
  args: Record<string, unknown>,
): string {
  if ("callType" in preview) return voicePrompt(preview);
  if (!("validNumbers" in preview)) return whatsappPrompt(preview);
  return [
    "Send this SMS? Credits will be spent.",
    "",
    preview.message,
    "",
    `Recipients: ${preview.validNumbers.length} (${listNumbers(preview.validNumbers)})`,
    `Sender: the DLT header ${preview.template.headerId} registered for the template`,
    `Template: ${preview.template.name} (DLT ${preview.template.dltTemplateId}), route ${String(args.route)}`,
    `Credits: ${preview.estimatedCredits} (${preview.creditsPerMessage} per recipient, ${preview.segments} segment(s))` +
      (preview.availableCredits === null ? "" : `, balance ${preview.availableCredits}`),
    `When: ${typeof args.scheduleAt === "string" ? args.scheduleAt : "now"}`,
    ...(preview.invalidNumbers.length > 0
      ? [`Invalid numbers (will be refused): ${listNumbers(preview.invalidNumbers)}`]
      : []),
    ...preview.warnings.map((w) => `Warning: ${w}`),
  ].join("\n");
}

const DECLINED = {
  decline: "The user declined the send; nothing was sent. Do not send again unless the user asks.",
  cancel: "The user dismissed the confirmation; nothing was sent.",
} as const;

/**
 * Wraps a send tool's handler: where the client can elicit, the gateway asks the human during the send;
 * `declined(reason)` is the structured content of a send the human did not accept.
 */
export function withConfirmation(
  run: Handler,
  declined: (reason: string) => Record<string, unknown>,
): Handler {
  return async (args, runtime): Promise<CallToolResult> => {
    if (!(runtime.confirmationRequired && runtime.canElicit)) return run(args, runtime);
    let answer: ConfirmationAnswer | null = null;
    let failure: string | null = null;
    const askHuman = async (preview: Preview | WhatsAppPreview | VoicePreview): Promise<boolean> => {
      try {
        answer = await runtime.confirm(confirmationPrompt(preview, args));
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
      }
      return answer === "accept";
    };
    const asking: ToolRuntime = {
      ...runtime,
      run: (document, variables) => runtime.run(document, variables, { askHuman }),
    };
    const result = await run(args, asking);
    if (failure !== null) {
      return toolErrorResult([
        {
          code: "CONFIRMATION_REQUIRED",
          message: `Could not ask the user to confirm (${failure}); nothing was sent.`,
          details: {},
        },
      ]);
    }
    if (answer === "decline" || answer === "cancel") {
      const reason = DECLINED[answer];
      return { structuredContent: declined(reason), content: [{ type: "text", text: reason }] };
    }
    return result;
  };
}
