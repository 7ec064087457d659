/**
 * The preview of a WhatsApp send, pure: the text the recipient will read (the template's header and body with the
 * values in their `{{…}}` slots), the media, the charge of the template's category (WHATSAPP_CHARGES) against the
 * account's `whatsapp_credit`, and warnings. Also the upstream answer in the shape the send records keep.
 */
import type {
  SendMessageResponse,
  WhatsAppSendRequest,
  WhatsAppSendResponse,
  WhatsAppTemplate,
} from "../quickcom/types.js";
import { type WhatsAppCharges, whatsappCharge } from "./whatsapp-charges.js";

/** What a WhatsApp send would do; sends nothing. */
export interface WhatsAppPreview {
  templateName: string;
  category: string;
  language: string;
  /** The recipient as the backend gets it (`91` + 10 digits) and as a 10-digit number. */
  to: string;
  mobileNumber: string;
  senderNumber: string;
  /** Header text with its values, or null (no text header). */
  header: string | null;
  /** Body with its values. */
  body: string;
  footer: string | null;
  mediaType: string | null;
  mediaUrl: string | null;
  /** The category's charge in `whatsapp_credit`; null when WHATSAPP_CHARGES does not state it. */
  chargePerMessage: number | null;
  /** `whatsapp_credit` now, or null when the balance could not be read. */
  availableCredit: number | null;
  /** Null when the charge or the balance is unknown. */
  sufficientBalance: boolean | null;
  warnings: string[];
}

/** `text` with each `{{…}}` replaced, in order, by the next value. */
export function fillPlaceholders(text: string, values: readonly string[]): string {
  let next = 0;
  return text.replace(/\{\{(.*?)\}\}/g, (slot) => values[next++] ?? slot);
}

function valuesOf(parameters: WhatsAppSendRequest["bodyParameters"]): string[] {
  return (parameters ?? []).map((p) => (typeof p === "string" ? p : p.text));
}

/** The message as its recipient will read it: header, body and footer lines. */
export function whatsappMessageText(preview: Pick<WhatsAppPreview, "header" | "body" | "footer">): string {
  return [preview.header, preview.body, preview.footer].filter((part): part is string => !!part).join("\n");
}

/** Arguments of {@link buildWhatsAppPreview}. */
export interface WhatsAppPreviewArgs {
  request: WhatsAppSendRequest;
  template: WhatsAppTemplate;
  charges: WhatsAppCharges;
  /** `whatsapp_credit`, or null when unknown. */
  balance: number | null;
}

/** Prices and renders a checked request (see `whatsappSendRequest`). */
export function buildWhatsAppPreview({
  request,
  template,
  charges,
  balance,
}: WhatsAppPreviewArgs): WhatsAppPreview {
  const category = (template.category ?? "").toUpperCase();
  const charge = whatsappCharge(charges, category);
  const warnings: string[] = [];
  if (charge === null) {
    warnings.push(
      `The charge of ${category || "this"} templates is not configured (WHATSAPP_CHARGES): QuickCom bills its own, and refuses the send if whatsapp_credit is too low.`,
    );
  }
  if (category === "MARKETING") {
    warnings.push(
      "MARKETING messages reach only users who opted in; Meta may limit how many a user receives.",
    );
  }
  const sufficientBalance = charge === null || balance === null ? null : balance >= charge;
  if (sufficientBalance === false) {
    warnings.push(`whatsapp_credit is ${balance}, less than the ${charge} this message costs.`);
  }
  return {
    templateName: template.name,
    category,
    language: request.language ?? template.language ?? "",
    to: request.to,
    mobileNumber: request.to.slice(2),
    senderNumber: request.from,
    header: request.media
      ? null
      : template.headerText
        ? fillPlaceholders(template.headerText, valuesOf(request.headerParameters))
        : null,
    body: fillPlaceholders(template.body ?? "", valuesOf(request.bodyParameters)),
    footer: template.footerText,
    mediaType: request.media?.type ?? null,
    mediaUrl: request.media?.url ?? null,
    chargePerMessage: charge,
    availableCredit: balance,
    sufficientBalance,
    warnings,
  };
}

/**
 * The upstream answer of a WhatsApp send in the shape send records keep (one recipient; `creditsPerMessage` and
 * `creditsDeducted` in `whatsapp_credit`, fractions kept).
 */
export function whatsappSendRecord(
  response: WhatsAppSendResponse,
  preview: WhatsAppPreview,
): SendMessageResponse {
  return {
    uuid: response.uuid ?? "",
    campaign: response.campaign,
    senderId: preview.senderNumber,
    routeType: 5,
    smsType: 0,
    message: whatsappMessageText(preview),
    isFlash: false,
    sendDateTime: response.sendDateTime,
    messageCount: 0,
    creditsPerMessage: response.charge,
    totalContacts: 1,
    creditsDeducted: response.creditsDeducted,
    status: response.status,
    invalidNumbers: 0,
  };
}
