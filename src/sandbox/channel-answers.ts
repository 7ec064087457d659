/** The backend's canned voice and WhatsApp error answers (`helpers.php`), messages verbatim (`translate.php`). */
import { type ApiAnswer, envelope, type RequestTimes } from "./envelope.js";

/** Verbatim `translate.*` messages of the voice and WhatsApp handlers. */
export const CHANNEL_MESSAGES = {
  voiceTemplateNotFound: "Voice Template not found. Please check and send it again.",
  voiceFileNotVerified: "Voice file not verified yet, Please try again after some time.",
  numberLimitExceeded:
    "Cannot process this campaign due to maximum sent limit. only allowed 25000 numbers in single shot.",
  waTemplateNotFound:
    "WhatsApp Template (content:template:templateId) not found. Please check and send it again.",
  waInvalidMediaPayload: "Invalid Payload, Please check the payload type.",
  waChargesNotDefined: "Whats app charges not define in your profile, Please contact to admin.",
  waConfigurationNotFound:
    "Whatsapp configurations not found. Please go to configuration and add your account information.",
  mobileNumberLengthInvalid: "Mobile number length invalid, Mobile number lenght must be between 9 to 12.",
  onlyIndiaCountryCode: "Only India country code (91) allowed in mobile number, Please do not include (+)",
} as const;

function refusal(times: RequestTimes, code: number, key: string, message: string): ApiAnswer {
  return envelope(422, times, false, message, {}, { [key]: message }, code);
}

/** 422 / 1019 (`voiceTemplateNotFound`). */
export function voiceTemplateNotFound(times: RequestTimes): ApiAnswer {
  return refusal(times, 1019, "voice_template_not_found", CHANNEL_MESSAGES.voiceTemplateNotFound);
}

/** 422 / 1020 (`voiceFileNotVerifiedYet`). */
export function voiceFileNotVerified(times: RequestTimes): ApiAnswer {
  return refusal(times, 1020, "voice_file_not_verified", CHANNEL_MESSAGES.voiceFileNotVerified);
}

/** 422 / 1021 (`cannotSentSmsMoreThenSetLimit`). */
export function numberLimitExceeded(times: RequestTimes): ApiAnswer {
  return refusal(times, 1021, "mobile_number_limit_exceeded", CHANNEL_MESSAGES.numberLimitExceeded);
}

/** 400, validation messages in `data`, `errors` empty, `error_code` null: voice-send-sms's own validation answer. */
export function voiceValidationFailed(times: RequestTimes, errors: Record<string, string[]>): ApiAnswer {
  return envelope(400, times, false, "Validation failed", errors, {}, null);
}

/** 422 / 1031 (`waTemplateNotFound`). */
export function waTemplateNotFound(times: RequestTimes): ApiAnswer {
  return refusal(times, 1031, "whats_app_template_not_found", CHANNEL_MESSAGES.waTemplateNotFound);
}

/** 422 / 1038 (`invalidMediaTemplatePayload`). */
export function waInvalidMediaPayload(times: RequestTimes): ApiAnswer {
  return refusal(times, 1038, "wa_invalid_media_template_payload", CHANNEL_MESSAGES.waInvalidMediaPayload);
}

/** 422 / 1033 (`waChargesNotDefine`). */
export function waChargesNotDefined(times: RequestTimes): ApiAnswer {
  return refusal(
    times,
    1033,
    "whats_app_charges_not_define_in_your_account",
    CHANNEL_MESSAGES.waChargesNotDefined,
  );
}

/** 422 / 1034 (`waConfigurationNotFound`). */
export function waConfigurationNotFound(times: RequestTimes): ApiAnswer {
  return refusal(times, 1034, "whats_app_configurations_not_found", CHANNEL_MESSAGES.waConfigurationNotFound);
}

/** 422 / 1034 (`mobileNumberLenghtInvalid`, which reuses the configuration code). */
export function waMobileLengthInvalid(times: RequestTimes): ApiAnswer {
  return refusal(times, 1034, "mobile_number_length_invalid", CHANNEL_MESSAGES.mobileNumberLengthInvalid);
}

/** 422 / 1034 (`countryCodeNotAllowed`, which reuses the configuration code). */
export function waCountryCodeNotAllowed(times: RequestTimes): ApiAnswer {
  return refusal(times, 1034, "only_india_country_code_allowed", CHANNEL_MESSAGES.onlyIndiaCountryCode);
}
