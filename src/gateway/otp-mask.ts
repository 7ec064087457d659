/**
 * Keeps OTP codes out of other callers' reads: QuickCom's campaign list returns every campaign's text, so a text
 * that is one of the account's OTP templates (the kind `sendOtp` accepts) comes back with its code masked.
 */
import type { TemplateRecord } from "../quickcom/types.js";
import { readsAsOtpTemplate } from "./otp-input.js";

const SLOT = /\{#var#\}/gi;
const patterns = new Map<string, RegExp | null>();

/** The matcher of an OTP template's texts (the code captured), or null for a template sendOtp would refuse. */
function otpPattern(body: string): RegExp | null {
  let pattern = patterns.get(body);
  if (pattern !== undefined) return pattern;
  const parts = body.split(SLOT);
  pattern =
    parts.length === 2 && readsAsOtpTemplate(body)
      ? new RegExp(
          `^(${escapeRegExp(parts[0] as string)})([0-9]{4,8})(${escapeRegExp(parts[1] as string)})$`,
          "s",
        )
      : null;
  if (patterns.size >= 1_000) patterns.clear();
  patterns.set(body, pattern);
  return pattern;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * `message` with the code masked (`******`) when it is the text of one of `templates`' OTP templates. Without
 * the templates (null: they could not be read), every 4-8 digit run of a text that reads as an OTP is masked.
 */
export function maskOtpCode(message: string, templates: readonly TemplateRecord[] | null): string {
  if (templates === null) {
    return readsAsOtpTemplate(message)
      ? message.replace(/(?<![0-9])[0-9]{4,8}(?![0-9])/g, (d) => "*".repeat(d.length))
      : message;
  }
  for (const template of templates) {
    const match = otpPattern(template.body)?.exec(message);
    if (match) return `${match[1]}${"*".repeat((match[2] as string).length)}${match[3]}`;
  }
  return message;
}
