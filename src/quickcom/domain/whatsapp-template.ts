/**
 * What a WhatsApp template asks of a send, read from the `get-wa-templates` row: its `{{…}}` placeholders (the
 * backend matches `/\{\{(.*?)\}\}/`), whether they are NAMED or POSITIONAL (the API does not return
 * `parameter_format`, so it is inferred from the placeholders), and the media a MEDIA template's header needs.
 */
import type { WhatsAppTemplate } from "../types.js";

/** The media kinds the backend's validation accepts (`in:image,video,document,audio,location`). */
export const WHATSAPP_MEDIA_TYPES = ["image", "video", "document", "audio", "location"] as const;

/** One of {@link WHATSAPP_MEDIA_TYPES}. */
export type WhatsAppMediaType = (typeof WHATSAPP_MEDIA_TYPES)[number];

/** How a template names its placeholders: `{{1}}`, `{{2}}` or `{{name}}`. */
export type WhatsAppParameterFormat = "NAMED" | "POSITIONAL";

/** The names inside `{{…}}` in `text`, in order (`[]` for null or no placeholder). */
export function whatsappPlaceholders(text: string | null): string[] {
  return [...(text ?? "").matchAll(/\{\{(.*?)\}\}/g)].map((match) => match[1] ?? "");
}

/** POSITIONAL when every placeholder of header and body is a number, else NAMED. */
export function whatsappParameterFormat(template: WhatsAppTemplate): WhatsAppParameterFormat {
  const names = [...whatsappPlaceholders(template.headerText), ...whatsappPlaceholders(template.body)];
  return names.every((name) => /^\s*\d+\s*$/.test(name)) ? "POSITIONAL" : "NAMED";
}

/** Whether the template's header is media (`template_type` MEDIA): a send must then give the media. */
export function isMediaTemplate(template: WhatsAppTemplate): boolean {
  return (template.templateType ?? "").toUpperCase() === "MEDIA";
}

/** The media a MEDIA template's header carries, lower case, or null (text templates, unknown kinds). */
export function whatsappMediaType(template: WhatsAppTemplate): WhatsAppMediaType | null {
  if (!isMediaTemplate(template)) return null;
  const type = (template.mediaType ?? "").toLowerCase();
  return (WHATSAPP_MEDIA_TYPES as readonly string[]).includes(type) ? (type as WhatsAppMediaType) : null;
}
