/**
 * What a WhatsApp message costs. QuickCom bills the template category's charge (`whats_app_charges`, set per
 * account by QuickCom's admin) on `whatsapp_credit` and has no endpoint that reads it, so the operator states the
 * account's charges in `WHATSAPP_CHARGES` (for example `MARKETING=0.875,UTILITY=0.125`); a category without a
 * charge there is priced as unknown.
 */

/** The template categories QuickCom charges for (`getWACharges`). */
export const WHATSAPP_CATEGORIES = ["MARKETING", "UTILITY", "SERVICE", "AUTHENTICATION"] as const;

/** One of {@link WHATSAPP_CATEGORIES}. */
export type WhatsAppCategory = (typeof WHATSAPP_CATEGORIES)[number];

/** The charge of each category the operator configured, in `whatsapp_credit`. */
export type WhatsAppCharges = Readonly<Partial<Record<WhatsAppCategory, number>>>;

/**
 * Parses `WHATSAPP_CHARGES` (`CATEGORY=amount` pairs, comma-separated, amounts > 0 with at most 4 decimals as
 * the backend's DECIMAL column holds them). Returns the charges, or a message saying what is wrong.
 */
export function parseWhatsAppCharges(value: string): WhatsAppCharges | string {
  const charges: Partial<Record<WhatsAppCategory, number>> = {};
  for (const part of value
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match = /^([A-Za-z]+)\s*=\s*(\d+(?:\.\d{1,4})?)$/.exec(part);
    const category = match?.[1]?.toUpperCase() as WhatsAppCategory | undefined;
    if (!match || !category || !WHATSAPP_CATEGORIES.includes(category)) {
      return `must be CATEGORY=amount pairs separated by commas, CATEGORY one of ${WHATSAPP_CATEGORIES.join(", ")} (e.g. MARKETING=0.875,UTILITY=0.125)`;
    }
    const amount = Number(match[2]);
    if (!(amount > 0)) return `the charge of ${category} must be more than 0`;
    if (category in charges) return `${category} is given twice`;
    charges[category] = amount;
  }
  if (Object.keys(charges).length === 0) return "must name at least one category (e.g. UTILITY=0.125)";
  return charges;
}

/** The configured charge of a template category (case-insensitive), or null when it is not configured. */
export function whatsappCharge(charges: WhatsAppCharges, category: string | null): number | null {
  const key = (category ?? "").toUpperCase() as WhatsAppCategory;
  return charges[key] ?? null;
}
