/**
 * The voice preview, a pure module over the sandbox's voice files: the duration credit times the numbers
 * against the voice balance, the call type, the issues, and refuseUnsendableVoice's typed errors. Each refusal
 * is checked against what the sandbox (the backend's check order) does with the same request, and a preview
 * that passes is accepted by it for exactly the estimated credits.
 */
import { beforeAll, describe, expect, it } from "vitest";
import {
  GatewayError,
  InsufficientBalanceError,
  InvalidNumbersError,
  PromotionalHoursError,
  ScheduleError,
} from "../../src/gateway/errors.js";
import { VoiceFileError } from "../../src/gateway/voice-errors.js";
import {
  type SendVoiceCallInput,
  validateVoiceInput,
  voiceSendRequest,
} from "../../src/gateway/voice-input.js";
import {
  buildVoicePreview,
  refuseUnsendableVoice,
  type VoicePreview,
  voiceFileUnusableReason,
} from "../../src/gateway/voice-preview.js";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import { QuickcomError } from "../../src/quickcom/client/errors.js";
import { classifyMobileNumbers } from "../../src/quickcom/domain/numbers.js";
import type { VoiceTemplate } from "../../src/quickcom/types.js";
import { DEMO_VOICE_FILES as F } from "../../src/sandbox/channel-seed.js";
import { DEMO_ACCOUNT } from "../../src/sandbox/seed.js";
import { NOON_IST, useNoonSandbox } from "../client/helpers.js";

const env = useNoonSandbox();
const client = () => new QuickcomClient({ baseUrl: env.sandbox.url, credentials: DEMO_ACCOUNT });
let templates: VoiceTemplate[];

beforeAll(async () => {
  templates = (await client().voiceTemplates()).data;
});

const base: SendVoiceCallInput = { voiceId: F.reminder, mobileNumbers: ["9876543210", "+91 91234 56780"] };

function preview(
  override: Partial<SendVoiceCallInput> = {},
  options: { balance?: number | null; now?: Date } = {},
): VoicePreview {
  const now = options.now ?? NOON_IST;
  const input = validateVoiceInput({ ...base, ...override }, now);
  return buildVoicePreview({
    input,
    numbers: classifyMobileNumbers(input.mobileNumbers),
    templates,
    balance: options.balance === undefined ? 500 : options.balance,
    now,
  });
}

function refusal(p: VoicePreview): GatewayError {
  try {
    refuseUnsendableVoice(p);
  } catch (error) {
    if (error instanceof GatewayError) return error;
    throw error;
  }
  throw new Error("expected a refusal");
}

describe("buildVoicePreview", () => {
  it("prices numbers × the duration credit against the voice balance", () => {
    const p = preview();
    expect(p).toMatchObject({
      voiceId: F.reminder,
      title: "Payment reminder",
      durationSeconds: 55,
      fileStatus: "approved",
      callType: "PLAIN",
      creditsPerCall: 2,
      validNumbers: ["9876543210", "9123456780"],
      invalidNumbers: [],
      recipients: 2,
      estimatedCredits: 4,
      availableCredits: 500,
      sufficientBalance: true,
      scheduledAt: null,
      issues: [],
    });
    expect(() => refuseUnsendableVoice(p)).not.toThrow();
  });

  it.each([
    [F.welcome, 25, 1],
    [F.reminder, 55, 2],
    [F.festival, 110, 4],
  ])("file %s of %i s costs %i credit(s) per call", (voiceId, seconds, credit) => {
    expect(preview({ voiceId })).toMatchObject({ durationSeconds: seconds, creditsPerCall: credit });
  });

  it("calls a repeated number once and says so", () => {
    const p = preview({ mobileNumbers: ["9876543210", "09876543210", "919876543210"] });
    expect(p).toMatchObject({
      recipients: 1,
      estimatedCredits: 2,
      duplicateNumbers: ["9876543210", "9876543210"],
    });
    expect(p.issues.map((i) => i.code)).toEqual(["DUPLICATE_NUMBERS"]);
    expect(() => refuseUnsendableVoice(p)).not.toThrow();
  });

  it("reports the call type and the schedule minute", () => {
    const p = preview({
      dtmf: "1",
      callPatchNumber: "9988776655",
      scheduleAt: new Date("2030-01-15T08:00:42Z"),
    });
    expect(p).toMatchObject({
      callType: "CALL_PATCH",
      dtmf: "1",
      callPatchNumber: "9988776655",
      scheduledAt: new Date("2030-01-15T08:00:00Z"),
    });
    expect(preview({ mobileNumbers: ["9876543210"], otp: "4829" }).callType).toBe("VOICE_OTP");
  });
});

describe("refuseUnsendableVoice", () => {
  it("invalid numbers: InvalidNumbersError (QuickCom would charge them)", () => {
    const p = preview({ mobileNumbers: ["9876543210", "12345", ""] });
    const error = refusal(p);
    expect(error).toBeInstanceOf(InvalidNumbersError);
    expect(error.code).toBe("INVALID_NUMBERS");
    expect((error as InvalidNumbersError).invalidNumbers).toEqual(["12345", ""]);
  });

  it("a file that is not the account's: VoiceFileError 1019", () => {
    for (const voiceId of ["QCV9999", F.otherAccount]) {
      const p = preview({ voiceId });
      expect(p).toMatchObject({
        title: null,
        durationSeconds: null,
        creditsPerCall: null,
        estimatedCredits: null,
      });
      const error = refusal(p);
      expect(error).toBeInstanceOf(VoiceFileError);
      expect(error.code).toBe("1019");
      expect((error as VoiceFileError).voiceId).toBe(voiceId);
    }
  });

  it("a pending file: VoiceFileError 1020 naming the status and why", () => {
    const error = refusal(preview({ voiceId: F.pending })) as VoiceFileError;
    expect(error).toBeInstanceOf(VoiceFileError);
    expect(error.code).toBe("1020");
    expect(error.fileStatus).toBe("pending");
    expect(error.message).toContain("file_status is pending: QuickCom has not verified this voice file yet");
    expect(error.message).toContain("1020");
  });

  it.each([
    ["process", 2, "still reviewing"],
    ["rejected", 4, "rejected this voice file"],
    ["unknown", 9, "(9)"],
  ] as const)("a %s file: 1020 with its reason", (status, statusCode, why) => {
    const file = templates.find((t) => t.voiceId === F.welcome) as VoiceTemplate;
    const reason = voiceFileUnusableReason({ ...file, status, statusCode });
    expect(reason).toContain(`file_status is ${status}`);
    expect(reason).toContain(why);
  });

  it("a file over 120 s: VOICE_FILE_TOO_LONG (QuickCom would fail with 1005)", () => {
    const p = preview({ voiceId: F.tooLong });
    expect(p).toMatchObject({ durationSeconds: 150, creditsPerCall: null, estimatedCredits: null });
    const error = refusal(p) as VoiceFileError;
    expect(error).toBeInstanceOf(VoiceFileError);
    expect(error.code).toBe("VOICE_FILE_TOO_LONG");
    expect(error.durationSeconds).toBe(150);
    expect(error.message).toContain("1005");
  });

  it("a schedule that became past between validation and preview: ScheduleError 1008", () => {
    const input = validateVoiceInput({ ...base, scheduleAt: new Date("2030-01-15T07:00:00Z") }, NOON_IST);
    const p = buildVoicePreview({
      input,
      numbers: classifyMobileNumbers(input.mobileNumbers),
      templates,
      balance: 500,
      now: new Date("2030-01-15T07:05:00Z"),
    });
    const error = refusal(p);
    expect(error).toBeInstanceOf(ScheduleError);
    expect(error.code).toBe("1008");
  });

  it.each([
    ["now, at 21:01 IST", new Date("2030-01-15T15:31:00Z"), undefined],
    ["now, at 08:59 IST", new Date("2030-01-15T03:29:00Z"), undefined],
    ["scheduled at 22:00 IST", NOON_IST, new Date("2030-01-15T16:30:00Z")],
  ])(
    "outside 09:00-21:00 IST (%s): PromotionalHoursError 1008, every call type",
    (_name, now, scheduleAt) => {
      for (const override of [{}, { dtmf: "1" }, { mobileNumbers: ["9876543210"], otp: "4829" }]) {
        const error = refusal(preview({ ...override, scheduleAt }, { now }));
        expect(error).toBeInstanceOf(PromotionalHoursError);
        expect(error.code).toBe("1008");
        expect(error.message).toContain("transactional ones too");
      }
    },
  );

  it("21:00 IST is still allowed (the backend compares hours and minutes)", () => {
    expect(() => refuseUnsendableVoice(preview({}, { now: new Date("2030-01-15T15:30:59Z") }))).not.toThrow();
  });

  it("a voice balance too low: InsufficientBalanceError 1007 with both amounts", () => {
    const p = preview({ voiceId: F.festival }, { balance: 7 });
    expect(p.sufficientBalance).toBe(false);
    const error = refusal(p) as InsufficientBalanceError;
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(error.code).toBe("1007");
    expect(error.requiredCredits).toBe(8);
    expect(error.availableCredits).toBe(7);
    expect(() => refuseUnsendableVoice(preview({ voiceId: F.festival }, { balance: 8 }))).not.toThrow();
  });

  it("a voice balance that could not be read: InsufficientBalanceError", () => {
    const p = preview({}, { balance: null });
    expect(p.issues.map((i) => i.code)).toEqual(["BALANCE_UNKNOWN"]);
    const error = refusal(p) as InsufficientBalanceError;
    expect(error.code).toBe("1007");
    expect(error.availableCredits).toBeNull();
  });
});

describe("against the sandbox (the backend's checks)", () => {
  async function upstreamCode(
    p: VoicePreview,
    override: Partial<SendVoiceCallInput>,
  ): Promise<string | null> {
    const input = validateVoiceInput({ ...base, ...override }, NOON_IST);
    try {
      await client().voiceSendSms(voiceSendRequest(input, p.validNumbers));
      return null;
    } catch (error) {
      if (error instanceof QuickcomError) return error.code;
      throw error;
    }
  }

  it.each([
    ["QCV9999 (unknown)", { voiceId: "QCV9999" }, "1002"],
    ["another account's file", { voiceId: F.otherAccount }, "1019"],
    ["a pending file", { voiceId: F.pending }, "1020"],
    ["a file over 120 s", { voiceId: F.tooLong }, "SEND_OUTCOME_UNKNOWN"],
  ] as const)("what the gateway refuses, QuickCom refuses too: %s", async (_name, override, code) => {
    const p = preview(override);
    expect(() => refuseUnsendableVoice(p)).toThrow(VoiceFileError);
    expect(await upstreamCode(p, override)).toBe(code);
  });

  it.each([
    ["a plain call", {}],
    ["a DTMF call", { dtmf: "5" }],
    ["a call patch", { dtmf: "1", callPatchNumber: "+91 99887 76655" }],
    ["a voice OTP", { mobileNumbers: ["9876543210"], otp: "482913" }],
    ["a scheduled call", { scheduleAt: new Date("2030-01-15T10:00:00Z") }],
  ])("what the gateway lets through, QuickCom takes for the estimate: %s", async (_name, override) => {
    const p = preview(override);
    refuseUnsendableVoice(p);
    const input = validateVoiceInput({ ...base, ...override }, NOON_IST);
    const result = await client().voiceSendSms(voiceSendRequest(input, p.validNumbers));
    expect(result.data.creditsDeducted).toBe(p.estimatedCredits);
    const campaign = env.sandbox.state.voice.campaigns.at(-1);
    expect(campaign?.obdType).toBe({ PLAIN: 1, DTMF: 2, CALL_PATCH: 3, VOICE_OTP: 4 }[p.callType]);
  });
});
