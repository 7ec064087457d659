/**
 * Every MCP tool of the gateway, in the order clients list them.
 */
import type { ToolDefinition } from "./define-tool.js";
import { getAccountTool } from "./get-account.js";
import { getTemplateTool } from "./get-template.js";
import { listCampaignsTool } from "./list-campaigns.js";
import { listSenderIdsTool } from "./list-sender-ids.js";
import { listTemplatesTool } from "./list-templates.js";
import { previewMessageTool } from "./preview-message.js";
import { sendMessageTool } from "./send-message.js";

/** The seven tools. */
export const ALL_TOOLS = [
  getAccountTool,
  listSenderIdsTool,
  listTemplatesTool,
  getTemplateTool,
  listCampaignsTool,
  previewMessageTool,
  sendMessageTool,
] as unknown as readonly ToolDefinition[];
