/**
 * Domain types returned by the QuickCom client: camelCase, numbers as numbers.
 * The client maps the upstream's snake_case envelopes onto these; nothing above
 * `src/quickcom` ever sees an upstream field name.
 */

/** The QuickCom API key pair of one account. */
export interface Credentials {
  /** `app_key` as issued by QuickCom. */
  appKey: string;
  /** `app_secret` as issued by QuickCom. Never logged, echoed or put in an error. */
  appSecret: string;
}

/** Rate-limit headers of one upstream answer (`X-RateLimit-Limit`, `X-RateLimit-Remaining`). */
export interface RateLimit {
  limit: number | null;
  remaining: number | null;
}

/** One successful upstream answer: the mapped data plus what the envelope and headers said. */
export interface QuickcomResult<T> {
  data: T;
  /** The envelope's human-readable `message`. */
  message: string;
  rateLimit: RateLimit;
}

/** `GET /account-status`. */
export interface AccountStatus {
  active: boolean;
}

/** `GET /check-balance`. */
export interface AccountBalance {
  userNumber: number;
  name: string;
  email: string | null;
  mobile: string | null;
  /** Upstream `status` is `"1"` for an active account. */
  active: boolean;
  /** Transactional credits (also used by OTP, route 0). */
  transactional: number;
  promotional: number;
  twoWaySms: number;
  voice: number;
  /** Parsed from the upstream's decimal string (`"0.0000"`). */
  whatsappCredit: number;
  ipSecurityEnabled: boolean;
}

/** One row of `GET /approved-senderids`. */
export interface SenderIdRecord {
  senderId: string;
}

/** One row of `GET /templates` (only active templates are returned upstream). */
export interface TemplateRecord {
  dltTemplateId: string;
  name: string;
  entityId: string;
  headerId: string;
  unicode: boolean;
  /** The registered DLT text with `{#var#}` slots. */
  body: string;
}

/** One row of `GET /campaign-list`. Fields the reference omits but the backend sends are optional. */
export interface CampaignRecord {
  id: number;
  name: string;
  senderId: string;
  smsType: string;
  message: string;
  messageType: string;
  totalContacts: number;
  delivered: number;
  failed: number;
  stage: string;
  sendDateTime?: string | null;
  totalInvalidNumbers?: number | null;
  totalCreditUsed?: number | null;
  isFlash?: boolean | null;
}

/** One page of `GET /campaign-list` (newest first, upstream order). */
export interface CampaignPage {
  campaigns: CampaignRecord[];
  /** Total number of campaigns of the account. */
  total: number;
  /** Page number actually served (1-based). */
  page: number;
  /** Page size actually used (the client clamps to 1..50). */
  perPage: number;
  /** `last_page`, an integer even when the upstream sends a float. */
  lastPage: number;
}

/** Upstream route type: 0 OTP, 1 transactional, 2 promotional. */
export type RouteType = 0 | 1 | 2;

/** What the client sends to `GET /send-message`; the caller has already validated and rendered. */
export interface SendMessageRequest {
  dltTemplateId: string;
  /** Numbers as they go upstream (already normalised by the domain rules). */
  mobileNumbers: string[];
  route: RouteType;
  /** Variables in slot order, sent as v1..vN. */
  variables: string[];
  /** The fully rendered text, sent as `message` so the backend cannot drop or shift variables. */
  message: string;
  /** Future instant; formatted as `YYYY-MM-DD HH:MM` in Asia/Kolkata. */
  scheduleAt?: Date;
  flash?: boolean;
}

/** `GET /send-message` success data. Note: no campaign `id`, only `uuid`. */
export interface SendMessageResponse {
  uuid: string;
  campaign: string;
  senderId: string;
  routeType: number;
  smsType: number;
  message: string;
  isFlash: boolean;
  sendDateTime: string;
  /** `message_count`: characters (Unicode) or UTF-8 bytes (GSM) as the backend counted them. */
  messageCount: number;
  /** `message_credit_size`: credits billed per recipient. */
  creditsPerMessage: number;
  totalContacts: number;
  creditsDeducted: number;
  /** `Pending` when scheduled, `Ready-to-complete` when sent now. */
  status: string;
  invalidNumbers: number;
}

/**
 * Where one recipient's message stands, from its DLR word, grouped the way the backend counts a campaign
 * (`check:campaign`): `DELIVRD` delivered; `Pending` / `ACCEPTED` pending; `INVALID` invalid; `BLACK` blocked;
 * any other word (`UNDELIV`, `EXPIRED`, `REJECTD`, `REJECTED`, `FAILED`…) failed.
 */
export type DeliveryState = "pending" | "delivered" | "failed" | "invalid" | "blocked";

/** One `send_numbers` row of `GET /send-report/{uuid}`: one recipient of the campaign. */
export interface RecipientReport {
  /** As the upstream stores it: `91` + 10 digits for a valid number, an invalid one as sent. */
  mobile: string;
  creditsUsed: number;
  /** When the SMSC accepted the message, `YYYY-MM-DD HH:MM:SS` IST as the upstream writes it; null before. */
  submittedAt: string | null;
  /** When the final report arrived, same format; null before (and for an invalid number). */
  doneAt: string | null;
  /** The DLR word as sent (`Pending`, `ACCEPTED`, `DELIVRD`, `UNDELIV`, `INVALID`…). */
  status: string | null;
  /** The operator's or gateway's response code (`000`, `16`, `XX1`…); null while pending. */
  responseCode: string | null;
  state: DeliveryState;
}

/** One row of `GET /send-number-report/{mobile}/{uuid}`: a recipient row with the text it was sent. */
export interface NumberReportRow extends RecipientReport {
  message: string | null;
}

/**
 * `GET /send-report/{uuid}`: the campaign as campaign-list has it and every recipient row (the live queue while
 * in flight, the history afterwards). The backend recounts the counters in a periodic job, so they may lag the
 * rows; the rows' `state`s are current.
 */
export interface CampaignReport extends CampaignRecord {
  /** `msg_length`: characters (Unicode) or UTF-8 bytes (GSM) of the text. */
  messageLength: number | null;
  /** `msg_consumed_credit`: credits per recipient. */
  creditsPerMessage: number | null;
  totalBlockNumbers: number;
  totalInvalidNumbers: number;
  totalCreditUsed: number;
  recipients: RecipientReport[];
}

/**
 * `GET /sms-overall-report`: totals over all the account's campaigns. The backend caches them for 30 minutes
 * (per app key and day), so they lag; an account without campaigns reads as zeros.
 */
export interface AccountUsage {
  totalContacts: number;
  creditsUsed: number;
  delivered: number;
  failed: number;
  blocked: number;
  invalid: number;
  /** `total_process`: contacts neither delivered, failed, blocked nor invalid yet. */
  inProcess: number;
}

/** Review state of an uploaded voice file (`fileStatus` 1..4); an unknown number reads as `"unknown"`. */
export type VoiceFileStatus = "pending" | "process" | "approved" | "rejected" | "unknown";

/** One row of `GET /voice-templates`: a voice file of the account. */
export interface VoiceTemplate {
  /** `voice_id`: what `voiceSendSms` takes. */
  voiceId: string;
  status: VoiceFileStatus;
  /** The raw `file_status` (1 pending, 2 process, 3 approved, 4 rejected). */
  statusCode: number | null;
  /** `file_location`: the backend's `APP_URL` plus the stored path. */
  fileUrl: string | null;
  title: string | null;
  /** `file_time_duration` in seconds. */
  durationSeconds: number;
  mimeType: string | null;
  extension: string | null;
  /**
   * Credits per number the backend bills for this file (≤30 s 1, ≤60 s 2, ≤90 s 3, ≤120 s 4); `null` above
   * 120 s, where the backend fails with 1005 before charging.
   */
  creditsPerCall: number | null;
}

/** What the client sends to `GET /voice-send-sms`. */
export interface VoiceSendRequest {
  /** A `voiceId` of {@link VoiceTemplate}. */
  voiceId: string;
  /**
   * Numbers as they go upstream (validate them first: invalid numbers are charged, and a blank token makes the
   * backend dial the previous number again). At most 25,000.
   */
  mobileNumbers: string[];
  /** Future instant; formatted as `YYYY-MM-DD HH:MM` in Asia/Kolkata. */
  scheduleAt?: Date;
  /** Key the callee presses (DTMF campaign); required with `callPatchNumber`. */
  dtmf?: string;
  /** Number the call is patched to after `dtmf` (call-patch campaign). */
  callPatchNumber?: string;
  /**
   * Voice OTP: the digits the call reads out. When set, `mobileNumbers` must hold exactly one number, sent as the
   * backend's single `mobile_number` (10–12 digits) next to `otp`; the backend then makes a type-4 (OTP) call.
   */
  otp?: string;
}

/** `GET /voice-send-sms` success data (a `voice_sms` row). */
export interface VoiceSendResponse {
  uuid: string | null;
  campaign: string;
  sendDateTime: string;
  /** `message_credit_size`: credits per number (from the file's duration). */
  creditsPerCall: number;
  totalContacts: number;
  creditsDeducted: number;
  /** `Pending` when scheduled (or over 5,000 numbers), `Ready-to-complete` when dialled now. */
  status: string;
  invalidNumbers: number;
}

/** WhatsApp media a MEDIA template's header carries. */
export interface WhatsAppMedia {
  type: "image" | "video" | "document" | "audio" | "location";
  /** Required by the backend for every type, `location` included. */
  url: string;
  /** Document file name. */
  filename?: string;
  latitude?: string;
  longitude?: string;
  locationName?: string;
  locationAddress?: string;
}

/**
 * One template variable value: a string for a POSITIONAL template, `{ name, text }` for a NAMED one. The
 * backend fills the template's placeholders in the order given (a NAMED value's `name` is checked for presence
 * but not used to match), so give them in the template's order and never more than it has.
 */
export type WhatsAppParameter = string | { name: string; text: string };

/** What the client sends to `GET /send-wa-message` (one recipient, one template message). */
export interface WhatsAppSendRequest {
  /** `91` + 10 digits, no `+` (the backend refuses anything else with 1034). */
  to: string;
  /** The account's WhatsApp sender number (display phone number, `+` and spaces ignored). */
  from: string;
  /** Template name as registered (matched case-insensitively). */
  templateName: string;
  /** Language code; default the template's. */
  language?: string;
  /** Required for a MEDIA template (then sent as `MEDIA_TEMPLATE`). */
  media?: WhatsAppMedia;
  headerParameters?: WhatsAppParameter[];
  bodyParameters?: WhatsAppParameter[];
}

/** `GET /send-wa-message` success data (a `whats_app_send_sms` row). */
export interface WhatsAppSendResponse {
  /** `whats_app_send_sms.id`. */
  id: number | null;
  /** What {@link WhatsAppReport} is looked up by (`get-wa-report/{uuid}`). */
  uuid: string | null;
  campaign: string;
  sendDateTime: string;
  /** The template's category as charged (`MARKETING`, `UTILITY`, `AUTHENTICATION`, `SERVICE`). */
  category: string | null;
  /** `charges_per_msg`: WhatsApp credit taken (fractions such as 0.125). */
  charge: number;
  creditsDeducted: number;
  status: string;
  /** The payload the backend built for Meta (`messaging_product`, `to`, `template`…), as sent back. */
  payload: unknown;
}

/** One recipient row of `GET /get-wa-report/{token}`. */
export interface WhatsAppRecipientReport {
  mobile: string;
  uniqueKey: string | null;
  category: string | null;
  /** Meta's status word (`accepted`, `sent`, `delivered`, `read`, `failed`, `Pending`…). */
  status: string | null;
  /** Decoded `error_info` (Meta's error, or the backend's own text); `null` without error. */
  error: unknown;
  submittedAt: string | null;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  /** The payload sent to Meta, decoded. */
  payload: unknown;
}

/** `GET /get-wa-report/{token}`: one WhatsApp campaign and its recipients. */
export interface WhatsAppReport {
  id: number;
  uuid: string;
  campaign: string;
  sendDateTime: string | null;
  totalContacts: number;
  creditsDeducted: number;
  recipients: WhatsAppRecipientReport[];
}

/** One button of a {@link WhatsAppTemplate}. */
export interface WhatsAppTemplateButton {
  type: string | null;
  text: string | null;
  urlType: string | null;
  value: string | null;
  variables: string | null;
}

/** One row of `GET /get-wa-templates/{name?}` (every status: the backend does not filter approved ones). */
export interface WhatsAppTemplate {
  id: number;
  name: string;
  /** `MARKETING`, `UTILITY`, `AUTHENTICATION`… (decides the charge). */
  category: string | null;
  language: string | null;
  /** `MEDIA` (needs `media` when sent), `TEXT` or `none`. */
  templateType: string | null;
  mediaType: string | null;
  headerText: string | null;
  headerVariable: string | null;
  body: string | null;
  bodyVariable: string | null;
  footerText: string | null;
  /** Meta's review status (`APPROVED`, `PENDING`, `REJECTED`…); sending does not check it. */
  status: string | null;
  tags: string | null;
  buttons: WhatsAppTemplateButton[];
}

/** One row of `GET /get-wa-files/{type?}`: a media file uploaded to the account. */
export interface WhatsAppFile {
  url: string;
  fileType: string | null;
  mimeType: string | null;
  sizeBytes: number | null;
  caption: string | null;
}
