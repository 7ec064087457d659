/**
 * `Template` nodes (approved DLT templates), `Query.templates` and `Query.template`.
 */
import { dltTemplateIdSchema } from "../gateway/send-input.js";
import { countTemplateVariables } from "../quickcom/domain/template.js";
import type { TemplateRecord } from "../quickcom/types.js";
import { builder } from "./builder.js";
import { keyedConnection } from "./connection.js";
import { connectionComplexity } from "./limits.js";

/** The GraphQL `Template` type. */
export const Template = builder.objectRef<TemplateRecord>("Template");

builder.node(Template, {
  description: "An approved DLT message template.",
  isTypeOf: (value) => typeof (value as TemplateRecord)?.dltTemplateId === "string",
  id: { resolve: (t) => t.dltTemplateId },
  loadOne: async (id, ctx) =>
    (await ctx.upstream.templates.load("self")).find((t) => t.dltTemplateId === id) ?? null,
  fields: (t) => ({
    dltTemplateId: t.exposeString("dltTemplateId", {
      description: "DLT template ID: pass it as dltTemplateId to a preview or send.",
    }),
    name: t.exposeString("name", { description: "Template name given at registration." }),
    entityId: t.exposeString("entityId", { description: "DLT principal entity ID of the business." }),
    headerId: t.exposeString("headerId", {
      description: "DLT header (sender) registration ID the template belongs to.",
    }),
    unicode: t.exposeBoolean("unicode", {
      description: "Registered as a Unicode template (e.g. Hindi text).",
    }),
    body: t.exposeString("body", { description: "The registered text; `{#var#}` marks each variable." }),
    variableCount: t.int({
      description: "Number of `{#var#}` slots: how many `variables` a send must give.",
      resolve: (template) => countTemplateVariables(template.body),
    }),
  }),
});

builder.queryFields((t) => ({
  templates: t.connection(
    {
      type: Template,
      description: "Approved DLT templates.",
      complexity: connectionComplexity,
      resolve: async (_root, args, ctx) =>
        keyedConnection(
          await ctx.upstream.templates.load("self"),
          args,
          "template",
          (tpl) => tpl.dltTemplateId,
        ),
    },
    { name: "TemplateConnection" },
    { name: "TemplateEdge" },
  ),
  template: t.field({
    type: Template,
    nullable: true,
    description: "One approved template by its DLT template ID, or null.",
    args: { dltTemplateId: t.arg.string({ required: true, validate: dltTemplateIdSchema }) },
    resolve: async (_root, args, ctx) =>
      (await ctx.upstream.templates.load("self")).find((tpl) => tpl.dltTemplateId === args.dltTemplateId) ??
      null,
  }),
}));
