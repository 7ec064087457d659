/**
 * The `DateTime` scalar: RFC 3339 date-time strings with an explicit offset (`2026-11-25T10:30:00+05:30`).
 */
import { GraphQLError, Kind } from "graphql";
import { builder } from "./builder.js";

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

/**
 * True when the date and time fields exist on the calendar. `Date` rolls 2030-02-30 over to March 2 and
 * 24:00 to the next day, which would schedule a send for a day nobody asked for.
 */
function isCalendarValid(value: string): boolean {
  const [, y, mo, d, h, mi] = (/^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})/.exec(value) ?? []).map(Number);
  if (y === undefined || mo === undefined || d === undefined || h === undefined || mi === undefined) {
    return false;
  }
  const probe = new Date(Date.UTC(y, mo - 1, d, h, mi));
  return (
    probe.getUTCFullYear() === y &&
    probe.getUTCMonth() === mo - 1 &&
    probe.getUTCDate() === d &&
    probe.getUTCHours() === h &&
    probe.getUTCMinutes() === mi
  );
}

function parse(value: unknown): Date {
  if (typeof value !== "string" || value.length > 40 || !RFC3339.test(value)) {
    throw new GraphQLError(
      "DateTime must be an RFC 3339 string with an offset, e.g. 2026-11-25T10:30:00+05:30.",
      { extensions: { code: "BAD_USER_INPUT" } },
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime()) || !isCalendarValid(value)) {
    throw new GraphQLError(`"${value}" is not a valid date-time.`, {
      extensions: { code: "BAD_USER_INPUT" },
    });
  }
  return date;
}

builder.scalarType("DateTime", {
  description: "An instant as an RFC 3339 string with an offset, e.g. 2026-11-25T10:30:00+05:30.",
  serialize: (value) => (value instanceof Date ? value.toISOString() : String(value)),
  parseValue: parse,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) {
      throw new GraphQLError("DateTime must be a string.", { extensions: { code: "BAD_USER_INPUT" } });
    }
    return parse(ast.value);
  },
});
