/**
 * Tool `list_sender_ids`: the account's approved sender IDs (DLT headers).
 */
import { z } from "zod";
import { ListSenderIdsDocument } from "../generated/graphql.js";
import { queryTool } from "./define-tool.js";
import { nextCursorOf, pageInputShape, pageOutputShape, pageVariables } from "./paging.js";

/** `list_sender_ids`. */
export const listSenderIdsTool = queryTool({
  name: "list_sender_ids",
  title: "List approved sender IDs",
  description:
    "Lists the sender IDs (6-character DLT headers such as QCOMM) approved for this QuickCom account. Each " +
    "approved template is tied to one of them; recipients see it as the sender of the SMS. Read-only; paginate " +
    "with `cursor` = the previous result's nextCursor.",
  inputSchema: pageInputShape,
  outputSchema: {
    senderIds: z.array(z.string()).describe("Approved sender IDs on this page."),
    ...pageOutputShape,
  },
  document: ListSenderIdsDocument,
  variables: pageVariables,
  output: ({ senderIds }) => ({
    senderIds: senderIds.edges.map((e) => e.node.name),
    totalCount: senderIds.totalCount,
    nextCursor: nextCursorOf(senderIds.pageInfo),
  }),
  text: (o) =>
    `${o.totalCount} approved sender ID(s): ${o.senderIds.join(", ") || "none"}` +
    (o.nextCursor ? ` (more: cursor ${o.nextCursor})` : ""),
});
