/**
 * The client's voice-send-sms errors as the gateway reports them: 1019 and 1020 as VoiceFileError, 1021 as an
 * InvalidInputError on mobileNumbers, 1022 (after the charge) as UpstreamRejectedError, the rest as for SMS.
 */
import { describe, expect, it } from "vitest";
import {
  InsufficientBalanceError,
  InvalidInputError,
  PromotionalHoursError,
  UpstreamRejectedError,
} from "../../src/gateway/errors.js";
import { fromVoiceUpstreamError, VoiceFileError } from "../../src/gateway/voice-errors.js";
import { QuickcomError } from "../../src/quickcom/client/errors.js";
import { MESSAGES } from "../../src/sandbox/envelope.js";

function upstream(code: number, message = "refused"): QuickcomError {
  return QuickcomError.generate({
    endpoint: "voice-send-sms",
    status: 422,
    body: { status: false, message, data: {}, errors: {}, error_code: code },
    headers: new Headers(),
  });
}

describe("fromVoiceUpstreamError", () => {
  it.each([
    [1019, VoiceFileError, "1019", "refused"],
    [1020, VoiceFileError, "1020", "refused"],
    [1021, InvalidInputError, "BAD_USER_INPUT", "refused"],
    [1022, UpstreamRejectedError, "1022", "refused"],
    [1007, InsufficientBalanceError, "1007", "refused"],
    [1008, PromotionalHoursError, "1008", MESSAGES.promotionalHours],
  ])(
    "QuickCom %i → %o %s",
    (code: number, type: new (...args: never[]) => Error, gatewayCode: string, message: string) => {
      const error = fromVoiceUpstreamError(upstream(code, message), "QCV1004");
      expect(error).toBeInstanceOf(type);
      expect(error.code).toBe(gatewayCode);
      if (error instanceof VoiceFileError) expect(error.voiceId).toBe("QCV1004");
      if (error instanceof InvalidInputError) expect(error.fieldErrors[0]?.field).toBe("mobileNumbers");
    },
  );
});
