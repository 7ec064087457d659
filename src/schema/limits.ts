/**
 * Query limits with stable error codes: page sizes, and the complexity plugin's depth, breadth and cost.
 */
import { GraphQLError } from "graphql";

/** Largest `first` / `last` a connection accepts. */
export const MAX_PAGE_SIZE = 100;

/** Page size when neither `first` nor `last` is given. */
export const DEFAULT_PAGE_SIZE = 20;

/** Depth, breadth and cost limits the complexity plugin enforces on every operation. */
export const COMPLEXITY_LIMITS = { complexity: 5_000, depth: 12, breadth: 200 } as const;

/**
 * The plugin's limits for one operation: none when the context says the operation was already measured within
 * {@link COMPLEXITY_LIMITS} before it started (the lean path measures a fixed operation once).
 */
export function complexityLimitFor(context: {
  complexityPrechecked?: boolean;
}): Partial<typeof COMPLEXITY_LIMITS> {
  return context.complexityPrechecked ? {} : COMPLEXITY_LIMITS;
}

/** Whether a measured operation is within {@link COMPLEXITY_LIMITS}. */
export function withinComplexityLimits(measured: {
  complexity: number;
  depth: number;
  breadth: number;
}): boolean {
  return (
    measured.complexity <= COMPLEXITY_LIMITS.complexity &&
    measured.depth <= COMPLEXITY_LIMITS.depth &&
    measured.breadth <= COMPLEXITY_LIMITS.breadth
  );
}

/** What the complexity plugin measured, with the limits it applied. */
interface Measured {
  complexity: number;
  depth: number;
  breadth: number;
  maxComplexity?: number;
  maxDepth?: number;
  maxBreadth?: number;
}

/** The error the complexity plugin throws, with the stable codes of docs/CONTRACT.md "Errors and limits". */
export function complexityError(kind: string, result: Measured): GraphQLError {
  const [code, what, actual, limit] =
    kind === "Depth"
      ? ["QUERY_TOO_DEEP", "deep", result.depth, result.maxDepth]
      : kind === "Breadth"
        ? ["QUERY_TOO_COMPLEX", "wide", result.breadth, result.maxBreadth]
        : ["QUERY_TOO_COMPLEX", "costly", result.complexity, result.maxComplexity];
  return new GraphQLError(`Query is too ${what}: ${actual} exceeds the limit of ${limit}.`, {
    extensions: { code, limit, actual },
  });
}

/** Connection arguments as Relay defines them. */
export interface PageArgs {
  first?: number | null;
  last?: number | null;
  after?: string | null;
  before?: string | null;
}

/** Validated direction and size of a page request. */
export type PageRequest =
  | { direction: "forward"; size: number; cursor: string | null }
  | { direction: "backward"; size: number; cursor: string | null };

function badInput(message: string, code = "BAD_USER_INPUT"): GraphQLError {
  return new GraphQLError(message, { extensions: { code } });
}

/** Checks connection arguments; throws a coded GraphQL error for a bad combination or size. */
export function pageRequest(args: PageArgs): PageRequest {
  const { first, last, after, before } = args;
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value === null || value === undefined) continue;
    if (value < 0) throw badInput(`\`${name}\` must not be negative.`);
    if (value > MAX_PAGE_SIZE) {
      throw badInput(`\`${name}\` is ${value}; the largest page is ${MAX_PAGE_SIZE}.`, "PAGE_SIZE_TOO_LARGE");
    }
  }
  if (first != null && last != null) throw badInput("Give `first` or `last`, not both.");
  if (after != null && before != null) throw badInput("Give `after` or `before`, not both.");
  if (first != null && before != null) throw badInput("`before` goes with `last`, not with `first`.");
  if (last != null || before != null) {
    if (after != null) throw badInput("`after` goes with `first`, not with `last`.");
    return { direction: "backward", size: last ?? DEFAULT_PAGE_SIZE, cursor: before ?? null };
  }
  return { direction: "forward", size: first ?? DEFAULT_PAGE_SIZE, cursor: after ?? null };
}

/** Complexity of a connection field: its page size multiplies its selection. */
export function connectionComplexity(args: PageArgs): { field: number; multiplier: number } {
  return {
    field: 1,
    multiplier: Math.max(1, Math.min(MAX_PAGE_SIZE, args.first ?? args.last ?? DEFAULT_PAGE_SIZE)),
  };
}
