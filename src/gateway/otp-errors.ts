/**
 * The failures only `sendOtp` reports (its other failures are the send path's, in `errors.ts`). Neither message
 * ever holds the code.
 */
import { GatewayError } from "./errors.js";

/** Why a template cannot carry an OTP. */
export type OtpTemplateReason = "NOT_OTP_TEMPLATE" | "VARIABLE_COUNT";

/** The template is not an OTP template with exactly one `{#var#}` for the code; nothing was sent. */
export class OtpTemplateError extends GatewayError {
  readonly code = "OTP_TEMPLATE";
  constructor(
    readonly dltTemplateId: string,
    readonly reason: OtpTemplateReason,
    readonly variableCount: number,
    message: string,
  ) {
    super(message);
  }
}

/** The number was sent as many OTPs as the resend throttle allows for now; nothing was sent. */
export class OtpThrottledError extends GatewayError {
  readonly code = "OTP_THROTTLED";
  /** Whole seconds until the next OTP to this number may be sent (at least 1). */
  readonly retryAfterSeconds: number;
  constructor(
    /** When the next OTP to this number may be sent. */
    readonly retryAt: Date,
    now: Date,
  ) {
    const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
    super(
      `This number was sent as many OTPs as the resend throttle allows for now; the next one may be sent in ` +
        `${seconds} s (at ${retryAt.toISOString()}). Nothing was sent.`,
    );
    this.retryAfterSeconds = seconds;
  }
}
