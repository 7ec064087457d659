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
