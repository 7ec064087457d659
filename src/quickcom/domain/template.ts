/**
 * DLT template rules: counting `{#var#}` slots, checking the variables a caller
 * supplies, and rendering the final text (the gateway renders it itself so the
 * backend can neither drop nor shift variables).
 */

/** The usual DLT limit on the length of one variable, in characters (code points). */
export const MAX_VARIABLE_LENGTH = 30;

const SLOT_SOURCE = "\\{#var#\\}";

/** A fresh global, case-insensitive matcher for `{#var#}` (fresh because global regexes carry state). */
function slotPattern(): RegExp {
  return new RegExp(SLOT_SOURCE, "gi");
}

/** Number of `{#var#}` slots (case-insensitive: `{#VAR#}`, `{#Var#}` count too). */
export function countTemplateVariables(body: string): number {
  return body.match(slotPattern())?.length ?? 0;
}

/** One problem with the variables supplied for a template. `index` is 0-based. */
export type VariableIssue =
  | { code: "VARIABLE_COUNT_MISMATCH"; expected: number; received: number; message: string }
  | { code: "VARIABLE_TOO_LONG"; index: number; length: number; max: number; message: string }
  | { code: "VARIABLE_EMPTY"; index: number; message: string }
  | { code: "VARIABLE_INVALID_CHARACTER"; index: number; message: string };

/** Options of {@link checkTemplateVariables}. */
export interface CheckTemplateVariablesOptions {
  /** Longest variable allowed, in code points; defaults to {@link MAX_VARIABLE_LENGTH}. */
  maxLength?: number;
}

/**
 * Why a code point cannot go into a variable, or null when it can: C0 controls except `\n`,
 * DEL and C1 controls (Unicode category Cc), and lone surrogates (not encodable in UTF-8).
 */
function invalidCharacterReason(codePoint: number): string | null {
  if (codePoint >= 0xd800 && codePoint <= 0xdfff) return "an unpaired surrogate";
  if (codePoint === 0x0a) return null;
  if (codePoint <= 0x1f || (codePoint >= 0x7f && codePoint <= 0x9f)) {
    return `the control character U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
  }
  return null;
}

/** Length in code points (what a person counts as characters). */
function codePointLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

function firstInvalidCharacter(text: string): string | null {
  for (const character of text) {
    const reason = invalidCharacterReason(character.codePointAt(0) ?? 0);
    if (reason) return reason;
  }
  return null;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * Every problem with `variables` for this template body; [] when they can be rendered.
 * index is 0-based; messages name the 1-based variable ("variable 2 ...").
 * A variable that is empty or only whitespace is VARIABLE_EMPTY (it would leave a blank in a
 * registered DLT text, and the backend drops PHP-empty values).
 */
export function checkTemplateVariables(
  body: string,
  variables: readonly string[],
  options: CheckTemplateVariablesOptions = {},
): VariableIssue[] {
  const max = options.maxLength ?? MAX_VARIABLE_LENGTH;
  const expected = countTemplateVariables(body);
  const issues: VariableIssue[] = [];
  if (variables.length !== expected) {
    issues.push({
      code: "VARIABLE_COUNT_MISMATCH",
      expected,
      received: variables.length,
      message: `The template has ${plural(expected, "variable")} but ${variables.length} ${variables.length === 1 ? "was" : "were"} given.`,
    });
  }
  variables.forEach((value, index) => {
    const name = `Template variable ${index + 1}`;
    if (value.trim() === "") {
      issues.push({ code: "VARIABLE_EMPTY", index, message: `${name} is empty.` });
      return;
    }
    const length = codePointLength(value);
    if (length > max) {
      issues.push({
        code: "VARIABLE_TOO_LONG",
        index,
        length,
        max,
        message: `${name} is ${plural(length, "character")} long; at most ${max} are allowed.`,
      });
    }
    const invalid = firstInvalidCharacter(value);
    if (invalid) {
      issues.push({
        code: "VARIABLE_INVALID_CHARACTER",
        index,
        message: `${name} contains ${invalid}, which cannot be sent.`,
      });
    }
  });
  return issues;
}

/** Fills the slots in order. Throws a RangeError when the count does not match. */
export function renderTemplate(body: string, variables: readonly string[]): string {
  const expected = countTemplateVariables(body);
  if (variables.length !== expected) {
    throw new RangeError(
      `The template has ${plural(expected, "variable")} but ${variables.length} ${variables.length === 1 ? "was" : "were"} given.`,
    );
  }
  let next = 0;
  return body.replace(slotPattern(), () => variables[next++] ?? "");
}
