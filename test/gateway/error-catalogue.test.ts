/**
 * The error catalogue is the one list of failures: every error type of the schema is declared there and every
 * declared type exists, codes with several types agree on the next step, and MCP tells agents its next steps.
 */
import { isObjectType, isUnionType } from "graphql";
import { describe, expect, it } from "vitest";
import { ERROR_CATALOGUE, errorRow } from "../../src/gateway/error-catalogue.js";
import { nextStepFor } from "../../src/mcp/tool-errors.js";
import { schema } from "../../src/schema/index.js";

const schemaErrorTypes = Object.values(schema.getTypeMap())
  .filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === "Error"))
  .map((t) => t.name)
  .sort();

describe("the error catalogue", () => {
  it("declares exactly the schema's error types", () => {
    const declared = [...new Set(ERROR_CATALOGUE.flatMap((r) => (r.type ? [r.type] : [])))].sort();
    expect(declared).toEqual(schemaErrorTypes);
  });

  it("puts every declared type in SendMessageResult, except sendOtp's own (SendOtpResult) and the voice call's (SendVoiceCallResult), which also holds every SMS one", () => {
    const membersOf = (name: string) => {
      const union = schema.getType(name);
      if (!isUnionType(union)) throw new Error(`${name} is not a union`);
      return union.getTypes().map((t) => t.name);
    };
    const sms = membersOf("SendMessageResult");
    const otp = membersOf("SendOtpResult");
    const voice = membersOf("SendVoiceCallResult");
    const otpOnly = ["OtpTemplateError", "OtpThrottledError"];
    const voiceOnly = ["VoiceFileError"];
    for (const type of schemaErrorTypes) {
      if (otpOnly.includes(type)) expect(otp, type).toContain(type);
      else if (voiceOnly.includes(type)) expect(voice, type).toContain(type);
      else {
        expect(sms, type).toContain(type);
        expect(voice, type).toContain(type);
      }
    }
    for (const type of [...otpOnly, ...voiceOnly]) expect(sms).not.toContain(type);
  });

  it("gives one next step per code, and MCP uses it", () => {
    for (const row of ERROR_CATALOGUE) {
      expect(errorRow(row.code)?.nextStep, row.code).toBe(row.nextStep);
      expect(nextStepFor(row.code)).toBe(row.nextStep);
      expect(row.meaning.length, row.code).toBeGreaterThan(10);
    }
  });

  it("names every code the docs and DESIGN contract list as stable", () => {
    for (const code of [
      "UNAUTHENTICATED",
      "FORBIDDEN",
      "BAD_USER_INPUT",
      "PAGE_SIZE_TOO_LARGE",
      "QUERY_TOO_DEEP",
      "TOO_MANY_ALIASES",
      "QUERY_TOO_COMPLEX",
      "ONE_SEND_PER_OPERATION",
      "UPSTREAM_UNAVAILABLE",
      "UPSTREAM_TIMEOUT",
      "SEND_OUTCOME_UNKNOWN",
      "CONFIRMATION_REQUIRED",
      "CAP_EXCEEDED",
      "1017",
      "1007",
    ]) {
      expect(errorRow(code), code).toBeDefined();
    }
  });

  it("tells an agent the real page limit of the list tools", () => {
    expect(nextStepFor("PAGE_SIZE_TOO_LARGE")).toContain("at most 40");
  });
});
