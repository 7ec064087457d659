/**
 * The contracts of the delivery reads' arguments, checked before any upstream call (GraphQL validation plugin;
 * MCP tools derive their input schemas from the same zod schemas).
 */
import { z } from "zod";
import { normalizeMobileNumber } from "../quickcom/domain/numbers.js";

const UUID = /^\s*[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\s*$/i;

/** A campaign uuid as send_message returns it (8-4-4-4-12 hexadecimal digits). */
export const campaignUuidSchema = z
  .string()
  .max(64, "must be a campaign uuid")
  .regex(UUID, "must be a campaign uuid as sendMessage returned it (8-4-4-4-12 hex digits)");

/** An Indian mobile number: 10 digits starting 6-9, optionally prefixed +91, 91 or 0. */
export const mobileNumberSchema = z
  .string()
  .max(32, "must be at most 32 characters")
  .refine(
    (value) => normalizeMobileNumber(value) !== null,
    "must be an Indian mobile number (10 digits starting 6-9, optionally prefixed +91, 91 or 0)",
  );

/** The uuid as the upstream wants it (trimmed, lower case). */
export function canonicalUuid(uuid: string): string {
  return uuid.trim().toLowerCase();
}

/** The number as the upstream stores it: `91` + 10 digits (a valid number is assumed). */
export function storedMobile(mobileNumber: string): string {
  return `91${normalizeMobileNumber(mobileNumber) ?? mobileNumber}`;
}
