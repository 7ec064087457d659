/**
 * What every many-recipient channel (SMS, voice) checks of its numbers before any read: the operator's recipient
 * cap, then which numbers are valid, and, for a new send, that none is invalid (QuickCom would charge them).
 */
import { classifyMobileNumbers, type NumberClassification } from "../quickcom/domain/numbers.js";
import { CapExceededError, InvalidNumbersError } from "./errors.js";

/** Classifies `numbers` once they fit SEND_MAX_RECIPIENTS; throws {@link CapExceededError} when they do not. */
export function classifyWithinCap(numbers: readonly string[], maxRecipients: number): NumberClassification {
  if (numbers.length > maxRecipients) {
    throw new CapExceededError("SEND_MAX_RECIPIENTS", maxRecipients, numbers.length);
  }
  return classifyMobileNumbers(numbers);
}

/** Throws {@link InvalidNumbersError} when any number is invalid. */
export function refuseInvalidNumbers(numbers: NumberClassification | null): void {
  const invalid = numbers?.invalid ?? [];
  if (invalid.length > 0) throw new InvalidNumbersError(invalid);
}
