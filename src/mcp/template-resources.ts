/**
 * Approved templates as MCP resources: `quickcom://templates/{dltTemplateId}` with a list of every template
 * and completion of `dltTemplateId`. Reads run the same operations as `list_templates` / `get_template`.
 */
import { type McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { ErrorCode, McpError, type ReadResourceResult } from "@modelcontextprotocol/sdk/types.js";
import type { OperationOutcome, OperationRunner } from "./execute-operation.js";
import {
  GetTemplateDocument,
  ListTemplatesDocument,
  type ListTemplatesQuery,
  type TemplateFieldsFragment,
} from "./generated/graphql.js";
import type { RequestExtra } from "./request-env.js";
import { describeOperationError } from "./tool-errors.js";

/** URI template of a template resource. */
export const TEMPLATE_URI_TEMPLATE = "quickcom://templates/{dltTemplateId}";

/** Pages fetched at most when listing (4,000 templates; accounts have a handful). */
const MAX_PAGES = 100;

/** Templates per page when listing (the largest page the operation's cost limit allows). */
const PAGE_SIZE = 40;

/** URI of the resource of one template. */
export function templateUri(dltTemplateId: string): string {
  return `quickcom://templates/${encodeURIComponent(dltTemplateId)}`;
}

async function allTemplates(run: OperationRunner): Promise<TemplateFieldsFragment[]> {
  const templates: TemplateFieldsFragment[] = [];
  let after: string | null = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const outcome: OperationOutcome<ListTemplatesQuery> = await run(ListTemplatesDocument, {
      first: PAGE_SIZE,
      after,
    });
    if (!outcome.ok)
      throw new McpError(ErrorCode.InternalError, outcome.errors.map(describeOperationError).join("\n"));
    const connection: ListTemplatesQuery["templates"] = outcome.data.templates;
    templates.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage || !connection.pageInfo.endCursor) break;
    after = connection.pageInfo.endCursor;
  }
  return templates;
}

/** Registers the template resources; `runnerFor` gives an operation runner for a request (or the latest one). */
export function registerTemplateResources(
  server: McpServer,
  runnerFor: (extra: RequestExtra | undefined) => OperationRunner,
): void {
  const template = new ResourceTemplate(TEMPLATE_URI_TEMPLATE, {
    list: async (extra) => ({
      resources: (await allTemplates(runnerFor(extra))).map((t) => ({
        uri: templateUri(t.dltTemplateId),
        name: t.name,
        title: `${t.name} (${t.dltTemplateId})`,
        description: t.body,
        mimeType: "application/json",
      })),
    }),
    complete: {
      dltTemplateId: async (value) => {
        const templates = await allTemplates(runnerFor(undefined)).catch(() => []);
        return templates.map((t) => t.dltTemplateId).filter((id) => id.startsWith(value));
      },
    },
  });
  server.registerResource(
    "template",
    template,
    {
      title: "Approved DLT SMS template",
      description:
        "An approved DLT template of the account: body with {#var#} slots, variable count, header and entity.",
      mimeType: "application/json",
    },
    async (uri, variables, extra): Promise<ReadResourceResult> => {
      const raw = variables.dltTemplateId;
      const dltTemplateId = decodeURIComponent(Array.isArray(raw) ? (raw[0] ?? "") : (raw ?? ""));
      const outcome = await runnerFor(extra)(GetTemplateDocument, { dltTemplateId });
      if (!outcome.ok)
        throw new McpError(ErrorCode.InternalError, outcome.errors.map(describeOperationError).join("\n"));
      if (!outcome.data.template) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `No approved template has DLT template ID ${dltTemplateId}.`,
        );
      }
      return {
        contents: [
          {
            uri: uri.href,
            mimeType: "application/json",
            text: JSON.stringify(outcome.data.template, null, 2),
          },
        ],
      };
    },
  );
}
