/**
 * Table of read-tool calls and what their structured content must say against the sandbox seed; shared by
 * the in-memory and the HTTP tests so both transports prove the same thing.
 */
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { expect } from "vitest";
import { z } from "zod";
import { ALL_TOOLS } from "../../src/mcp/tools/all-tools.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES, TEMPLATE_TEXTS } from "../../src/sandbox/seed.js";

/** One read-tool call and its checks. */
export interface ReadToolCase {
  tool: string;
  args: Record<string, unknown>;
  check(structured: any): void;
}

/** An OTP preview input for the demo account. */
export const OTP_INPUT = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210"],
  route: "OTP",
  variables: ["123456", "10"],
} as const;

/** A seeded, completed campaign of the demo account (seeded campaigns have no recipient rows). */
export const SEEDED_CAMPAIGN_UUID = "0d8cbde0-f5cd-11ef-993e-000001234501";

/** Every read-only tool with arguments and the facts of the seed it must return. */
export const READ_TOOL_CASES: ReadToolCase[] = [
  {
    tool: "get_delivery_report",
    args: { campaignUuid: SEEDED_CAMPAIGN_UUID },
    check: (s) => {
      expect(s.uuid).toBe(SEEDED_CAMPAIGN_UUID);
      expect(s.deliveryReport).toMatchObject({ completed: true, stage: "Completed", pending: 0 });
      expect(s.deliveryReport.recipients).toEqual({ nodes: [], totalCount: 0, nextCursor: null });
    },
  },
  {
    tool: "get_message_status",
    args: { campaignUuid: SEEDED_CAMPAIGN_UUID, mobileNumber: "9876543210" },
    check: (s) => expect(s).toEqual({ messageStatus: [] }),
  },
  {
    tool: "get_account",
    args: {},
    check: (s) => {
      expect(s.account).toMatchObject({
        name: DEMO_ACCOUNT.name,
        userNumber: DEMO_ACCOUNT.userNumber,
        active: true,
      });
      expect(s.account.balance).toMatchObject({
        transactional: 114830,
        promotional: 50000,
        whatsappCredit: 250.5,
      });
    },
  },
  {
    tool: "list_sender_ids",
    args: {},
    check: (s) => expect(s).toEqual({ senderIds: ["QCOMM", "ALERTS"], totalCount: 2, nextCursor: null }),
  },
  {
    tool: "list_templates",
    args: { limit: 40 },
    check: (s) => {
      expect(s.totalCount).toBe(6);
      expect(s.nextCursor).toBeNull();
      const ids = s.templates.map((t: { dltTemplateId: string }) => t.dltTemplateId);
      expect(ids).toContain(DEMO_TEMPLATES.otp);
      expect(ids).not.toContain(DEMO_TEMPLATES.inactive);
    },
  },
  {
    tool: "get_template",
    args: { dltTemplateId: DEMO_TEMPLATES.appointment },
    check: (s) =>
      expect(s.template).toMatchObject({
        dltTemplateId: DEMO_TEMPLATES.appointment,
        body: TEMPLATE_TEXTS[DEMO_TEMPLATES.appointment],
        variableCount: 4,
        unicode: false,
      }),
  },
  {
    tool: "list_campaigns",
    args: { limit: 5 },
    check: (s) => {
      expect(s.totalCount).toBe(64);
      expect(s.campaigns).toHaveLength(5);
      expect(typeof s.nextCursor).toBe("string");
      const ids = s.campaigns.map((c: { campaignId: number }) => c.campaignId);
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    },
  },
  {
    tool: "list_voice_templates",
    args: { limit: 40 },
    check: (s) => {
      expect(s.totalCount).toBe(6);
      expect(s.nextCursor).toBeNull();
      const usable = s.voiceTemplates.filter((f: { usable: boolean }) => f.usable);
      expect(usable.map((f: { voiceId: string }) => f.voiceId)).toEqual([
        "QCV1001",
        "QCV1002",
        "QCV1003",
        "QCV1004",
      ]);
    },
  },
  {
    tool: "preview_message",
    args: OTP_INPUT,
    check: (s) => {
      expect(s).toMatchObject({
        message: "Your OTP is 123456. Valid for 10 minutes.",
        encoding: "GSM_7",
        segments: 1,
        validNumbers: ["9876543210"],
        estimatedCredits: 1,
        sufficientBalance: true,
        template: { dltTemplateId: DEMO_TEMPLATES.otp },
      });
      expect(s.confirmationToken).toMatch(
        /^\d{13,15}\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}$/,
      );
    },
  },
];

/** Calls `tool` and checks the result against the tool's own output schema (strict at the top level). */
export async function callStructured(client: Client, tool: string, args: Record<string, unknown>) {
  const result = await client.callTool({ name: tool, arguments: args });
  expect(result.isError, JSON.stringify(result.content)).toBeFalsy();
  const definition = ALL_TOOLS.find((t) => t.name === tool);
  if (!definition) throw new Error(`no tool ${tool}`);
  const structured: any = z.strictObject(definition.outputSchema).parse(result.structuredContent);
  const text = (result.content as { type: string; text?: string }[])[0];
  expect(text?.type).toBe("text");
  expect(text?.text?.length).toBeGreaterThan(0);
  return { result, structured };
}

/** The text of a tool result. */
export function textOf(result: unknown): string {
  const content = (result as { content?: { text?: string }[] }).content ?? [];
  return content.map((c) => c.text ?? "").join("\n");
}
