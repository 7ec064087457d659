/**
 * What a send returns and reports, shared by the send service, its parts, the schema and the MCP server
 * (none of which needs the service itself for these).
 */
import type { ChunkStatus } from "./idempotency.js";
import type { Preview } from "./preview.js";

/** Progress of a bulk send, after each chunk. */
export interface SendProgress {
  chunk: number;
  chunks: number;
  sentRecipients: number;
  totalRecipients: number;
}

/** A logger with pino's call shape. */
export interface SendLogger {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

/** One chunk's outcome as callers see it. */
export interface ChunkReport {
  index: number;
  recipients: number;
  status: ChunkStatus;
  uuid: string | null;
  creditsDeducted: number;
  code: string | null;
  message: string | null;
}

/** A send that went out completely. */
export interface SendOutcome {
  uuid: string;
  senderId: string;
  message: string;
  status: string;
  totalContacts: number;
  creditsPerMessage: number;
  creditsDeducted: number;
  invalidNumbers: number;
  scheduledAt: Date | null;
  idempotencyKey: string;
  replayed: boolean;
  chunks: ChunkReport[];
  /** SMS, OTP, VOICE or WHATSAPP; absent = SMS. */
  channel?: string;
  /** WhatsApp sends: the `whatsapp_credit` spent (the SMS credit fields are 0). */
  whatsappCredit?: number;
  /** Voice calls: the `voice_sms_balance` credits spent (the SMS credit fields are 0). */
  voiceCredits?: number;
  /** Voice calls: PLAIN, DTMF, CALL_PATCH or VOICE_OTP. */
  callType?: string;
}

/** A preview plus the token that confirms exactly this send. */
export interface ConfirmablePreview extends Preview {
  confirmationToken: string;
  confirmationExpiresAt: Date;
}
