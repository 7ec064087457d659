/**
 * Human-readable warnings for text the QuickCom backend will alter or price differently
 * from what a caller expects. Pure: derived from the text and the template's Unicode flag.
 */
import { analyzeText, quickcomCredits } from "./encoding.js";
import { nonGsm7Characters } from "./gsm7.js";

/** One warning: a stable SCREAMING_SNAKE code and one sentence for people. */
export interface TextWarning {
  code: string;
  message: string;
}

/** Options of {@link textWarnings}. */
export interface TextWarningOptions {
  /** The template's `is_for_unicode` flag. */
  unicodeTemplate: boolean;
}

function credits(count: number): string {
  return `${count} credit${count === 1 ? "" : "s"}`;
}

function quoteList(characters: readonly string[]): string {
  const shown = characters.slice(0, 5).map((character) => `"${character}"`);
  if (characters.length > 5) shown.push(`${characters.length - 5} more`);
  const last = shown.pop() ?? "";
  return shown.length > 0 ? `${shown.join(", ")} and ${last}` : last;
}

/**
 * Warnings for text the upstream will alter or price differently: "@" switches a GSM template to Unicode billing
 * (with the credit change), "+" and "%" are decoded twice by the backend (the gateway pre-encodes the message so they
 * arrive intact), characters outside GSM-7 in a GSM template (billed by UTF-8 bytes; the handset needs UCS-2),
 * and a message longer than one segment (with its credits). Codes: AT_SIGN_UNICODE_BILLING,
 * DOUBLE_DECODED_CHARACTERS, NON_GSM_CHARACTERS, MULTIPART_MESSAGE.
 */
export function textWarnings(text: string, options: TextWarningOptions): TextWarning[] {
  const warnings: TextWarning[] = [];
  const analysis = analyzeText(text, options);
  const billed = analysis.billing.creditsPerMessage;

  if (!options.unicodeTemplate && text.includes("@")) {
    const gsmPrice = quickcomCredits(text, false).creditsPerMessage;
    warnings.push({
      code: "AT_SIGN_UNICODE_BILLING",
      message:
        `QuickCom bills a GSM-template message containing "@" as Unicode (${analysis.billing.messageCount} characters), ` +
        `so it costs ${credits(billed)} per recipient instead of ${credits(gsmPrice)}.`,
    });
  }

  const doubled = ["+", "%"].filter((character) => text.includes(character));
  if (doubled.length > 0) {
    warnings.push({
      code: "DOUBLE_DECODED_CHARACTERS",
      message:
        `QuickCom URL-decodes the message a second time, which would turn ${quoteList(doubled)} into other text; ` +
        "the gateway pre-encodes the message so it arrives intact.",
    });
  }

  const nonGsm = nonGsm7Characters(text);
  if (!options.unicodeTemplate && nonGsm.length > 0) {
    const billing = analysis.billing.unicode
      ? `QuickCom bills it as Unicode (${analysis.billing.messageCount} characters)`
      : `QuickCom still bills it by UTF-8 bytes (${analysis.billing.messageCount} bytes)`;
    warnings.push({
      code: "NON_GSM_CHARACTERS",
      message: `The GSM template's text contains ${quoteList(nonGsm)}, outside GSM-7, so the handset needs UCS-2 while ${billing}.`,
    });
  }

  if (analysis.segments > 1 || billed > 1) {
    warnings.push({
      code: "MULTIPART_MESSAGE",
      message:
        `The message is longer than one SMS: ${analysis.segments} ${analysis.encoding === "GSM_7" ? "GSM-7" : "UCS-2"} ` +
        `segments on the handset, billed ${credits(billed)} per recipient.`,
    });
  }

  return warnings;
}
