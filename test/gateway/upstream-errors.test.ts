import { describe, expect, it } from "vitest";
import {
  fromUpstreamError,
  InvalidInputError,
  NotFoundError,
  UpstreamRejectedError,
} from "../../src/gateway/errors.js";
import {
  QuickcomCampaignTokenMissingError,
  QuickcomError,
  QuickcomInvalidPathParameterError,
  QuickcomNotFoundError,
} from "../../src/quickcom/client/errors.js";

const init = { status: 404, endpoint: "send-report" as const, retryable: false };

describe("fromUpstreamError: the report endpoints' answers", () => {
  it("1014 (unknown or another account's uuid) → NOT_FOUND", () => {
    const error = fromUpstreamError(
      new QuickcomNotFoundError("Record not found", { ...init, code: "1014", reason: "campaign_not_found" }),
    );
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error.code).toBe("NOT_FOUND");
    expect(error.message).toMatch(/uuid/);
  });

  it("1015 (mobile length) → the upstream's code with the mobileNumber field", () => {
    const message = "Invalid mobile number, Please add 10 OR 12 digit mobile number without + symbol.";
    const error = fromUpstreamError(
      new QuickcomNotFoundError(message, { ...init, code: "1015", reason: "invalid_mobile_number" }),
    );
    expect(error).toBeInstanceOf(UpstreamRejectedError);
    expect(error).toMatchObject({ code: "1015", message, fieldErrors: [{ field: "mobileNumber", message }] });
  });

  it("1013 (no uuid) → the upstream's code with the campaignUuid field", () => {
    const error = fromUpstreamError(
      new QuickcomCampaignTokenMissingError("Campaign response token found empty", {
        ...init,
        status: 422,
        code: "1013",
      }),
    );
    expect(error).toMatchObject({ code: "1013", fieldErrors: [{ field: "campaignUuid" }] });
  });

  it.each([
    ["uuid", "campaignUuid"],
    ["mobile", "mobileNumber"],
  ])("a %s the client cannot put in a path → BAD_USER_INPUT on %s", (parameter, field) => {
    const error = fromUpstreamError(
      new QuickcomInvalidPathParameterError("no", {
        ...init,
        status: null,
        code: "INVALID_PATH_PARAMETER",
        parameter,
      }),
    );
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ code: "BAD_USER_INPUT", fieldErrors: [{ field, message: "no" }] });
  });

  it("an unknown 404 answer stays an upstream failure", () => {
    const error = fromUpstreamError(new QuickcomError("x", { ...init, code: "UPSTREAM_BAD_RESPONSE" }));
    expect(error.code).toBe("UPSTREAM_BAD_RESPONSE");
  });
});
