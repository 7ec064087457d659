/**
 * Builds the MCP server: the tools of the generated registry, the template and (subscribable) campaign report
 * resources and the prompts, each tool call running its GraphQL operations in-process in a gateway context
 * built for that request (transport "mcp").
 */
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { createExecutionCore, type ExecutionCore } from "../execution/core.js";
import { type ContextServices, createGatewayContext } from "../gateway/context.js";
import type { SendProgress } from "../gateway/send-types.js";
import { executeOperation, type OperationRunner } from "./execute-operation.js";
import { registerPrompts } from "./prompts.js";
import { registerReportResources } from "./report-resources.js";
import type { RequestEnvResolver, RequestExtra } from "./request-env.js";
import { registerTemplateResources } from "./template-resources.js";
import { toolErrorResult } from "./tool-errors.js";
import { ALL_TOOLS, TOOL_NAMES } from "./tools/all-tools.js";
import type { ConfirmationAnswer, ToolRuntime } from "./tools/define-tool.js";

/** Name and version the server reports in `initialize`. */
export const SERVER_INFO = { name: "quickcom-gateway", version: "0.1.0" } as const;

/** How long the human may take to answer a send confirmation (below the 5-minute token lifetime). */
export const CONFIRMATION_TIMEOUT_MS = 4 * 60_000;

const INSTRUCTIONS =
  "QuickCom SMS gateway for India (every SMS uses an approved DLT template). Reading is safe: " +
  `${TOOL_NAMES.readOnly.join(", ")}. Sending spends money (${TOOL_NAMES.spending.join(", ")}): call ` +
  "preview_message, show the user the rendered text, recipients and credits, and only after they agree send " +
  "with the same input, the preview's confirmationToken and an idempotencyKey (reuse the key when retrying).";

/** Options of {@link createMcpServer}. */
export interface McpServerOptions {
  /** The gateway's shared services. */
  services: ContextServices;
  /** Caller, request id and header credentials of one request. */
  requestEnv: RequestEnvResolver;
  /** Session id for the audit actor (`mcp:<id>`) when the transport has none (stdio, in-memory). */
  sessionId: string;
  /** Receives unexpected errors (already hidden from the client). */
  onUnexpectedError?: (error: unknown) => void;
  /** Runs the tools' operations (default: a core of its own reporting to `onUnexpectedError`). */
  execution?: ExecutionCore;
  /** Called once per finished tool call (request metrics). */
  onToolCall?: (e: { tool: string; outcome: "ok" | "error"; durationMs: number }) => void;
}

function progressForwarder(extra: RequestExtra): ((progress: SendProgress) => void) | undefined {
  const progressToken = extra._meta?.progressToken;
  if (progressToken === undefined) return undefined;
  return (p) => {
    extra
      .sendNotification({
        method: "notifications/progress",
        params: {
          progressToken,
          progress: p.chunk,
          total: p.chunks,
          message: `${p.sentRecipients} of ${p.totalRecipients} recipient(s) sent`,
        },
      })
      .catch(() => {});
  };
}

/** Builds an MCP server over the gateway. Connect it to any transport. */
export function createMcpServer(options: McpServerOptions): McpServer {
  const { services } = options;
  const onUnexpected = options.onUnexpectedError ?? (() => {});
  const execution = options.execution ?? createExecutionCore({ onUnexpectedError: onUnexpected });
  const server = new McpServer(SERVER_INFO, {
    capabilities: { tools: {}, resources: { subscribe: true }, prompts: {}, completions: {} },
    instructions: INSTRUCTIONS,
  });

  const runnerFor = (extra: RequestExtra | undefined, env = options.requestEnv(extra)): OperationRunner => {
    const context = {
      ...env,
      transport: "mcp" as const,
      actor: `mcp:${extra?.sessionId ?? options.sessionId}`,
      onProgress: extra ? progressForwarder(extra) : undefined,
    };
    return (document, variables, run) =>
      executeOperation(
        execution,
        createGatewayContext(services, { ...context, askHuman: run?.askHuman }),
        document,
        variables,
      );
  };

  const runtimeFor = (extra: RequestExtra, env: ReturnType<typeof options.requestEnv>): ToolRuntime => ({
    run: runnerFor(extra, env),
    canElicit: Boolean(server.server.getClientCapabilities()?.elicitation?.form),
    confirmationRequired: services.mcpSendConfirmation,
    async confirm(message): Promise<ConfirmationAnswer> {
      const answer = await server.server.elicitInput(
        {
          mode: "form",
          message,
          requestedSchema: {
            type: "object",
            properties: {
              confirm: {
                type: "boolean",
                title: "Send this SMS",
                description: "Leave ticked and accept to send now and spend the credits.",
                default: true,
              },
            },
          },
        },
        { relatedRequestId: extra.requestId, signal: extra.signal, timeout: CONFIRMATION_TIMEOUT_MS },
      );
      if (answer.action !== "accept") return answer.action;
      return answer.content?.confirm === false ? "decline" : "accept";
    },
  });

  for (const tool of ALL_TOOLS) {
    server.registerTool(
      tool.name,
      {
        title: tool.title,
        description: tool.description,
        inputSchema: tool.inputSchema,
        outputSchema: tool.outputSchema,
        annotations: { title: tool.title, ...tool.annotations },
      },
      async (args: Record<string, unknown>, extra: RequestExtra): Promise<CallToolResult> => {
        const started = performance.now();
        const env = options.requestEnv(extra);
        let result: CallToolResult;
        try {
          result = await tool.handler(args, runtimeFor(extra, env));
        } catch (error) {
          onUnexpected(error);
          result = toolErrorResult([
            { code: "INTERNAL_SERVER_ERROR", message: "Unexpected error.", details: {} },
          ]);
        }
        options.onToolCall?.({
          tool: tool.name,
          outcome: result.isError ? "error" : "ok",
          durationMs: performance.now() - started,
        });
        // The gateway's request id (the x-request-id of the HTTP request), to match the result with logs and audit.
        return { ...result, _meta: { ...result._meta, requestId: env.requestId } };
      },
    );
  }
  registerTemplateResources(server, runnerFor);
  const endReportSubscriptions = registerReportResources(server, {
    runnerFor,
    contextFor: (extra) =>
      createGatewayContext(services, {
        ...options.requestEnv(extra),
        transport: "mcp",
        actor: `mcp:${extra.sessionId ?? options.sessionId}`,
      }),
  });
  const previousOnClose = server.server.onclose;
  server.server.onclose = () => {
    endReportSubscriptions();
    previousOnClose?.();
  };
  registerPrompts(server);
  return server;
}
