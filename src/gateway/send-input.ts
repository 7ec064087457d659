/**
 * The input of a send or a preview, validated before anything touches the upstream, and its canonical
 * fingerprint (what idempotency keys and confirmation tokens are bound to).
 */
import { createHash } from "node:crypto";
import { z } from "zod";
import type { RouteType } from "../quickcom/types.js";
import { InvalidInputError } from "./errors.js";

/** Route names as the public API spells them. */
export type RouteName = "OTP" | "TRANSACTIONAL" | "PROMOTIONAL";

/** Upstream `route_type` of each route name. */
export const ROUTE_TYPES: Record<RouteName, RouteType> = { OTP: 0, TRANSACTIONAL: 1, PROMOTIONAL: 2 };

/** `SendMessageInput` as callers give it. */
export interface SendMessageInput {
  dltTemplateId: string;
  mobileNumbers: readonly string[];
  route: RouteName;
  variables?: readonly string[] | null;
  scheduleAt?: Date | null;
  flash?: boolean | null;
  idempotencyKey?: string | null;
}

/** Hard ceiling on recipients in one input, whatever the operator cap (SEND_MAX_RECIPIENTS) says. */
export const ABSOLUTE_MAX_RECIPIENTS = 1_000_000;
const MAX_VARIABLES = 100;
const MAX_VARIABLE_INPUT_LENGTH = 2_000;
const MAX_NUMBER_LENGTH = 32;

/**
 * A DLT template ID as the gateway accepts it: a string of 1 to 32 digits, surrounding spaces ignored. A JSON
 * number is refused with the advice to quote it: IDs have 19 digits, and a number loses those past 2^53 (the
 * MCP Inspector CLI turns an unquoted `--tool-arg dltTemplateId=1507...` into one).
 */
export const dltTemplateIdSchema = z
  .string({
    error: (issue) =>
      typeof issue.input === "number"
        ? "must be a string: quote the ID (e.g. --tool-arg 'dltTemplateId=\"1507162019748109480\"' with the MCP Inspector CLI); as a JSON number it loses the digits past 2^53"
        : "must be the numeric DLT template ID as a string",
  })
  .trim()
  .regex(/^\d{1,32}$/, "must be the numeric DLT template ID (up to 32 digits)");

/**
 * The contract of each `SendMessageInput` field, without nullability: the gateway validates GraphQL input with
 * these (below), and the schema attaches them to its input fields, from which the MCP tools derive theirs.
 */
export const SEND_INPUT_FIELDS = {
  dltTemplateId: dltTemplateIdSchema,
  mobileNumbers: z
    .array(z.string().max(MAX_NUMBER_LENGTH, `must be at most ${MAX_NUMBER_LENGTH} characters`))
    .min(1, "must name at least one recipient")
    .max(ABSOLUTE_MAX_RECIPIENTS, `must name at most ${ABSOLUTE_MAX_RECIPIENTS} recipients`),
  variables: z
    .array(
      z.string().max(MAX_VARIABLE_INPUT_LENGTH, `must be at most ${MAX_VARIABLE_INPUT_LENGTH} characters`),
    )
    .max(MAX_VARIABLES, `must have at most ${MAX_VARIABLES} entries`),
  idempotencyKey: z
    .string()
    .regex(/^[\x21-\x7e]{1,128}$/, "must be 1-128 printable ASCII characters without spaces"),
};

const schema = z.object({
  dltTemplateId: SEND_INPUT_FIELDS.dltTemplateId,
  mobileNumbers: SEND_INPUT_FIELDS.mobileNumbers,
  route: z.enum(["OTP", "TRANSACTIONAL", "PROMOTIONAL"]),
  variables: SEND_INPUT_FIELDS.variables.nullish(),
  scheduleAt: z
    .date()
    .refine((d) => !Number.isNaN(d.getTime()), "must be a valid date-time")
    .nullish(),
  flash: z.boolean().nullish(),
  idempotencyKey: SEND_INPUT_FIELDS.idempotencyKey.nullish(),
});

/** The validated input. */
export interface ValidSendInput {
  dltTemplateId: string;
  mobileNumbers: readonly string[];
  route: RouteName;
  variables: readonly string[];
  scheduleAt: Date | null;
  flash: boolean;
  idempotencyKey: string | null;
}

/** Validates the shape of a send input. Throws {@link InvalidInputError} listing every bad field. */
export function validateSendInput(input: SendMessageInput): ValidSendInput {
  const parsed = schema.safeParse(input);
  if (!parsed.success) {
    throw InvalidInputError.fromZod(parsed.error, 50);
  }
  const v = parsed.data;
  return {
    dltTemplateId: v.dltTemplateId,
    mobileNumbers: v.mobileNumbers,
    route: v.route,
    variables: v.variables ?? [],
    scheduleAt: v.scheduleAt ?? null,
    flash: v.flash ?? false,
    idempotencyKey: v.idempotencyKey ?? null,
  };
}

/**
 * SHA-256 of everything that decides what a send does (not the idempotency key): the same fingerprint means
 * the same message to the same recipients at the same minute.
 */
export function sendFingerprint(input: ValidSendInput, recipients: readonly string[]): string {
  const scheduleMinute = input.scheduleAt ? Math.floor(input.scheduleAt.getTime() / 60_000) : null;
  const hash = createHash("sha256");
  hash.update(
    JSON.stringify([input.dltTemplateId, input.route, input.variables, scheduleMinute, input.flash]),
  );
  for (const number of recipients) hash.update(`\n${number}`);
  return hash.digest("hex");
}
