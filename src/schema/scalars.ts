/**
 * The `DateTime` scalar: RFC 3339 date-time strings with an explicit offset (`2026-11-25T10:30:00+05:30`).
 */
import { GraphQLError, Kind } from "graphql";
import { builder } from "./builder.js";

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  if (typeof value !== "string" || value.length > 40 || !RFC3339.test(value)) {
    throw new GraphQLError(
      "DateTime must be an RFC 3339 string with an offset, e.g. 2026-11-25T10:30:00+05:30.",
      { extensions: { code: "BAD_USER_INPUT" } },
    );
  }
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
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
