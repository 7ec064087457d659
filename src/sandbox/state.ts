/**
 * The sandbox's in-memory database: the rows of the backend tables the public API reads and writes
 * (`users`, `manage_sender_ids`, `dlt_templates`, `send_sms`, `send_sms_queues`, `ip_white_list_for_apis`) and
 * its cache. Mutable on purpose: tests may adjust balances, add rows or flip statuses through `Sandbox.state`.
 */

import type { SandboxVoiceState, SandboxWhatsAppState } from "./channel-state.js";

/** Secondary route ids per balance type; `null` = no route configured (send-message answers 1018). */
export interface SandboxRoutes {
  transactional: number | null;
  promotional: number | null;
  twoWay: number | null;
  voice: number | null;
  /** `otp_route`, which send-otp delivers over. */
  otp: number | null;
}

/** One `users` row as the API sees it. */
export interface SandboxAccount {
  /** `users.id`, shown as `user_number`. */
  userNumber: number;
  appKey: string;
  appSecret: string;
  name: string;
  email: string | null;
  mobile: string | null;
  /** 1 = active; anything else answers 1016. */
  status: number;
  transactionalBalance: number;
  promotionalBalance: number;
  twoWaySmsBalance: number;
  voiceSmsBalance: number;
  /** Decimal column, sent as a string (`"0.0000"`). */
  whatsappCredit: string;
  country: number;
  /** `is_enabled_api_ip_security`. */
  ipSecurityEnabled: boolean;
  /** `ip_white_list_for_apis` rows of this account. */
  ipWhitelist: string[];
  /** `userType` (`ut`): 0 and 3 are admin types that may use any account's template. */
  userType: number;
  routes: SandboxRoutes;
}

/** One `manage_sender_ids` row. */
export interface SandboxSenderId {
  userNumber: number;
  senderId: string;
  /** 1 = approved (listed); other values are hidden from the API. */
  status: number;
}

/** One `dlt_templates` row. */
export interface SandboxTemplate {
  /** Internal primary key. */
  id: number;
  userNumber: number;
  templateName: string;
  entityId: string;
  headerId: string;
  /** 1 = Unicode template. */
  isUnicode: number;
  /** Registered text with `{#var#}` slots. */
  body: string;
  dltTemplateId: string;
  /** Sender header the backend sends this template with. */
  senderId: string;
  /** 1 = active (listed); other values are hidden from `templates` but still sendable, like the backend. */
  status: number;
}

/** One `send_sms` row (a campaign). */
export interface SandboxCampaign {
  id: number;
  userNumber: number;
  uuid: string;
  /** `campaign` (`"API"` for API sends). */
  campaign: string;
  senderId: string;
  /** As the backend stores it: the int 1 for routes 0/1/empty, else the request string (`"2"`). */
  routeType: number | string;
  /** `sms_type`, a string column (`"1"`). */
  smsType: string;
  message: string;
  /** `message_type`: `"1"` GSM, `"2"` Unicode. */
  messageType: string;
  isFlash: number;
  /** `YYYY-MM-DD HH:MM:SS` (or the schedule text as sent). */
  campaignSendDateTime: string;
  messageCount: number;
  messageCreditSize: number;
  totalContacts: number;
  totalBlockNumber: number;
  totalInvalidNumber: number;
  totalCreditDeduct: number;
  totalDelivered: number;
  totalFailed: number;
  /** `Pending`, `Ready-to-complete`, `In-process`, `Completed` or `Stop`. */
  status: string;
}

/** The DLRs still to come for one queue row (instants in ms since the epoch). */
export interface SandboxDlrPlan {
  /** When the SMSC accepts the message (`ACCEPTED`, `submit_date`); `null` when it rejects it outright. */
  acceptAt: number | null;
  /** When the final report arrives (`done_date`). */
  doneAt: number;
  /** Final DLR word (`DELIVRD`, `UNDELIV`, …) and its response code (`err`). */
  stat: string;
  err: string;
}

/** One `send_sms_queues` row: one recipient of an immediate send. */
export interface SandboxQueueRow {
  /** As stored: `91` + 10 digits, 11 digits with a leading 0 made `91`, 12 digits kept; an invalid number as cast. */
  mobile: string;
  /** `use_credit`: credits of one message. */
  useCredit: number;
  message: string;
  /** `Pending`, `ACCEPTED`, a final DLR word (`DELIVRD`, `UNDELIV`, `EXPIRED`, `REJECTD`, `REJECTED`) or `INVALID`. */
  stat: string;
  /** Response code: the operator's (`000`…), `16` for an SMSC rejection, `XX1` for an invalid number. */
  err: string | null;
  /** `YYYY-MM-DD HH:MM:SS` IST, set when the SMSC accepts. */
  submitDate: string | null;
  /** `YYYY-MM-DD HH:MM:SS` IST, set by the final report. */
  doneDate: string | null;
  /** Sandbox bookkeeping: the DLRs still to come; `null` once the row is final. */
  plan: SandboxDlrPlan | null;
}

/** The queue of one immediate send. The backend later moves rows to `send_sms_histories`; same columns. */
export interface SandboxQueue {
  campaign: SandboxCampaign;
  /** In the order the numbers were sent; blank tokens have no row. */
  rows: SandboxQueueRow[];
  /**
   * When the rows next need a look (ms): the send instant until the first recount, then the next DLR due;
   * `Infinity` once every row is final and counted.
   */
  nextCheckAt: number;
}

/** One Laravel cache entry (`Cache::remember`). */
export interface SandboxCacheEntry {
  value: unknown;
  /** Unix seconds; the entry is stale from then on. */
  expiresAt: number;
}

/** The whole mutable state of one sandbox. */
export interface SandboxState {
  accounts: SandboxAccount[];
  senderIds: SandboxSenderId[];
  templates: SandboxTemplate[];
  campaigns: SandboxCampaign[];
  /** Next `send_sms.id` (auto increment). */
  nextCampaignId: number;
  /** Queue rows of immediate sends, by `send_sms.id` (scheduled and seeded campaigns have none). */
  sendSmsQueues: Map<number, SandboxQueue>;
  /** Ids of the campaigns in {@link SandboxState.sendSmsQueues} that still wait for a DLR. */
  deliveringCampaignIds: Set<number>;
  /** The backend's cache (the overall report), by key. */
  cache: Map<string, SandboxCacheEntry>;
  /** Voice files and campaigns. */
  voice: SandboxVoiceState;
  /** WhatsApp configurations, charges, templates, files and campaigns. */
  whatsapp: SandboxWhatsAppState;
}
