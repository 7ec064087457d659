import { formatIstMinute } from "../domain/schedule.js";
import type {
  SendMessageRequest,
  VoiceSendRequest,
  WhatsAppParameter,
  WhatsAppSendRequest,
} from "../types.js";

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

/**
 * Query parameters of `GET /voice-send-sms` (without credentials): `voice_id`, the numbers, then `schedule_date`
 * (`YYYY-MM-DD HH:MM` IST), `dtmf` and `call_patch_number` when given. The numbers go as `mobile_numbers`, except
 * for a voice OTP (`otp` set): the backend only takes the single `mobile_number` together with an `otp` (and
 * derives obd type 4 from it), so the one number goes as `mobile_number` followed by `otp`. Throws a RangeError
 * for an OTP request without exactly one number (nothing is sent).
 */
export function voiceSendParams(request: VoiceSendRequest): Array<[string, string]> {
  const params: Array<[string, string]> = [["voice_id", request.voiceId]];
  if (request.otp !== undefined) {
    const [number, ...rest] = request.mobileNumbers;
    if (number === undefined || rest.length > 0) {
      throw new RangeError("A voice OTP goes to exactly one number.");
    }
    params.push(["mobile_number", number], ["otp", request.otp]);
  } else {
    params.push(["mobile_numbers", request.mobileNumbers.join(",")]);
  }
  if (request.scheduleAt) params.push(["schedule_date", formatIstMinute(request.scheduleAt)]);
  if (request.dtmf !== undefined) params.push(["dtmf", request.dtmf]);
  if (request.callPatchNumber !== undefined) params.push(["call_patch_number", request.callPatchNumber]);
  return params;
}

function parameterEntries(prefix: string, values: readonly WhatsAppParameter[]): Array<[string, string]> {
  return values.flatMap(
    (value, index): Array<[string, string]> =>
      typeof value === "string"
        ? [[`${prefix}[${index}]`, value]]
        : [
            [`${prefix}[${index}][type]`, "text"],
            [`${prefix}[${index}][parameter_name]`, value.name],
            [`${prefix}[${index}][text]`, value.text],
          ],
  );
}

/**
 * Query parameters of `GET /send-wa-message`: the JSON payload the backend reads (`message.recipient`,
 * `message.sender`, `message.content` with `template.templateId`, `media`, `headerParameterValue`,
 * `bodyParameterValues`) as PHP bracketed names (`message[recipient][to]`), which Laravel parses into the same
 * nested array on the GET-only v1 route. `content.type` is `MEDIA_TEMPLATE` when media is given, else `TEMPLATE`.
 */
export function whatsAppSendParams(request: WhatsAppSendRequest): Array<[string, string]> {
  const template = "message[content][template]";
  const params: Array<[string, string]> = [
    ["message[recipient][to]", request.to],
    ["message[recipient][recipient_type]", "individual"],
    ["message[sender][from]", request.from],
    ["message[content][type]", request.media ? "MEDIA_TEMPLATE" : "TEMPLATE"],
  ];
  if (request.language) params.push(["message[content][language]", request.language]);
  params.push([`${template}[templateId]`, request.templateName]);
  const media = request.media;
  if (media) {
    params.push([`${template}[media][type]`, media.type], [`${template}[media][url]`, media.url]);
    const optional: Array<[string, string | undefined]> = [
      ["filename", media.filename],
      ["latitude", media.latitude],
      ["longitude", media.longitude],
      ["location_name", media.locationName],
      ["location_address", media.locationAddress],
    ];
    for (const [name, value] of optional) {
      if (value !== undefined) params.push([`${template}[media][${name}]`, value]);
    }
  }
  params.push(...parameterEntries(`${template}[headerParameterValue]`, request.headerParameters ?? []));
  params.push(...parameterEntries(`${template}[bodyParameterValues]`, request.bodyParameters ?? []));
  return params;
}
