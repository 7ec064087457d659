/**
 * Input contracts: the zod schema of a GraphQL input field or argument, attached to it as an extension so that
 * the gateway's own validation and MCP's tool input schemas are one schema with one set of limits.
 */
import type { z } from "zod";

/** Pothos `extensions` that attach `schema` as the contract of an input field. */
export function contract(schema: z.ZodType): { contract: z.ZodType } {
  return { contract: schema };
}

/**
 * The contract of an input field or argument: its `contract` extension, or the zod schema the Pothos validation
 * plugin checks it with.
 */
export function contractOf(
  extensions: Readonly<Record<string, unknown>> | null | undefined,
): z.ZodType | undefined {
  const attached = extensions?.contract as z.ZodType | undefined;
  if (attached) return attached;
  const validate = (extensions?.pothosOptions as { validate?: unknown } | undefined)?.validate;
  return isZod(validate) ? validate : undefined;
}

function isZod(value: unknown): value is z.ZodType {
  return typeof value === "object" && value !== null && "safeParse" in value && "_zod" in value;
}
