import { describe, expect, it } from "vitest";
import {
  MalformedResponseError,
  QuickcomAccountInactiveError,
  QuickcomAuthenticationError,
  QuickcomCampaignTokenMissingError,
  QuickcomError,
  QuickcomGatewayNotWorkingError,
  QuickcomInsufficientBalanceError,
  QuickcomIpNotAllowedError,
  QuickcomNotFoundError,
  QuickcomPromotionalHoursError,
  QuickcomRateLimitedError,
  QuickcomScheduleError,
  QuickcomTemplateNotFoundError,
  sanitizeCause,
  sanitizeText,
  UpstreamServerError,
  UpstreamValidationError,
} from "../../src/quickcom/client/errors.js";
import { parseRetryAfterMs } from "../../src/quickcom/client/rate-limit.js";

function envelope(errorCode: number | string | null, message: string, errors: unknown = {}) {
  return { status: false, intime: null, outtime: null, message, data: {}, errors, error_code: errorCode };
}

const none = new Headers();

describe("QuickcomError.generate: enveloped upstream codes", () => {
  const cases: Array<[number, number | string, string, new (...args: never[]) => QuickcomError, boolean]> = [
    [
      401,
      1017,
      "User Account not found, please check your API_KEY and SECRET_KEY.",
      QuickcomAuthenticationError,
      false,
    ],
    [401, 1001, "IP address not white listed. IP:127.0.0.1", QuickcomIpNotAllowedError, false],
    [
      401,
      1016,
      "Your account is temporarily deactivated, Please contact to support.",
      QuickcomAccountInactiveError,
      false,
    ],
    [
      422,
      1006,
      "Schedule date-time is incorrect  [date and time format will be YYYY-MM-DD HH:MM]",
      QuickcomScheduleError,
      false,
    ],
    [
      422,
      1008,
      "Schedule date-time not allowed. please use future date and time.",
      QuickcomScheduleError,
      false,
    ],
    [
      422,
      1008,
      "You cannot sent promotional message before 09:00AM and after 09:00PM",
      QuickcomPromotionalHoursError,
      false,
    ],
    [
      422,
      1011,
      "DLT Template not found. Please check and send it again.",
      QuickcomTemplateNotFoundError,
      false,
    ],
    [
      422,
      1007,
      "You don't have sufficient balance to perform this operation.",
      QuickcomInsufficientBalanceError,
      false,
    ],
    [
      422,
      1018,
      "SMS gateway not working. please contact to admin now.",
      QuickcomGatewayNotWorkingError,
      false,
    ],
    [500, 1005, "Something went wrong, please try again.", UpstreamServerError, true],
    [500, "1005", "Something went wrong, please try again.", UpstreamServerError, true],
  ];
  it.each(cases)(
    "HTTP %i, code %s → class, code string, message, retryable",
    (status, code, message, cls, retryable) => {
      const error = QuickcomError.generate({
        endpoint: "send-message",
        status,
        body: envelope(code, message),
        headers: none,
      });
      expect(error).toBeInstanceOf(cls);
      expect(error).toBeInstanceOf(QuickcomError);
      expect(error.name).toBe(cls.name);
      expect(error.code).toBe(String(code));
      expect(error.status).toBe(status);
      expect(error.endpoint).toBe("send-message");
      expect(error.message).toBe(message);
      expect(error.retryable).toBe(retryable);
    },
  );

  it.each([
    [422, 1013, "Campaign response token found empty, Please check and try again.", null],
    [404, 1014, "Record not found", "campaign_not_found"],
    [
      404,
      "1015",
      "Invalid mobile number, Please add 10 OR 12 digit mobile number without + symbol.",
      "invalid_mobile_number",
    ],
  ] as const)(
    "report endpoints: HTTP %i, code %s → its class, not retried",
    (status, code, message, reason) => {
      const error = QuickcomError.generate({
        endpoint: "send-number-report",
        status,
        body: envelope(code, message, reason ? { [reason]: message } : { campaign_token_not_found: message }),
        headers: none,
      });
      expect(error).toBeInstanceOf(
        reason === null ? QuickcomCampaignTokenMissingError : QuickcomNotFoundError,
      );
      expect(error).toMatchObject({ code: String(code), status, message, retryable: false });
      if (reason) expect((error as QuickcomNotFoundError).reason).toBe(reason);
    },
  );

  it.each([
    [1013, /response token found empty/],
    [1014, /^Record not found$/],
    [1015, /10 OR 12 digit/],
  ])("report code %i without a message gets the backend's", (code, message) => {
    const error = QuickcomError.generate({
      endpoint: "send-report",
      status: code === 1013 ? 422 : 404,
      body: envelope(code, ""),
      headers: none,
    });
    expect(error.message).toMatch(message);
  });

  it("1002 carries the per-field messages", () => {
    const error = QuickcomError.generate({
      endpoint: "send-message",
      status: 400,
      body: envelope(1002, "Validation failed", {
        dlt_template_id: ["The selected dlt template id is invalid."],
        route_type: "The selected route type is invalid.",
        ignored: 7,
      }),
      headers: none,
    });
    expect(error).toBeInstanceOf(UpstreamValidationError);
    expect((error as UpstreamValidationError).fieldErrors).toEqual({
      dlt_template_id: ["The selected dlt template id is invalid."],
      route_type: ["The selected route type is invalid."],
    });
  });

  it("keeps an unknown upstream code as a plain QuickcomError", () => {
    const error = QuickcomError.generate({
      endpoint: "templates",
      status: 422,
      body: envelope(1009, "Spam keyword detected"),
      headers: none,
    });
    expect(error.constructor).toBe(QuickcomError);
    expect(error.code).toBe("1009");
    expect(error.retryable).toBe(false);
  });

  it("falls back to a known message when the envelope has none", () => {
    const error = QuickcomError.generate({
      endpoint: "templates",
      status: 401,
      body: envelope(1017, ""),
      headers: none,
    });
    expect(error.message).toMatch(/API_KEY and SECRET_KEY/);
  });
});

describe("QuickcomError.generate: answers without an error code", () => {
  it("429 with Retry-After in seconds", () => {
    const error = QuickcomError.generate({
      endpoint: "templates",
      status: 429,
      body: "Too Many Attempts.",
      headers: new Headers({ "retry-after": "7", "x-ratelimit-reset": "1700000000" }),
    });
    expect(error).toBeInstanceOf(QuickcomRateLimitedError);
    expect(error.code).toBe("RATE_LIMITED");
    expect(error.retryable).toBe(true);
    expect((error as QuickcomRateLimitedError).retryAfterMs).toBe(7000);
  });

  it("429 with Retry-After as an HTTP date, measured against the Date header", () => {
    const error = QuickcomError.generate({
      endpoint: "templates",
      status: 429,
      body: "Too Many Attempts.",
      headers: new Headers({
        "retry-after": "Wed, 21 Oct 2015 07:28:30 GMT",
        date: "Wed, 21 Oct 2015 07:28:00 GMT",
      }),
    });
    expect((error as QuickcomRateLimitedError).retryAfterMs).toBe(30_000);
  });

  it("429 without Retry-After", () => {
    const error = QuickcomError.generate({ endpoint: "templates", status: 429, body: "", headers: none });
    expect((error as QuickcomRateLimitedError).retryAfterMs).toBeNull();
  });

  it.each([500, 502, 503, 504])("bare %i → UpstreamServerError UPSTREAM_UNAVAILABLE, retryable", (status) => {
    const error = QuickcomError.generate({
      endpoint: "check-balance",
      status,
      body: "<html>Bad gateway</html>",
      headers: none,
    });
    expect(error).toBeInstanceOf(UpstreamServerError);
    expect(error.code).toBe("UPSTREAM_UNAVAILABLE");
    expect(error.retryable).toBe(true);
    expect(error.message).not.toContain("html");
  });

  it.each([
    [200, "not json", true],
    [200, { unexpected: true }, true],
    [404, "<h1>Not Found</h1>", false],
  ])("HTTP %i with body %j → MalformedResponseError (retryable %s)", (status, body, retryable) => {
    const error = QuickcomError.generate({ endpoint: "templates", status, body, headers: none });
    expect(error).toBeInstanceOf(MalformedResponseError);
    expect(error.code).toBe("UPSTREAM_BAD_RESPONSE");
    expect(error.retryable).toBe(retryable);
  });
});

describe("secret and URL hygiene", () => {
  it("redacts the given secrets and URLs from upstream messages and field errors", () => {
    const error = QuickcomError.generate({
      endpoint: "send-message",
      status: 400,
      body: envelope(1002, "bad s3cret at https://ok-go.in/api/v1/x?app_secret=s3cret", {
        f: ["has s3cret"],
      }),
      headers: none,
      redact: ["s3cret"],
    });
    expect(error.message).toBe("bad [redacted] at [url]");
    expect((error as UpstreamValidationError).fieldErrors).toEqual({ f: ["has [redacted]"] });
  });

  it("bounds message length", () => {
    expect(sanitizeText("x".repeat(2000), []).length).toBeLessThanOrEqual(501);
  });

  it("sanitizeCause keeps name, message and code of the chain, without secrets or URLs", () => {
    const inner = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), {
      code: "ECONNREFUSED",
      secret: "s3cret",
    });
    const outer = new TypeError("fetch failed for http://h/x?app_secret=s3cret", { cause: inner });
    const copy = sanitizeCause(outer, ["s3cret"]);
    expect(copy?.name).toBe("TypeError");
    expect(copy?.message).toBe("fetch failed for [url]");
    const copiedInner = copy?.cause as Error & { code?: string };
    expect(copiedInner.code).toBe("ECONNREFUSED");
    expect(
      JSON.stringify({ ...copiedInner, message: copiedInner.message, stack: copiedInner.stack }),
    ).not.toContain("s3cret");
  });
});

describe("parseRetryAfterMs", () => {
  it.each([
    [{ "retry-after": "0" }, 0],
    [{ "retry-after": "2.5" }, 2500],
    [{ "retry-after": "Thu, 01 Jan 1970 00:00:10 GMT" }, 9000],
    [{ "retry-after": "Thu, 01 Jan 1970 00:00:10 GMT", date: "Thu, 01 Jan 1970 00:00:04 GMT" }, 6000],
    [{ "retry-after": "Thu, 01 Jan 1970 00:00:00 GMT" }, 0],
    [{ "x-ratelimit-reset": "5" }, 4000],
    [{ "retry-after": "soon", "x-ratelimit-reset": "3" }, 2000],
    [{ "retry-after": "soon" }, null],
    [{}, null],
  ])("%j → %s ms (now = 1 s)", (headers, expected) => {
    expect(parseRetryAfterMs(new Headers(headers), 1000)).toBe(expected);
  });
});
