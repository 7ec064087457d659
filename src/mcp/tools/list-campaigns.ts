/**
 * Tool `list_campaigns`: campaigns newest first, with delivery counts, one page at a time.
 */
import { z } from "zod";
import { ListCampaignsDocument } from "../generated/graphql.js";
import { queryTool } from "./define-tool.js";
import { nextCursorOf, pageInputShape, pageOutputShape, pageVariables } from "./paging.js";

const campaignSchema = z
  .object({
    campaignId: z.number().int().describe("QuickCom campaign ID."),
    name: z.string().describe("Campaign name."),
    senderId: z.string().describe("Sender ID the campaign went out with."),
    message: z.string().describe("Text sent."),
    totalContacts: z.number().int().describe("Number of recipients."),
    delivered: z.number().int().describe("Messages delivered so far."),
    failed: z.number().int().describe("Messages that failed."),
    stage: z.string().describe("Pending, Ready-to-complete, In-process, Completed or Stop."),
    sentAt: z.string().nullable().describe("Send time as QuickCom reports it (IST, YYYY-MM-DD HH:MM:SS)."),
  })
  .describe("One campaign with its delivery counts.");

/** `list_campaigns`. */
export const listCampaignsTool = queryTool({
  name: "list_campaigns",
  title: "List SMS campaigns",
  description:
    "Lists the account's SMS campaigns, newest first, with recipients, delivered and failed counts and stage. " +
    "Use it to report delivery, or to check whether a send whose outcome was unknown actually went out. " +
    "Read-only; to get older campaigns pass `cursor` = the previous result's nextCursor (cursors stay correct " +
    "while new campaigns are created).",
  inputSchema: pageInputShape,
  outputSchema: {
    campaigns: z.array(campaignSchema).describe("Campaigns on this page, newest first."),
    ...pageOutputShape,
  },
  document: ListCampaignsDocument,
  variables: pageVariables,
  output: ({ campaigns }) => ({
    campaigns: campaigns.edges.map((e) => e.node),
    totalCount: campaigns.totalCount,
    nextCursor: nextCursorOf(campaigns.pageInfo),
  }),
  text: (o) =>
    [
      `${o.campaigns.length} of ${o.totalCount} campaign(s)${o.nextCursor ? ` (more: cursor ${o.nextCursor})` : ""}:`,
      ...o.campaigns.map(
        (c) =>
          `- #${c.campaignId} "${c.name}" ${c.stage}: ${c.delivered}/${c.totalContacts} delivered, ${c.failed} failed`,
      ),
    ].join("\n"),
});
