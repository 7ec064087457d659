/**
 * Pagination arguments and results shared by the list tools: `limit` + `cursor` in, `nextCursor` out.
 */
import { z } from "zod";

/**
 * Largest `limit` of a list tool: a page of 40 campaigns with every field the tools select stays within the
 * GraphQL query cost limit (the schema counts a connection's page size and its `edges` list both).
 */
export const MAX_TOOL_PAGE_SIZE = 40;

/** Input fields of every list tool. */
export const pageInputShape = {
  limit: z
    .number()
    .int()
    .min(1)
    .max(MAX_TOOL_PAGE_SIZE)
    .optional()
    .describe(`How many items to return (1-${MAX_TOOL_PAGE_SIZE}, default 20).`),
  cursor: z
    .string()
    .optional()
    .describe(
      "Opaque cursor from a previous call's nextCursor, to get the next page. Omit for the first page.",
    ),
};

/** Output fields of every list tool besides the items. */
export const pageOutputShape = {
  totalCount: z.number().int().describe("Number of items in the whole list."),
  nextCursor: z
    .string()
    .nullable()
    .describe("Pass as `cursor` to get the next page; null when this is the last page."),
};

/** Connection variables of a page request. */
export function pageVariables(args: { limit?: number | undefined; cursor?: string | undefined }): {
  first: number;
  after: string | null;
} {
  return { first: args.limit ?? 20, after: args.cursor ?? null };
}

/** The next cursor of a connection page, or null on the last page. */
export function nextCursorOf(pageInfo: { hasNextPage: boolean; endCursor: string | null }): string | null {
  return pageInfo.hasNextPage ? pageInfo.endCursor : null;
}
