/**
 * `Query.sendAudit`: the audit trail of send attempts, newest first, for tokens with the `audit` scope.
 */
import { GraphQLError } from "graphql";
import type { AuditEntry } from "../gateway/audit.js";
import { builder } from "./builder.js";
import { connectionOf } from "./connection.js";
import { connectionComplexity, DEFAULT_PAGE_SIZE, pageRequest } from "./limits.js";

const SendAuditEntry = builder.objectRef<AuditEntry>("SendAuditEntry").implement({
  description: "One send attempt. Holds no secret.",
  fields: (t) => ({
    sequence: t.exposeInt("id"),
    at: t.exposeString("at"),
    actor: t.exposeString("actor", { description: "token:<name>, mcp:<session> or anonymous." }),
    transport: t.exposeString("transport"),
    credential: t.exposeString("credential", {
      description: "One-way key of the QuickCom credentials used.",
    }),
    requestId: t.exposeString("requestId"),
    dltTemplateId: t.exposeString("dltTemplateId"),
    route: t.exposeString("route"),
    recipients: t.exposeInt("recipients"),
    estimatedCredits: t.exposeInt("estimatedCredits"),
    creditsDeducted: t.exposeInt("creditsDeducted"),
    outcome: t.exposeString("outcome", {
      description: "SENT, PARTIAL, FAILED, UNKNOWN, REFUSED or REPLAYED.",
    }),
    code: t.exposeString("code", { nullable: true }),
    idempotencyKey: t.exposeString("idempotencyKey", { nullable: true }),
    campaignUuids: t.exposeStringList("campaignUuids"),
    otpCodeDigest: t.string({
      nullable: true,
      description: "OTP sends (sendOtp): a keyed digest (HMAC) of the code; the code itself is never kept.",
      resolve: (entry) => entry.otpCodeDigest ?? null,
    }),
  }),
});

const cursorOf = (id: number) => Buffer.from(`audit:${id}`).toString("base64url");

builder.queryField("sendAudit", (t) =>
  t.connection(
    {
      type: SendAuditEntry,
      description: "Send attempts, newest first. Needs a token with the `audit` scope.",
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) => {
        ctx.requireScope("audit");
        const request = pageRequest({ first: args.first ?? DEFAULT_PAGE_SIZE, after: args.after });
        let before: number | undefined;
        if (request.cursor) {
          const match = /^audit:(\d+)$/.exec(Buffer.from(request.cursor, "base64url").toString("utf8"));
          if (!match)
            throw new GraphQLError("Not an audit cursor.", { extensions: { code: "BAD_USER_INPUT" } });
          before = Number(match[1]);
        }
        const page = await ctx.audit.list({ first: request.size, before });
        const edges = page.entries.map((entry) => ({ cursor: cursorOf(entry.id), node: entry }));
        return connectionOf(edges, {
          hasNextPage: page.hasNextPage,
          hasPreviousPage: before !== undefined,
          totalCount: page.totalCount,
        });
      },
    },
    { name: "SendAuditConnection" },
    { name: "SendAuditEdge" },
  ),
);
