import { describe, expect, it } from "vitest";
import {
  campaignListParams,
  encodeForDoubleDecode,
  sendMessageParams,
  voiceSendParams,
} from "../../src/quickcom/client/request-params.js";
import type { SendMessageRequest } from "../../src/quickcom/types.js";

/** PHP `urldecode()`: `+` → space, `%xx` → byte, the bytes read as UTF-8 (what Laravel and the controller do). */
function phpUrlDecode(value: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < value.length; i++) {
    const char = value[i] as string;
    const hex = value.slice(i + 1, i + 3);
    if (char === "%" && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else if (char === "+") {
      bytes.push(0x20);
    } else {
      bytes.push(...Buffer.from(char, "utf8"));
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

/** What the backend ends up with: the framework decodes the query once, the controller decodes `message` again. */
function backendMessage(params: Array<[string, string]>, name: string): string {
  const query = new URLSearchParams(params).toString();
  const pair = query.split("&").find((part) => part.startsWith(`${name}=`)) ?? "";
  return phpUrlDecode(phpUrlDecode(pair.slice(name.length + 1)));
}

const base: SendMessageRequest = {
  dltTemplateId: "1507162019748109480",
  mobileNumbers: ["9876543210", "918765432109"],
  route: 1,
  variables: ["QC12345", "2499"],
  message: "Your order QC12345 confirmed. Amount: ₹2499",
};

describe("encodeForDoubleDecode", () => {
  it.each([
    "a+b",
    "100% sure",
    "%41 stays %41",
    "Tom & Jerry = fun?",
    "₹2499 😀 नमस्ते",
    "quotes ' \" ( ) * ! ~",
    "line\nbreak\ttab",
    "@home #1 $5 ^ { } \\ [ ] | €",
    "",
  ])("%j survives the backend's two URL-decodes", (text) => {
    expect(backendMessage([["message", encodeForDoubleDecode(text)]], "message")).toBe(text);
  });

  it("leaves no character PHP urldecode would alter", () => {
    expect(encodeForDoubleDecode("a+b %")).toMatch(/^[A-Za-z0-9\-_.%]*$/);
  });

  it("replaces lone surrogates instead of throwing", () => {
    expect(() => encodeForDoubleDecode("bad \uD800 half")).not.toThrow();
    expect(backendMessage([["message", encodeForDoubleDecode("x\uD800y")]], "message")).toBe("x\uFFFDy");
  });
});

describe("sendMessageParams", () => {
  it("sends the documented fields, rendered message and v1..vN, no country_code", () => {
    const params = sendMessageParams(base);
    expect(params.map(([name]) => name)).toEqual([
      "dlt_template_id",
      "mobile_numbers",
      "route_type",
      "message",
      "v1",
      "v2",
    ]);
    const map = new Map(params);
    expect(map.get("mobile_numbers")).toBe("9876543210,918765432109");
    expect(map.get("route_type")).toBe("1");
    expect(backendMessage(params, "message")).toBe(base.message);
    expect(backendMessage(params, "v2")).toBe("2499");
  });

  it("formats schedule_date as YYYY-MM-DD HH:MM in IST and sets is_flash=1", () => {
    const params = new Map(
      sendMessageParams({ ...base, route: 2, scheduleAt: new Date("2030-01-02T03:34:56Z"), flash: true }),
    );
    expect(params.get("schedule_date")).toBe("2030-01-02 09:04");
    expect(params.get("is_flash")).toBe("1");
    expect(params.get("route_type")).toBe("2");
  });

  it("omits schedule_date and is_flash when not asked", () => {
    const names = sendMessageParams({ ...base, flash: false }).map(([name]) => name);
    expect(names).not.toContain("schedule_date");
    expect(names).not.toContain("is_flash");
  });

  it("variables with + and % survive like the message", () => {
    const params = sendMessageParams({ ...base, variables: ["a+b", "50%"] });
    expect(backendMessage(params, "v1")).toBe("a+b");
    expect(backendMessage(params, "v2")).toBe("50%");
  });
});

describe("campaignListParams", () => {
  it.each([
    [{ page: 1, perPage: 20 }, "20", "1"],
    [{ page: 3, perPage: 50 }, "50", "3"],
    [{ page: 2, perPage: 51 }, "50", "2"],
    [{ page: 0, perPage: 0 }, "1", "1"],
    [{ page: -4, perPage: -3 }, "1", "1"],
    [{ page: 2.7, perPage: 10.9 }, "10", "2"],
    [{ page: Number.NaN, perPage: Number.NaN }, "20", "1"],
  ])("%j → per_page_record=%s page_number=%s", (input, perPage, page) => {
    expect(campaignListParams(input)).toEqual([
      ["per_page_record", perPage],
      ["page_number", page],
    ]);
  });
});

describe("voiceSendParams", () => {
  it("sends mobile_numbers, then schedule, dtmf and call patch when given", () => {
    expect(
      voiceSendParams({
        voiceId: "QCV1001",
        mobileNumbers: ["9876543210", "9123456780"],
        scheduleAt: new Date("2030-01-15T05:00:00Z"),
        dtmf: "1",
        callPatchNumber: "9988776655",
      }),
    ).toEqual([
      ["voice_id", "QCV1001"],
      ["mobile_numbers", "9876543210,9123456780"],
      ["schedule_date", "2030-01-15 10:30"],
      ["dtmf", "1"],
      ["call_patch_number", "9988776655"],
    ]);
  });

  it("a voice OTP sends the single mobile_number and otp instead of mobile_numbers", () => {
    const params = voiceSendParams({ voiceId: "QCV1001", mobileNumbers: ["919876543210"], otp: "482913" });
    expect(params).toEqual([
      ["voice_id", "QCV1001"],
      ["mobile_number", "919876543210"],
      ["otp", "482913"],
    ]);
    expect(params.some(([name]) => name === "mobile_numbers")).toBe(false);
  });

  it.each([[[]], [["9876543210", "9123456780"]]])("a voice OTP to %j numbers is refused", (numbers) => {
    expect(() => voiceSendParams({ voiceId: "QCV1001", mobileNumbers: numbers, otp: "1234" })).toThrow(
      RangeError,
    );
  });
});
