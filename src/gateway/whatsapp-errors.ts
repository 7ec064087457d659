/**
 * The failures only a WhatsApp send reports before any call (its other failures are the send path's, in
 * `errors.ts`).
 */
import { GatewayError } from "./errors.js";

/** Why a WhatsApp template cannot be sent: not one of the account's (QuickCom's 1031), or not approved by Meta. */
export type WhatsAppTemplateProblem = "1031" | "WHATSAPP_TEMPLATE_NOT_APPROVED";

/** The template cannot be sent; nothing was sent and nothing charged. */
export class WhatsAppTemplateError extends GatewayError {
  constructor(
    readonly code: WhatsAppTemplateProblem,
    readonly templateName: string,
    message: string,
  ) {
    super(message);
  }
}
