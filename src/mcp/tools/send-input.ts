/**
 * The zod shape of a send's input, shared by `preview_message` and `send_message`, and its mapping to the
 * GraphQL `SendMessageInput` (checked against the generated type).
 */
import { z } from "zod";
import { dltTemplateIdSchema } from "../../gateway/send-input.js";
import type { Route, SendMessageInput } from "../generated/graphql.js";

const ROUTES = ["OTP", "TRANSACTIONAL", "PROMOTIONAL"] as const satisfies readonly Route[];
/** Fails to compile when the schema gains a route this list lacks. */
const everyRoute: Exclude<Route, (typeof ROUTES)[number]> extends never ? true : never = true;
void everyRoute;

/** Input fields of a preview or a send. */
export const sendInputShape = {
  dltTemplateId: dltTemplateIdSchema.describe(
    "DLT template ID of one of the account's approved templates (see list_templates).",
  ),
  mobileNumbers: z
    .array(z.string().max(32))
    .min(1)
    .describe("Recipients: Indian mobile numbers, 10 digits starting 6-9, optionally prefixed +91, 91 or 0."),
  route: z
    .enum(ROUTES)
    .describe(
      "OTP for one-time passwords, TRANSACTIONAL for service messages (both use transactional credits), " +
        "PROMOTIONAL for marketing (promotional credits, only 09:00-21:00 IST).",
    ),
  variables: z
    .array(z.string())
    .optional()
    .describe("One value per {#var#} slot of the template, in order (at most 30 characters each)."),
  scheduleAt: z
    .string()
    .optional()
    .describe(
      "Send later: RFC 3339 date-time with an offset, e.g. 2026-11-25T10:30:00+05:30. Omit to send now.",
    ),
  flash: z.boolean().optional().describe("Send as a flash SMS (shown on screen, not stored). Default false."),
  idempotencyKey: z
    .string()
    .min(1)
    .max(128)
    .optional()
    .describe(
      "Your key for this send (printable ASCII, no spaces). Retrying with the same key and input returns the " +
        "first result instead of sending twice. Strongly recommended.",
    ),
};

/** The GraphQL input of a preview or send. */
export function toSendMessageInput(
  args: z.output<z.ZodObject<typeof sendInputShape>>,
  confirmationToken?: string,
): SendMessageInput {
  return {
    dltTemplateId: args.dltTemplateId,
    mobileNumbers: args.mobileNumbers,
    route: args.route,
    variables: args.variables ?? null,
    scheduleAt: args.scheduleAt ?? null,
    flash: args.flash ?? null,
    idempotencyKey: args.idempotencyKey ?? null,
    confirmationToken: confirmationToken ?? null,
  };
}
