/**
 * The WhatsApp delivery report as the schema shows it: `get-wa-report/{token}` read once per request, null when
 * the token is not a send of these credentials (1014), each recipient's error reduced to one readable line.
 */
import { QuickcomNotFoundError } from "../quickcom/client/errors.js";
import type { WhatsAppRecipientReport, WhatsAppReport } from "../quickcom/types.js";
import type { UpstreamLoaders } from "./upstream-loaders.js";

/** A report and the token it was read by. */
export interface WhatsAppReportView {
  token: string;
  report: WhatsAppReport;
}

/** `get-wa-report/{token}` for the request's credentials, or null when the token is not theirs. */
export async function readWhatsAppReport(
  upstream: UpstreamLoaders,
  token: string,
): Promise<WhatsAppReportView | null> {
  try {
    return { token, report: await upstream.read("get-wa-report", token) };
  } catch (error) {
    if (error instanceof QuickcomNotFoundError && error.reason === "campaign_not_found") return null;
    throw error;
  }
}

const MAX_ERROR_LENGTH = 500;

/**
 * The recipient's `error_info` as one line: the backend stores `{error: true, response: "<Meta's answer>"}` or
 * Meta's error object; null when there is no error.
 */
export function recipientErrorText(recipient: WhatsAppRecipientReport): string | null {
  const error = recipient.error;
  if (error === null || error === undefined || error === "") return null;
  const record = typeof error === "object" ? (error as Record<string, unknown>) : null;
  const text =
    typeof error === "string"
      ? error
      : typeof record?.response === "string"
        ? record.response
        : typeof record?.message === "string"
          ? record.message
          : JSON.stringify(error);
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
