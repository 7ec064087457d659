import { formatIstMinute } from "../domain/schedule.js";
import type { SendMessageRequest } from "../types.js";

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Pre-encodes a text for the backend's second URL-decode: on GET, `sendMessage` runs PHP `urldecode()` over
 * the message (the `message` parameter, or the template with `v1..vN` substituted when no message is sent),
 * after the framework already decoded the query. Percent-encoding every reserved byte (like PHP
 * `rawurlencode`) makes that second decode restore the text exactly: `+` stays `+`, `%41` stays `%41`. Lone surrogates become U+FFFD.
 */
export function encodeForDoubleDecode(text: string): string {
  return encodeURIComponent(text.replace(LONE_SURROGATE, "\uFFFD")).replace(
    /[!'()*~]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/**
 * Query parameters of `GET /send-message` (without credentials), in a stable order: `dlt_template_id`,
 * `mobile_numbers`, `route_type`, `message` and `v1..vN` (pre-encoded, see {@link encodeForDoubleDecode}),
 * then `schedule_date` (`YYYY-MM-DD HH:MM` IST) and `is_flash=1` when asked. No `country_code`: the backend
 * has none.
 */
export function sendMessageParams(request: SendMessageRequest): Array<[string, string]> {
  const params: Array<[string, string]> = [
    ["dlt_template_id", request.dltTemplateId],
    ["mobile_numbers", request.mobileNumbers.join(",")],
    ["route_type", String(request.route)],
    ["message", encodeForDoubleDecode(request.message)],
  ];
  request.variables.forEach((value, index) => {
    params.push([`v${index + 1}`, encodeForDoubleDecode(value)]);
  });
  if (request.scheduleAt) params.push(["schedule_date", formatIstMinute(request.scheduleAt)]);
  if (request.flash) params.push(["is_flash", "1"]);
  return params;
}

/** Default `per_page_record` of the API reference. */
export const DEFAULT_PER_PAGE = 20;
/** The backend's cap on `per_page_record`. */
export const MAX_PER_PAGE = 50;

/** Query parameters of `GET /campaign-list`: `per_page_record` always sent and clamped to 1..50, page ≥ 1. */
export function campaignListParams(page: { page: number; perPage: number }): Array<[string, string]> {
  const perPage = Number.isFinite(page.perPage)
    ? Math.min(MAX_PER_PAGE, Math.max(1, Math.trunc(page.perPage)))
    : DEFAULT_PER_PAGE;
  const pageNumber = Number.isFinite(page.page) ? Math.max(1, Math.trunc(page.page)) : 1;
  return [
    ["per_page_record", String(perPage)],
    ["page_number", String(pageNumber)],
  ];
}
