/**
 * The input of `sendOtp`, validated before anything touches the upstream, the rule for which templates can carry
 * an OTP, and the fingerprint an idempotency key is bound to. No message here ever repeats a code.
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import { countTemplateVariables } from "../quickcom/domain/template.js";
import type { TemplateRecord } from "../quickcom/types.js";
import { InvalidInputError } from "./errors.js";
import { OtpTemplateError } from "./otp-errors.js";
import { OTP_CODE_LENGTH } from "./otp-throttle-rules.js";
import { dltTemplateIdSchema, SEND_INPUT_FIELDS } from "./send-input.js";

/** `SendOtpInput` as callers give it. */
export interface SendOtpInput {
  dltTemplateId: string;
  mobileNumber: string;
  code?: string | null;
  codeLength?: number | null;
  idempotencyKey?: string | null;
}

const LENGTHS = `${OTP_CODE_LENGTH.min} to ${OTP_CODE_LENGTH.max}`;

/** The contract of each `SendOtpInput` field (the schema attaches them; MCP derives its tool input from them). */
export const OTP_INPUT_FIELDS = {
  dltTemplateId: dltTemplateIdSchema,
  mobileNumber: z
    .string()
    .max(32, "must be at most 32 characters")
    .refine((v) => !/[,;]/.test(v), "must be one number: an OTP goes to exactly one recipient")
    .refine((v) => v.trim() !== "", "must not be empty"),
  code: z
    .string()
    .regex(/^[0-9]*$/, "must be digits only (0-9)")
    .min(OTP_CODE_LENGTH.min, `must be ${LENGTHS} digits`)
    .max(OTP_CODE_LENGTH.max, `must be ${LENGTHS} digits`),
  codeLength: z
    .number()
    .int("must be a whole number")
    .min(OTP_CODE_LENGTH.min, `must be ${LENGTHS}`)
    .max(OTP_CODE_LENGTH.max, `must be ${LENGTHS}`),
  idempotencyKey: SEND_INPUT_FIELDS.idempotencyKey,
};

const schema = z
  .object({
    dltTemplateId: OTP_INPUT_FIELDS.dltTemplateId,
    mobileNumber: OTP_INPUT_FIELDS.mobileNumber,
    code: OTP_INPUT_FIELDS.code.nullish(),
    codeLength: OTP_INPUT_FIELDS.codeLength.nullish(),
    idempotencyKey: OTP_INPUT_FIELDS.idempotencyKey.nullish(),
  })
  .strict()
  .refine((v) => !v.code || !v.codeLength || v.code.length === v.codeLength, {
    path: ["codeLength"],
    message: "must match the length of code, or be left out",
  });

/** The validated input; `code` null means the gateway generates one of `codeLength` digits. */
export interface ValidOtpInput {
  dltTemplateId: string;
  mobileNumber: string;
  code: string | null;
  codeLength: number;
  idempotencyKey: string | null;
}

/** Validates a `sendOtp` input. Throws {@link InvalidInputError} listing every bad field (never their values). */
export function validateOtpInput(input: SendOtpInput, defaultLength: number): ValidOtpInput {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw InvalidInputError.fromZod(parsed.error, 20);
  }
  const v = parsed.data;
  return {
    dltTemplateId: v.dltTemplateId,
    mobileNumber: v.mobileNumber.trim(),
    code: v.code ?? null,
    codeLength: v.code?.length ?? v.codeLength ?? defaultLength,
    idempotencyKey: v.idempotencyKey ?? null,
  };
}

/**
 * Words by which a DLT template shows it carries a one-time code. QuickCom's template rows have no type, so the
 * registered text decides: DLT requires an OTP template's text to say what the code is for.
 */
const OTP_WORDS =
  /\b(?:otp|one[- ]time|verification|verify|passcode|password|(?:login|security|authentication|auth) code)\b|ओटीपी/i;

/** Whether a template's text reads as an OTP template (whatever its variable count). */
export function readsAsOtpTemplate(body: string): boolean {
  return OTP_WORDS.test(body);
}

/**
 * Refuses a template that cannot carry an OTP: its text must read as an OTP template and it must have exactly one
 * `{#var#}`, which the code fills (a second variable would need a value the gateway cannot know).
 */
export function checkOtpTemplate(template: TemplateRecord): void {
  const count = countTemplateVariables(template.body);
  if (!readsAsOtpTemplate(template.body)) {
    throw new OtpTemplateError(
      template.dltTemplateId,
      "NOT_OTP_TEMPLATE",
      count,
      `Template ${template.dltTemplateId} ("${template.name}") is not an OTP template: its text does not say it carries a one-time code (OTP, verification code, passcode...). Nothing was sent.`,
    );
  }
  if (count !== 1) {
    throw new OtpTemplateError(
      template.dltTemplateId,
      "VARIABLE_COUNT",
      count,
      `Template ${template.dltTemplateId} ("${template.name}") has ${count} {#var#} slots; an OTP template needs exactly one, for the code. Nothing was sent.`,
    );
  }
}

/**
 * SHA-256 of what decides what an OTP send does: template, number, the code (a keyed digest of a given one, or
 * `generated` and its length) and the actor. The same key with the same fingerprint is a retry of the same OTP;
 * the actor is part of it because a replay answers the code, which only the caller that sent it may see.
 */
export function otpFingerprint(
  input: ValidOtpInput,
  number: string,
  givenCodeDigest: string | null,
  actor: string,
): string {
  return createHash("sha256")
    .update(
      JSON.stringify([
        "otp",
        input.dltTemplateId,
        number,
        givenCodeDigest ?? `generated:${input.codeLength}`,
        actor,
      ]),
    )
    .digest("hex");
}
