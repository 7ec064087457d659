/**
 * Campaign delivery reports as MCP resources: `quickcom://campaigns/{uuid}/report` (read with the
 * `get_delivery_report` operation), subscribable: `resources/subscribe` joins the campaign's shared progress
 * poller and each change is announced with `notifications/resources/updated` until the campaign is complete.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import {
  ErrorCode,
  McpError,
  type ReadResourceResult,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { subscribeCampaignProgress } from "../gateway/campaign-progress.js";
import type { GatewayContext } from "../gateway/context.js";
import { campaignUuidSchema, canonicalUuid } from "../gateway/delivery-input.js";
import { GatewayError } from "../gateway/errors.js";
import type { OperationRunner } from "./execute-operation.js";
import { GetDeliveryReportDocument } from "./generated/graphql.js";
import type { RequestExtra } from "./request-env.js";
import { describeOperationError } from "./tool-errors.js";

/** URI template of a campaign's report resource. */
export const REPORT_URI_TEMPLATE = "quickcom://campaigns/{uuid}/report";

/** Recipient rows a resource read includes (the first page of get_delivery_report). */
const RECIPIENTS_PER_READ = 40;

const REPORT_URI = /^quickcom:\/\/campaigns\/([^/]+)\/report$/;

/** URI of the report resource of campaign `uuid`. */
export function reportUri(uuid: string): string {
  return `quickcom://campaigns/${encodeURIComponent(uuid)}/report`;
}

/** The campaign uuid of a report URI, or an InvalidParams error. */
function uuidOf(uri: string): string {
  const raw = REPORT_URI.exec(uri)?.[1];
  const uuid = raw === undefined ? undefined : decodeURIComponent(raw);
  if (uuid === undefined || !campaignUuidSchema.safeParse(uuid).success) {
    throw new McpError(ErrorCode.InvalidParams, `Not a campaign report URI: ${REPORT_URI_TEMPLATE}.`);
  }
  return canonicalUuid(uuid);
}

/** What {@link registerReportResources} needs from the server. */
export interface ReportResourceDeps {
  /** An operation runner for a request. */
  runnerFor: (extra: RequestExtra | undefined) => OperationRunner;
  /** A gateway context for a request (its credential's client and the shared pollers). */
  contextFor: (extra: RequestExtra) => GatewayContext;
}

/**
 * Registers the report resource template and the `resources/subscribe` / `resources/unsubscribe` handlers.
 * Returns the function ending every subscription of this server (call it when the session closes).
 */
export function registerReportResources(server: McpServer, deps: ReportResourceDeps): () => void {
  server.registerResource(
    "campaign-report",
    new ResourceTemplate(REPORT_URI_TEMPLATE, { list: undefined }),
    {
      title: "Campaign delivery report",
      description:
        "A campaign's delivery by the uuid send_message returned: counts, completed, and the first recipient rows. " +
        "Subscribe to be notified (notifications/resources/updated) while it progresses, until it is complete.",
      mimeType: "application/json",
    },
    async (uri, _variables, extra): Promise<ReadResourceResult> => {
      const campaignUuid = uuidOf(uri.href);
      const outcome = await deps.runnerFor(extra)(GetDeliveryReportDocument, {
        campaignUuid,
        first: RECIPIENTS_PER_READ,
      });
      if (!outcome.ok) {
        throw new McpError(ErrorCode.InternalError, outcome.errors.map(describeOperationError).join("\n"));
      }
      if (!outcome.data.campaign) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `No campaign with uuid ${campaignUuid} belongs to this account.`,
        );
      }
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify(outcome.data.campaign, null, 2),
          },
        ],
      };
    },
  );

  const subscriptions = new Map<string, () => void>();
  const end = (uri: string) => {
    subscriptions.get(uri)?.();
    subscriptions.delete(uri);
  };
  const notify = (uri: string) => server.server.sendResourceUpdated({ uri }).catch(() => {});
  server.server.setRequestHandler(SubscribeRequestSchema, async (request, extra) => {
    const { uri } = request.params;
    const uuid = uuidOf(uri);
    if (subscriptions.has(uri)) return {};
    const ctx = deps.contextFor(extra);
    try {
      ctx.requireScope("read");
      let initial = true;
      const unsubscribe = subscribeCampaignProgress(ctx, uuid, {
        next: () => {
          if (!initial) void notify(uri);
          initial = false;
        },
        complete: () => {
          subscriptions.delete(uri);
          void notify(uri);
        },
        error: () => {
          subscriptions.delete(uri);
          void notify(uri);
        },
      });
      subscriptions.set(uri, unsubscribe);
    } catch (error) {
      if (error instanceof GatewayError) {
        throw new McpError(ErrorCode.InvalidRequest, `Error ${error.code}: ${error.message}`);
      }
      throw error;
    }
    return {};
  });
  server.server.setRequestHandler(UnsubscribeRequestSchema, async (request) => {
    end(request.params.uri);
    return {};
  });
  return () => {
    for (const uri of [...subscriptions.keys()]) end(uri);
  };
}
