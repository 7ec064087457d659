/**
 * Tool `get_template`: one approved DLT template by its ID.
 */
import { dltTemplateIdSchema } from "../../gateway/send-input.js";
import { GetTemplateDocument } from "../generated/graphql.js";
import { queryTool } from "./define-tool.js";
import { templateSchema } from "./template-schema.js";

/** `get_template`. */
export const getTemplateTool = queryTool({
  name: "get_template",
  title: "Get one SMS template",
  description:
    "Returns one approved DLT template by its DLT template ID: its body with {#var#} slots and how many " +
    "variables a send must pass. Use it to build the `variables` of preview_message. Read-only.",
  inputSchema: {
    dltTemplateId: dltTemplateIdSchema.describe(
      "DLT template ID, e.g. 1507162019748109480 (see list_templates).",
    ),
  },
  outputSchema: { template: templateSchema },
  document: GetTemplateDocument,
  variables: (args) => ({ dltTemplateId: args.dltTemplateId }),
  output: (data, args) =>
    data.template
      ? { template: data.template }
      : {
          code: "NOT_FOUND",
          message: `No approved template has DLT template ID ${args.dltTemplateId}; call list_templates for the approved ones.`,
          details: {},
        },
  text: ({ template: t }) => `${t.dltTemplateId} "${t.name}" (${t.variableCount} variable(s)): ${t.body}`,
});
