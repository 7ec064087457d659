import { readFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Caller } from "../../src/gateway/context.js";
import { OPERATION_TOOLS } from "../../src/mcp/generated/tools.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { type InMemoryMcp, startInMemoryMcp } from "./helpers.js";
import {
  callStructured,
  OTP_INPUT,
  READ_TOOL_CASES,
  SEEDED_CAMPAIGN_UUID,
  textOf,
} from "./read-tool-cases.js";

const TOOL_NAMES = OPERATION_TOOLS.map((t) => t.name);
/** The paged tools with their largest page (`@pageSize` of their operations). */
const PAGED_TOOLS = OPERATION_TOOLS.flatMap((t) =>
  "pageSize" in t.settings ? [[t.name, t.settings.pageSize] as const] : [],
);

/** Required arguments of the paged tools besides `limit`. */
const PAGED_ARGS: Record<string, Record<string, unknown>> = {
  get_delivery_report: { campaignUuid: SEEDED_CAMPAIGN_UUID },
};

let mcp: InMemoryMcp;
beforeAll(async () => {
  mcp = await startInMemoryMcp();
});
afterAll(() => mcp.close());
beforeEach(() => mcp.sandbox.reset());

describe("tools/list", () => {
  it("lists one tool per documented operation with titles, descriptions and object schemas", async () => {
    const { tools } = await mcp.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(TOOL_NAMES);
    for (const tool of tools) {
      expect(tool.title, tool.name).toBeTruthy();
      expect(tool.description?.length, tool.name).toBeGreaterThan(80);
      expect(tool.inputSchema.type).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
    }
  });

  it("are the tools the README lists", () => {
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    const listed = /serves these tools over stdio[\s\S]*?\(destructive\)/.exec(readme)?.[0] ?? "";
    expect([...listed.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]).sort()).toEqual([...TOOL_NAMES].sort());
  });

  it("describes every input field", async () => {
    const { tools } = await mcp.client.listTools();
    for (const tool of tools) {
      for (const [field, schema] of Object.entries(tool.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${tool.name}.${field}`).toBeTruthy();
      }
    }
  });

  it.each(
    OPERATION_TOOLS.map((t) => {
      const mutation = t.document.definitions.some(
        (d) => d.kind === "OperationDefinition" && d.operation === "mutation",
      );
      return [t.name, !mutation, mutation ? true : undefined, mutation ? false : undefined] as const;
    }),
  )(
    "annotates %s (readOnly %s, destructive %s, idempotent %s, open world)",
    async (name, readOnly, destructive, idempotent) => {
      const { tools } = await mcp.client.listTools();
      const annotations = tools.find((t) => t.name === name)?.annotations;
      expect(annotations?.readOnlyHint).toBe(readOnly);
      expect(annotations?.destructiveHint).toBe(destructive);
      expect(annotations?.idempotentHint).toBe(idempotent);
      expect(annotations?.openWorldHint).toBe(true);
    },
  );

  it("takes pagination arguments on the list tools and a confirmation token on send_message", async () => {
    const { tools } = await mcp.client.listTools();
    const props = (name: string) =>
      Object.keys(tools.find((t) => t.name === name)?.inputSchema.properties ?? {});
    expect(props("list_campaigns")).toEqual(["limit", "cursor"]);
    expect(props("list_campaigns")).toEqual(props("list_templates"));
    expect(props("send_message").sort()).toEqual([...props("preview_message"), "confirmationToken"].sort());
    expect(tools.find((t) => t.name === "send_message")?.inputSchema.required).toEqual([
      "dltTemplateId",
      "mobileNumbers",
      "route",
    ]);
  });
});

describe("read tools against the sandbox", () => {
  it.each(READ_TOOL_CASES)("$tool returns structured content matching its schema and the seed", async (c) => {
    const { structured } = await callStructured(mcp.client, c.tool, c.args);
    c.check(structured);
  });

  it("previews without touching send-message", async () => {
    await callStructured(mcp.client, "preview_message", OTP_INPUT);
    expect(mcp.sandbox.callCount("send-message")).toBe(0);
  });

  it("pages through every campaign with nextCursor, newest first, none skipped or repeated", async () => {
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const args: Record<string, unknown> = { limit: 10, ...(cursor ? { cursor } : {}) };
      const { structured } = await callStructured(mcp.client, "list_campaigns", args);
      seen.push(...structured.campaigns.map((c: { campaignId: number }) => c.campaignId));
      cursor = structured.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBe(7);
    expect(seen).toHaveLength(64);
    expect(new Set(seen).size).toBe(64);
    expect(seen).toEqual([...seen].sort((a, b) => b - a));
  });

  it("pages through templates with nextCursor", async () => {
    const first = await callStructured(mcp.client, "list_templates", { limit: 3 });
    expect(first.structured.templates).toHaveLength(3);
    const second = await callStructured(mcp.client, "list_templates", {
      limit: 3,
      cursor: first.structured.nextCursor,
    });
    expect(second.structured.templates).toHaveLength(3);
    expect(second.structured.nextCursor).toBeNull();
  });
});

describe("errors tell the agent what to fix", () => {
  it.each([
    ["get_template", { dltTemplateId: "1507000000000000000" }, "NOT_FOUND", "list_templates"],
    ["list_campaigns", { cursor: "not-a-cursor" }, "BAD_USER_INPUT", "Fix the fields"],
    [
      "preview_message",
      { ...OTP_INPUT, variables: ["123456"] },
      "TEMPLATE_VARIABLES",
      "one value per {#var#} slot",
    ],
    ["preview_message", { ...OTP_INPUT, dltTemplateId: "1507162019748200001" }, "1011", "list_templates"],
    ["preview_message", { ...OTP_INPUT, scheduleAt: "tomorrow" }, "BAD_USER_INPUT", "Fix the fields"],
  ])("%s %j → isError %s", async (tool, args, code, hint) => {
    const result = await mcp.client.callTool({ name: tool, arguments: args });
    expect(result.isError).toBe(true);
    expect(result.structuredContent).toBeUndefined();
    const text = textOf(result);
    expect(text).toContain(`Error ${code}`);
    expect(text).toContain(hint);
    expect(text).not.toMatch(/at .*\.ts:\d+/);
  });

  it("pages get_delivery_report's recipients, list_campaigns, list_sender_ids, list_templates, list_voice_templates and list_whatsapp_templates", () => {
    expect(PAGED_TOOLS.map(([name]) => name).sort()).toEqual([
      "get_delivery_report",
      "list_campaigns",
      "list_sender_ids",
      "list_templates",
      "list_voice_templates",
      "list_whatsapp_templates",
    ]);
  });

  it.each(PAGED_TOOLS)(
    "%s answers its largest page (%d) within the query cost limit",
    async (tool, pageSize) => {
      const { structured } = await callStructured(mcp.client, tool, { limit: pageSize, ...PAGED_ARGS[tool] });
      expect(structured.totalCount ?? structured.deliveryReport.recipients.totalCount).toBeGreaterThanOrEqual(
        0,
      );
    },
  );

  it("rejects arguments that do not fit the input schema", async () => {
    const result = await mcp.client.callTool({
      name: "list_campaigns",
      arguments: { limit: 41 },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/limit/);
  });

  it("refuses reads to a caller without the read scope", async () => {
    const caller: Caller = {
      kind: "token",
      name: "sender-only",
      scopes: new Set(["send"]),
      credentials: null,
    };
    const limited = await startInMemoryMcp({ caller });
    try {
      const result = await limited.client.callTool({ name: "get_account", arguments: {} });
      expect(result.isError).toBe(true);
      expect(textOf(result)).toContain("Error FORBIDDEN");
      expect(limited.sandbox.callCount()).toBe(0);
    } finally {
      await limited.close();
    }
  });
});

describe("template resources", () => {
  it("offers the quickcom://templates/{dltTemplateId} template", async () => {
    const { resourceTemplates } = await mcp.client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual([
      "quickcom://campaigns/{uuid}/report",
      "quickcom://templates/{dltTemplateId}",
    ]);
  });

  it("lists one resource per approved template", async () => {
    const { resources } = await mcp.client.listResources();
    expect(resources).toHaveLength(6);
    expect(resources.map((r) => r.uri)).toContain(`quickcom://templates/${DEMO_TEMPLATES.otp}`);
    expect(resources.every((r) => r.mimeType === "application/json")).toBe(true);
  });

  it("reads a template as JSON", async () => {
    const uri = `quickcom://templates/${DEMO_TEMPLATES.welcome}`;
    const { contents } = await mcp.client.readResource({ uri });
    expect(contents).toHaveLength(1);
    const template = JSON.parse(String((contents[0] as { text: string }).text));
    expect(template).toMatchObject({ dltTemplateId: DEMO_TEMPLATES.welcome, variableCount: 0 });
  });

  it("refuses an unknown template", async () => {
    await expect(mcp.client.readResource({ uri: "quickcom://templates/42" })).rejects.toThrow(
      /No approved template/,
    );
  });

  it.each([
    ["150716201974810948", 6],
    ["1507162019748109483", 1],
    ["9", 0],
  ])("completes dltTemplateId %s to %i ids", async (value, count) => {
    const { completion } = await mcp.client.complete({
      ref: { type: "ref/resource", uri: "quickcom://templates/{dltTemplateId}" },
      argument: { name: "dltTemplateId", value },
    });
    expect(completion.values).toHaveLength(count);
    for (const id of completion.values) expect(id.startsWith(value)).toBe(true);
  });
});

describe("prompts", () => {
  it("lists check_delivery, send_otp and summarise_campaigns", async () => {
    const { prompts } = await mcp.client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual(["check_delivery", "send_otp", "summarise_campaigns"]);
  });

  it("send_otp walks through the OTP template and an idempotent send_otp", async () => {
    const { messages } = await mcp.client.getPrompt({
      name: "send_otp",
      arguments: { mobileNumber: "9876543210", otp: "424242" },
    });
    const text = (messages[0]?.content as { text?: string } | undefined)?.text ?? "";
    expect(text).toContain("9876543210");
    expect(text).toContain("424242");
    for (const step of [
      "list_templates",
      "variableCount is 1",
      "send_otp",
      "idempotencyKey",
      "OTP_THROTTLED",
    ]) {
      expect(text).toContain(step);
    }
  });

  it("summarise_campaigns asks for list_campaigns with the requested count", async () => {
    const { messages } = await mcp.client.getPrompt({
      name: "summarise_campaigns",
      arguments: { count: "30" },
    });
    const text = (messages[0]?.content as { text?: string } | undefined)?.text ?? "";
    expect(text).toContain("30 most recent");
    expect(text).toContain("list_campaigns");
  });
});
