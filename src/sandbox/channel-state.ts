/**
 * The sandbox's rows of the backend's voice and WhatsApp tables (`voice_uploads`, `voice_upload_sent_gateways`,
 * `voice_sms`, `whats_app_configurations`, `whats_app_charges`, `whats_app_templates`,
 * `whats_app_template_buttons`, `whats_app_files`, `whats_app_send_sms`, `whats_app_send_sms_queues`).
 */

/** One `voice_uploads` row, with its gateway verification. */
export interface SandboxVoiceFile {
  id: number;
  userNumber: number;
  /** `voiceId`, what the API takes as `voice_id`. */
  voiceId: string;
  title: string;
  /** `fileStatus`: 1 pending, 2 process, 3 approved, 4 rejected. */
  fileStatus: number;
  /** Stored path, shown behind `APP_URL`. */
  fileLocation: string;
  /** `file_time_duration` in seconds. */
  durationSeconds: number;
  mimeType: string;
  extension: string;
  /** `voice_upload_sent_gateways.voice_id` on the account's voice route; `null` = not verified yet (1020). */
  gatewayVoiceId: string | null;
}

/** One `voice_sms` row (a voice campaign). */
export interface SandboxVoiceCampaign {
  id: number;
  uuid: string;
  userNumber: number;
  voiceUploadId: number;
  /** 1 single voice, 2 DTMF, 3 call patch, 4 OTP (`checkObdType`). */
  obdType: number;
  dtmf: string | null;
  callPatchNumber: string | null;
  campaignSendDateTime: string;
  messageCreditSize: number;
  totalContacts: number;
  totalInvalidNumber: number;
  totalCreditDeduct: number;
  status: string;
  /** The numbers the sandbox "dialled" (a blank token re-dials the previous number, like the backend). */
  dialled: string[];
}

/** One `whats_app_configurations` row: a WhatsApp sender of an account. */
export interface SandboxWhatsAppConfiguration {
  id: number;
  userNumber: number;
  /** `display_phone_number_req`: the number callers give as `message.sender.from` (digits only). */
  displayPhoneNumber: string;
  /** `sender_number`: Meta's phone number id. */
  senderNumber: string;
}

/** One `whats_app_charges` row (per account and country), DECIMAL strings. */
export interface SandboxWhatsAppCharges {
  userNumber: number;
  countryId: number;
  marketing: string | null;
  utility: string | null;
  service: string | null;
  authentication: string | null;
}

/** One `whats_app_template_buttons` row. */
export interface SandboxWhatsAppButton {
  id: number;
  buttonType: string;
  urlType: string | null;
  buttonText: string;
  buttonValName: string | null;
  buttonValue: string | null;
  buttonVariables: string | null;
}

/** One `whats_app_templates` row. */
export interface SandboxWhatsAppTemplate {
  id: number;
  userNumber: number;
  templateName: string;
  /** `MARKETING`, `UTILITY`, `AUTHENTICATION`, `SERVICE`. */
  category: string;
  language: string;
  /** `MEDIA`, `TEXT` or `none`. */
  templateType: string;
  /** `image`, `video`, `document`, `location`…, `null` for a text template. */
  mediaType: string | null;
  headerText: string | null;
  headerVariable: string | null;
  /** Body with `{{1}}` or `{{name}}` placeholders. */
  message: string;
  messageVariable: string | null;
  footerText: string | null;
  /** `NAMED` or `POSITIONAL`. */
  parameterFormat: string;
  /** `wa_status`: `APPROVED`, `PENDING`, `REJECTED`. */
  waStatus: string;
  tags: string | null;
  buttons: SandboxWhatsAppButton[];
}

/** One `whats_app_files` row. */
export interface SandboxWhatsAppFile {
  userNumber: number;
  filePath: string;
  fileType: string;
  mimeType: string;
  fileSize: number;
  fileCaption: string | null;
}

/** One `whats_app_send_sms_queues` row. */
export interface SandboxWhatsAppQueueRow {
  mobile: string;
  uniqueKey: string;
  templateCategory: string;
  /** The payload built for Meta (stored JSON-encoded by the backend). */
  message: unknown;
  stat: string;
  errorInfo: unknown;
  submitDate: string | null;
  sentDateTime: string | null;
  deliveredDateTime: string | null;
  readDateTime: string | null;
  responseToken: string | null;
}

/** One `whats_app_send_sms` row (an API send is a campaign of one). */
export interface SandboxWhatsAppCampaign {
  id: number;
  uuid: string;
  userNumber: number;
  campaign: string;
  countryId: number;
  campaignSendDateTime: string;
  messageCategory: string;
  /** DECIMAL string. */
  chargesPerMsg: string;
  totalContacts: number;
  /** DECIMAL string. */
  totalCreditDeduct: string;
  status: string;
  rows: SandboxWhatsAppQueueRow[];
}

/** Voice tables of the sandbox. */
export interface SandboxVoiceState {
  files: SandboxVoiceFile[];
  campaigns: SandboxVoiceCampaign[];
  nextCampaignId: number;
}

/** WhatsApp tables of the sandbox. */
export interface SandboxWhatsAppState {
  configurations: SandboxWhatsAppConfiguration[];
  charges: SandboxWhatsAppCharges[];
  templates: SandboxWhatsAppTemplate[];
  files: SandboxWhatsAppFile[];
  campaigns: SandboxWhatsAppCampaign[];
  nextCampaignId: number;
}

/** The backend's `APP_URL` in the sandbox (voice `file_location`, WhatsApp `file_path`). */
export const SANDBOX_APP_URL = "https://sandbox.quickcom.local";
