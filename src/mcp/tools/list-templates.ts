/**
 * Tool `list_templates`: the account's approved DLT templates.
 */
import { z } from "zod";
import { ListTemplatesDocument } from "../generated/graphql.js";
import { queryTool } from "./define-tool.js";
import { nextCursorOf, pageInputShape, pageOutputShape, pageVariables } from "./paging.js";
import { templateSchema } from "./template-schema.js";

/** `list_templates`. */
export const listTemplatesTool = queryTool({
  name: "list_templates",
  title: "List approved SMS templates",
  description:
    "Lists the DLT templates approved for this QuickCom account. In India every SMS must use one: pick the " +
    "template whose body fits what the user wants to say, and fill each {#var#} slot through `variables` when " +
    "previewing or sending. Read-only; paginate with `cursor` = the previous result's nextCursor.",
  inputSchema: pageInputShape,
  outputSchema: {
    templates: z.array(templateSchema).describe("Approved templates on this page."),
    ...pageOutputShape,
  },
  document: ListTemplatesDocument,
  variables: pageVariables,
  output: ({ templates }) => ({
    templates: templates.edges.map((e) => e.node),
    totalCount: templates.totalCount,
    nextCursor: nextCursorOf(templates.pageInfo),
  }),
  text: (o) =>
    [
      `${o.totalCount} approved template(s)${o.nextCursor ? ` (more: cursor ${o.nextCursor})` : ""}:`,
      ...o.templates.map(
        (t) => `- ${t.dltTemplateId} "${t.name}" (${t.variableCount} variable(s)): ${t.body}`,
      ),
    ].join("\n"),
});
