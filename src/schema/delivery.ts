/**
 * Delivery: `Query.campaign(uuid:)` with its `deliveryReport`, `Query.messageStatus`, and the
 * `Subscription.campaignProgress` pushed over SSE while a campaign is under way.
 */
import { GraphQLError } from "graphql";
import { subscribeCampaignProgress } from "../gateway/campaign-progress.js";
import {
  campaignUuidSchema,
  canonicalUuid,
  mobileNumberSchema,
  storedMobile,
} from "../gateway/delivery-input.js";
import {
  type DeliveryReportView,
  deliveryStatusOf,
  displayMobile,
  type RecipientView,
  reportFromCounters,
  reportFromSendReport,
} from "../gateway/delivery-report.js";
import { progressIterator } from "../gateway/progress-iterator.js";
import { parseIstDateTime } from "../quickcom/domain/schedule.js";
import type { CampaignRecord, CampaignReport } from "../quickcom/types.js";
import { builder } from "./builder.js";
import { Campaign } from "./campaign.js";
import { keyedConnection } from "./connection.js";
import { connectionComplexity } from "./limits.js";

/** A campaign read by uuid: the `send-report` answer with the uuid it was asked by. */
type CampaignByUuid = CampaignReport & { uuid: string };

function hasUuid(campaign: CampaignRecord): campaign is CampaignByUuid {
  return typeof (campaign as Partial<CampaignByUuid>).uuid === "string";
}

const DeliveryStatus = builder.enumType("DeliveryStatus", {
  description:
    "Where a recipient's message stands. PENDING: queued or accepted by the operator, no final report yet. " +
    "DELIVERED: the handset got it. FAILED: a final failure (undelivered, expired, rejected), and also a number " +
    "QuickCom found invalid (rawStatus INVALID) or blocked (rawStatus BLACK); rawStatus keeps the operator's word.",
  values: {
    PENDING: { description: "No final report yet (rawStatus Pending or ACCEPTED)." },
    DELIVERED: { description: "Delivered to the handset (rawStatus DELIVRD)." },
    FAILED: { description: "Not delivered and never will be, including invalid and blocked numbers." },
  } as const,
});

const RecipientStatus = builder.objectRef<RecipientView>("RecipientStatus").implement({
  description: "One recipient row of a campaign: its status and when the operator reported it.",
  fields: (t) => ({
    mobileNumber: t.string({
      description: "The number: 10 digits for a valid Indian number, as QuickCom stored it otherwise.",
      resolve: (row) => displayMobile(row.mobile),
    }),
    status: t.field({
      type: DeliveryStatus,
      description: "PENDING, DELIVERED or FAILED (invalid and blocked numbers are FAILED; see rawStatus).",
      resolve: (row) => deliveryStatusOf(row.state),
    }),
    rawStatus: t.string({
      nullable: true,
      description:
        "The DLR word as QuickCom reports it: Pending, ACCEPTED, DELIVRD, UNDELIV, EXPIRED, REJECTD, INVALID…",
      resolve: (row) => row.status,
    }),
    responseCode: t.string({
      nullable: true,
      description: "The operator's or QuickCom's response code (000, 16, XX1…); null while pending.",
      resolve: (row) => row.responseCode,
    }),
    creditsUsed: t.exposeInt("creditsUsed", { description: "Credits this recipient cost." }),
    submittedAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the operator's SMSC accepted the message; null before (and when it refused it).",
      resolve: (row) => parseIstDateTime(row.submittedAt),
    }),
    doneAt: t.field({
      type: "DateTime",
      nullable: true,
      description: "When the final report arrived; null while pending and for an invalid number.",
      resolve: (row) => parseIstDateTime(row.doneAt),
    }),
  }),
});

/** The GraphQL `DeliveryReport` type. */
export const DeliveryReport = builder.objectRef<DeliveryReportView>("DeliveryReport").implement({
  description:
    "A campaign's delivery. For a campaign read by uuid (campaign(uuid:), campaignProgress) the counts come " +
    "from the recipient rows, which are current (QuickCom's own counters lag). For a campaign of the " +
    "`campaigns` list (which has no uuid) they are the list's counters and `recipients` is empty.",
  fields: (t) => ({
    totalContacts: t.exposeInt("totalContacts", { description: "Recipients of the campaign." }),
    delivered: t.exposeInt("delivered", { description: "Delivered so far." }),
    failed: t.exposeInt("failed", {
      description: "Finally failed (undelivered, expired, rejected); invalid and blocked are counted apart.",
    }),
    blocked: t.exposeInt("blocked", { description: "Numbers QuickCom blocked (DND or block list)." }),
    invalid: t.exposeInt("invalid", { description: "Numbers QuickCom found invalid (refunded)." }),
    pending: t.exposeInt("pending", {
      description: "Without a final report yet: totalContacts - delivered - failed - blocked - invalid.",
    }),
    creditsUsed: t.exposeInt("creditsUsed", { description: "Credits the campaign cost." }),
    stage: t.exposeString("stage", {
      description:
        "QuickCom's stage: Pending, Ready-to-complete, In-process, Completed or Stop (it may lag).",
    }),
    completed: t.exposeBoolean("completed", {
      description:
        "True once no recipient is pending, or once QuickCom marks the campaign Completed or Stop: nothing changes after.",
    }),
    recipients: t.connection(
      {
        type: RecipientStatus,
        description: "The recipient rows, in QuickCom's order; `status` keeps only those with that status.",
        args: {
          status: t.arg({
            type: DeliveryStatus,
            required: false,
            description: "Only rows with this status.",
          }),
        },
        complexity: connectionComplexity,
        resolve: (report, args) =>
          keyedConnection(
            args.status
              ? report.recipients.filter((row) => deliveryStatusOf(row.state) === args.status)
              : report.recipients,
            args,
            "recipient",
            (row) => String(row.position),
          ),
      },
      { name: "RecipientStatusConnection" },
      { name: "RecipientStatusEdge" },
    ),
  }),
});

builder.objectFields(Campaign, (t) => ({
  uuid: t.string({
    nullable: true,
    description:
      "The campaign's uuid (what sendMessage returned) when it was read by uuid; null in the `campaigns` list, " +
      "which QuickCom gives without uuids.",
    resolve: (campaign) => (hasUuid(campaign) ? campaign.uuid : null),
  }),
  deliveryReport: t.field({
    type: DeliveryReport,
    description:
      "Counts and recipient rows. Read by uuid: current, from the rows. From the `campaigns` list: the list's " +
      "counters and no recipients (read campaign(uuid:) for those).",
    resolve: (campaign) =>
      hasUuid(campaign) ? reportFromSendReport(campaign) : reportFromCounters(campaign),
  }),
}));

builder.queryFields((t) => ({
  campaign: t.field({
    type: Campaign,
    nullable: true,
    description:
      "One campaign by the uuid sendMessage returned; null when it is not a campaign of these credentials.",
    args: { uuid: t.arg.string({ required: true, validate: campaignUuidSchema }) },
    resolve: async (_root, args, ctx) => {
      const uuid = canonicalUuid(args.uuid);
      const report = await ctx.upstream.campaignReads.report(uuid);
      return report ? ({ ...report, uuid } satisfies CampaignByUuid) : null;
    },
  }),
  messageStatus: t.field({
    type: [RecipientStatus],
    description:
      "The rows of one number in one campaign (several when it was sent to more than once; none when it was " +
      "not a recipient). NOT_FOUND when the uuid is not a campaign of these credentials.",
    args: {
      campaignUuid: t.arg.string({ required: true, validate: campaignUuidSchema }),
      mobileNumber: t.arg.string({ required: true, validate: mobileNumberSchema }),
    },
    resolve: async (_root, args, ctx) =>
      (
        await ctx.upstream.campaignReads.numberRows(
          canonicalUuid(args.campaignUuid),
          storedMobile(args.mobileNumber),
        )
      ).map((row, position) => ({ ...row, position })),
  }),
}));

builder.subscriptionField("campaignProgress", (t) =>
  t.field({
    type: DeliveryReport,
    description:
      "The campaign's report now and again whenever its counts change; completes once the campaign is " +
      "complete. Served over SSE (Accept: text/event-stream). One poller per campaign and credential serves " +
      "every subscriber; SUBSCRIPTION_LIMIT when the credential holds too many subscriptions.",
    args: { uuid: t.arg.string({ required: true, validate: campaignUuidSchema }) },
    subscribe: (_root, args, ctx) =>
      progressIterator((listener) => subscribeCampaignProgress(ctx, canonicalUuid(args.uuid), listener)),
    resolve: (report) => {
      if (!report) {
        throw new GraphQLError(
          "campaignProgress is a subscription: send it with Accept: text/event-stream (SSE).",
          { extensions: { code: "BAD_REQUEST" } },
        );
      }
      return report;
    },
  }),
);
