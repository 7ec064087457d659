/**
 * The voice call input, a pure module: every bad field refused as a typed InvalidInputError naming the field
 * (never the value), before any call; the call type as the backend's checkObdType derives it; the request the
 * client sends; and the fingerprint idempotency keys and confirmation tokens are bound to.
 */
import { describe, expect, it } from "vitest";
import { GatewayError, InvalidInputError } from "../../src/gateway/errors.js";
import {
  MAX_VOICE_RECIPIENTS,
  type SendVoiceCallInput,
  VOICE_OBD_TYPES,
  validateVoiceInput,
  voiceCallType,
  voiceFingerprint,
  voiceSendRequest,
} from "../../src/gateway/voice-input.js";
import { DEMO_VOICE_FILES } from "../../src/sandbox/channel-seed.js";

/** 2030-01-15 12:00 IST. */
const NOW = new Date("2030-01-15T06:30:00Z");

const base: SendVoiceCallInput = {
  voiceId: DEMO_VOICE_FILES.welcome,
  mobileNumbers: ["9876543210", "+91 91234 56780"],
};

function refusal(run: () => unknown): GatewayError {
  try {
    run();
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("validateVoiceInput", () => {
  const cases: Array<[string, Record<string, unknown>, string, string]> = [
    ["a missing voiceId", { voiceId: undefined }, "voiceId", "is required"],
    ["an empty voiceId", { voiceId: "" }, "voiceId", "must not be empty"],
    ["a blank voiceId", { voiceId: "   " }, "voiceId", "must not be empty"],
    ["a numeric voiceId (a JSON number)", { voiceId: 1001 }, "voiceId", "quote"],
    ["a voiceId with spaces inside", { voiceId: "QCV 1001" }, "voiceId", "no spaces"],
    ["a voiceId over 64 characters", { voiceId: "V".repeat(65) }, "voiceId", "at most 64"],
    ["missing numbers", { mobileNumbers: undefined }, "mobileNumbers", "list of mobile numbers"],
    ["no numbers", { mobileNumbers: [] }, "mobileNumbers", "at least one"],
    [
      "more than 25,000 numbers",
      { mobileNumbers: Array(MAX_VOICE_RECIPIENTS + 1).fill("9876543210") },
      "mobileNumbers",
      "at most 25000",
    ],
    ["a number that is not a string", { mobileNumbers: [9876543210] }, "mobileNumbers.0", "quote"],
    ["a number over 32 characters", { mobileNumbers: ["9".repeat(33)] }, "mobileNumbers.0", "at most 32"],
    ["a two-digit dtmf", { dtmf: "12" }, "dtmf", "single digit"],
    ["a dtmf star key", { dtmf: "*" }, "dtmf", "single digit"],
    ["an empty dtmf", { dtmf: "" }, "dtmf", "single digit"],
    ["a numeric dtmf (a JSON number)", { dtmf: 1 }, "dtmf", "quote"],
    ["a callPatchNumber without dtmf", { callPatchNumber: "9988776655" }, "callPatchNumber", "needs dtmf"],
    [
      "a callPatchNumber that is not an Indian mobile",
      { dtmf: "1", callPatchNumber: "02212345678" },
      "callPatchNumber",
      "Indian mobile",
    ],
    [
      "a callPatchNumber outside India",
      { dtmf: "1", callPatchNumber: "+14155550100" },
      "callPatchNumber",
      "Indian mobile",
    ],
    ["a 3-digit otp", { otp: "123", mobileNumbers: ["9876543210"] }, "otp", "4 to 8 digits"],
    ["a 9-digit otp", { otp: "123456789", mobileNumbers: ["9876543210"] }, "otp", "4 to 8 digits"],
    ["an otp with letters", { otp: "12ab", mobileNumbers: ["9876543210"] }, "otp", "4 to 8 digits"],
    ["an otp to two numbers", { otp: "482913" }, "mobileNumbers", "exactly one number"],
    [
      "an otp with dtmf",
      { otp: "482913", dtmf: "1", mobileNumbers: ["9876543210"] },
      "dtmf",
      "left out with otp",
    ],
    [
      "an otp with a callPatchNumber",
      { otp: "482913", dtmf: "1", callPatchNumber: "9988776655", mobileNumbers: ["9876543210"] },
      "callPatchNumber",
      "left out with otp",
    ],
    [
      "a scheduleAt in the past",
      { scheduleAt: new Date("2030-01-15T06:00:00Z") },
      "scheduleAt",
      "in the future",
    ],
    [
      "a scheduleAt in this very minute",
      { scheduleAt: new Date(NOW.getTime() + 30_000) },
      "scheduleAt",
      "future",
    ],
    ["a scheduleAt that is a string", { scheduleAt: "2030-01-15T10:30:00+05:30" }, "scheduleAt", "date-time"],
    ["an invalid Date", { scheduleAt: new Date("nope") }, "scheduleAt", "date-time"],
    ["a blank idempotency key", { idempotencyKey: "   " }, "idempotencyKey", "printable ASCII"],
    ["an empty idempotency key", { idempotencyKey: "" }, "idempotencyKey", "printable ASCII"],
    ["a numeric idempotency key", { idempotencyKey: 42 }, "idempotencyKey", "quote"],
    [
      "an idempotency key over 128 characters",
      { idempotencyKey: "k".repeat(129) },
      "idempotencyKey",
      "1-128",
    ],
    ["an unknown field", { message: "hello" }, "input", "unknown field(s): message"],
  ];

  it.each(cases)("refuses %s", (_name, override, field, message) => {
    const error = refusal(() => validateVoiceInput({ ...base, ...override }, NOW));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error.code).toBe("BAD_USER_INPUT");
    const fields = (error as InvalidInputError).fieldErrors;
    const hit = fields.find((e) => e.field === field);
    expect(hit, JSON.stringify(fields)).toBeDefined();
    expect(hit?.message).toContain(message);
  });

  it("has at least 18 distinct bad-input cases", () => {
    expect(new Set(cases.map(([name]) => name)).size).toBeGreaterThanOrEqual(18);
  });

  it("refuses input that is not an object", () => {
    for (const raw of [null, "QCV1001", 42, []]) {
      const error = refusal(() => validateVoiceInput(raw, NOW));
      expect(error).toBeInstanceOf(InvalidInputError);
      expect((error as InvalidInputError).fieldErrors[0]?.field).toBe("input");
    }
  });

  it("names every bad field at once, and never an OTP in its message", () => {
    const error = refusal(() =>
      validateVoiceInput({ voiceId: "", mobileNumbers: [], dtmf: "12", otp: "1234567890" }, NOW),
    ) as InvalidInputError;
    expect(error.fieldErrors.map((e) => e.field).sort()).toEqual(["dtmf", "mobileNumbers", "otp", "voiceId"]);
    expect(error.message).not.toContain("1234567890");
  });

  it("accepts and normalises a full input", () => {
    const scheduleAt = new Date("2030-01-15T08:00:00Z");
    expect(
      validateVoiceInput(
        {
          ...base,
          voiceId: ` ${DEMO_VOICE_FILES.reminder} `,
          scheduleAt,
          dtmf: "1",
          callPatchNumber: "+91 99887 76655",
          idempotencyKey: "voice-1",
        },
        NOW,
      ),
    ).toEqual({
      voiceId: DEMO_VOICE_FILES.reminder,
      mobileNumbers: base.mobileNumbers,
      scheduleAt,
      dtmf: "1",
      callPatchNumber: "9988776655",
      otp: null,
      idempotencyKey: "voice-1",
    });
  });

  it("takes null for every optional field, and an otp to one number", () => {
    const valid = validateVoiceInput(
      {
        voiceId: DEMO_VOICE_FILES.welcome,
        mobileNumbers: ["9876543210"],
        scheduleAt: null,
        dtmf: null,
        callPatchNumber: null,
        otp: "0042",
        idempotencyKey: null,
      },
      NOW,
    );
    expect(valid).toMatchObject({ otp: "0042", dtmf: null, callPatchNumber: null, scheduleAt: null });
  });
});

describe("voiceCallType", () => {
  it.each([
    [{}, "PLAIN"],
    [{ dtmf: "1" }, "DTMF"],
    [{ dtmf: "1", callPatchNumber: "9988776655" }, "CALL_PATCH"],
    [{ otp: "482913", mobileNumbers: ["9876543210"] }, "VOICE_OTP"],
  ] as const)("%j → %s", (override, type) => {
    const input = validateVoiceInput({ ...base, ...override }, NOW);
    expect(voiceCallType(input)).toBe(type);
  });

  it("maps to the backend's obd types 1..4", () => {
    expect(VOICE_OBD_TYPES).toEqual({ PLAIN: 1, DTMF: 2, CALL_PATCH: 3, VOICE_OTP: 4 });
  });
});

describe("voiceSendRequest", () => {
  it("carries only what was given", () => {
    const input = validateVoiceInput({ ...base, dtmf: "3", callPatchNumber: "09988776655" }, NOW);
    expect(voiceSendRequest(input, ["9876543210", "9123456780"])).toEqual({
      voiceId: DEMO_VOICE_FILES.welcome,
      mobileNumbers: ["9876543210", "9123456780"],
      dtmf: "3",
      callPatchNumber: "9988776655",
    });
    const otp = validateVoiceInput({ ...base, mobileNumbers: ["9876543210"], otp: "4829" }, NOW);
    expect(voiceSendRequest(otp, ["9876543210"])).toEqual({
      voiceId: DEMO_VOICE_FILES.welcome,
      mobileNumbers: ["9876543210"],
      otp: "4829",
    });
  });
});

describe("voiceFingerprint", () => {
  const input = (override: Partial<SendVoiceCallInput> = {}) =>
    validateVoiceInput({ ...base, ...override }, NOW);
  const numbers = ["9876543210", "9123456780"];

  it("ignores the idempotency key and how the patch number was spelled", () => {
    const a = voiceFingerprint(
      input({ idempotencyKey: "a", dtmf: "1", callPatchNumber: "9988776655" }),
      numbers,
    );
    const b = voiceFingerprint(
      input({ idempotencyKey: "b", dtmf: "1", callPatchNumber: "+91 99887 76655" }),
      numbers,
    );
    expect(a).toBe(b);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with everything that decides what is sent", () => {
    const one = ["9876543210"];
    const prints = [
      voiceFingerprint(input(), numbers),
      voiceFingerprint(input({ voiceId: DEMO_VOICE_FILES.reminder }), numbers),
      voiceFingerprint(input({ dtmf: "1" }), numbers),
      voiceFingerprint(input({ dtmf: "2" }), numbers),
      voiceFingerprint(input({ dtmf: "1", callPatchNumber: "9988776655" }), numbers),
      voiceFingerprint(input({ scheduleAt: new Date("2030-01-15T08:00:00Z") }), numbers),
      voiceFingerprint(input(), one),
      voiceFingerprint(input({ mobileNumbers: one, otp: "1234" }), one),
      voiceFingerprint(input({ mobileNumbers: one, otp: "1235" }), one),
    ];
    expect(new Set(prints).size).toBe(prints.length);
  });

  it("the same minute is the same schedule; an otpKey hides the code", () => {
    expect(voiceFingerprint(input({ scheduleAt: new Date("2030-01-15T08:00:05Z") }), numbers)).toBe(
      voiceFingerprint(input({ scheduleAt: new Date("2030-01-15T08:00:40Z") }), numbers),
    );
    const otp = input({ mobileNumbers: ["9876543210"], otp: "4829" });
    const keyed = voiceFingerprint(otp, ["9876543210"], { otpKey: "k" });
    expect(keyed).not.toBe(voiceFingerprint(otp, ["9876543210"]));
    expect(keyed).toBe(voiceFingerprint(otp, ["9876543210"], { otpKey: "k" }));
    expect(keyed).not.toBe(voiceFingerprint(otp, ["9876543210"], { otpKey: "other" }));
  });
});
