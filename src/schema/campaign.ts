/**
 * `Campaign` nodes and `Query.campaigns`: cursor pagination over the newest-first upstream list that stays
 * correct while campaigns are created between page requests.
 */
import { GraphQLError } from "graphql";
import { decodeCampaignCursor, encodeCampaignCursor } from "../gateway/campaign-pager.js";
import { maskOtpCode } from "../gateway/otp-mask.js";
import type { CampaignRecord } from "../quickcom/types.js";
import { builder } from "./builder.js";
import { connectionOf } from "./connection.js";
import { connectionComplexity, pageRequest } from "./limits.js";

/** The GraphQL `Campaign` type (a campaign-list row, or a `send-report` answer with its uuid). */
export const Campaign = builder.objectRef<CampaignRecord>("Campaign");

builder.node(Campaign, {
  description: "An SMS campaign with its delivery counts.",
  isTypeOf: (value) => typeof (value as CampaignRecord)?.stage === "string",
  id: { resolve: (c) => c.id },
  loadOne: async (id, ctx) => (/^\d{1,15}$/.test(id) ? ctx.campaigns.findById(Number(id)) : null),
  fields: (t) => ({
    campaignId: t.exposeInt("id", { description: "QuickCom campaign ID." }),
    name: t.exposeString("name", { description: "Campaign name." }),
    senderId: t.exposeString("senderId", { description: "Sender ID the campaign went out with." }),
    message: t.string({
      description: "Text sent; the code of an OTP (a text of one of the account's OTP templates) is masked.",
      resolve: async (c, _args, ctx) =>
        maskOtpCode(c.message, await ctx.upstream.templates.load("self").catch(() => null)),
    }),
    totalContacts: t.exposeInt("totalContacts", { description: "Number of recipients." }),
    delivered: t.exposeInt("delivered", { description: "Messages delivered so far." }),
    failed: t.exposeInt("failed", { description: "Messages that failed." }),
    stage: t.exposeString("stage", {
      description: "Pending, Ready-to-complete, In-process, Completed or Stop.",
    }),
    sentAt: t.string({
      nullable: true,
      description: "campaign_send_date_time as QuickCom reports it (IST, `YYYY-MM-DD HH:MM:SS`).",
      resolve: (c) => c.sendDateTime ?? null,
    }),
  }),
});

builder.queryField("campaigns", (t) =>
  t.connection(
    {
      type: Campaign,
      description: "Campaigns, newest first. Cursors stay valid while new campaigns are created.",
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) => {
        const request = pageRequest(args);
        const cursor = request.cursor === null ? undefined : decodeCampaignCursor(request.cursor);
        if (cursor === null) {
          throw new GraphQLError("The cursor is not a campaign cursor.", {
            extensions: { code: "BAD_USER_INPUT" },
          });
        }
        const window =
          request.direction === "forward"
            ? await ctx.campaigns.first(request.size, cursor)
            : await ctx.campaigns.last(request.size, cursor);
        const edges = window.items.map(({ record, offset }) => ({
          cursor: encodeCampaignCursor({ id: record.id, offset }),
          node: record,
        }));
        return connectionOf(edges, window);
      },
    },
    { name: "CampaignConnection" },
    { name: "CampaignEdge" },
  ),
);
