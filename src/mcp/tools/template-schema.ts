/**
 * The zod shape of an approved DLT template, shared by `list_templates`, `get_template` and the template
 * resources.
 */
import { z } from "zod";

/** One approved DLT template as tools return it. */
export const templateSchema = z
  .object({
    dltTemplateId: z
      .string()
      .describe("DLT template ID: pass it as dltTemplateId to preview_message/send_message."),
    name: z.string().describe("Template name given at registration."),
    body: z.string().describe("Registered text; each {#var#} is a slot filled from `variables`, in order."),
    variableCount: z
      .number()
      .int()
      .describe("Number of {#var#} slots: how many `variables` a send must give."),
    unicode: z.boolean().describe("Registered as a Unicode template (e.g. Hindi text)."),
    headerId: z.string().describe("DLT header (sender) registration ID the template belongs to."),
    entityId: z.string().describe("DLT principal entity ID of the business."),
  })
  .describe("An approved DLT template.");
