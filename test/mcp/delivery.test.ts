/**
 * Delivery over MCP against the sandbox: get_delivery_report and get_message_status follow the DLRs, refuse bad
 * input without an upstream call and another account's uuid; the report resource notifies subscribers while
 * the campaign progresses; send_message tells the assistant how to follow up.
 */
import {
  ReadResourceResultSchema,
  ResourceUpdatedNotificationSchema,
} from "@modelcontextprotocol/sdk/types.js";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES, SECOND_ACCOUNT, SECOND_TEMPLATES } from "../../src/sandbox/seed.js";
import { DELIVERY_TEST_NUMBERS } from "../../src/sandbox/server.js";
import { type InMemoryMcp, startInMemoryMcp } from "./helpers.js";
import { callStructured, textOf } from "./read-tool-cases.js";

const FATES = Object.values(DELIVERY_TEST_NUMBERS);

let mcp: InMemoryMcp;
beforeAll(async () => {
  mcp = await startInMemoryMcp({ config: { progressPollMs: { min: 20, max: 40 } } });
});
afterAll(() => mcp.close());
beforeEach(() => mcp.sandbox.reset());

/** Sends straight to the sandbox (an MCP send needs a confirmation round trip this file is not about). */
async function sendDirect(account = DEMO_ACCOUNT, numbers = FATES): Promise<string> {
  const client = new QuickcomClient({ baseUrl: mcp.sandbox.url, credentials: account });
  const own = account === DEMO_ACCOUNT;
  const sent = await client.sendMessage({
    dltTemplateId: own ? DEMO_TEMPLATES.otp : SECOND_TEMPLATES.shipping,
    mobileNumbers: numbers,
    route: own ? 0 : 1,
    variables: own ? ["482913", "10"] : ["Ravi", "AC1"],
    message: "unused",
  });
  return sent.data.uuid;
}

function resourceText(result: unknown): string {
  const content = ReadResourceResultSchema.parse(result).contents[0];
  return content && "text" in content ? content.text : "";
}

async function until(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("get_delivery_report and get_message_status", () => {
  it("follow the sandbox's DLRs", async () => {
    const campaignUuid = await sendDirect();
    const fresh = await callStructured(mcp.client, "get_delivery_report", { campaignUuid });
    expect(fresh.structured.deliveryReport).toMatchObject({ totalContacts: 5, pending: 5, completed: false });
    mcp.sandbox.advanceClock(15_000);
    const done = await callStructured(mcp.client, "get_delivery_report", {
      campaignUuid,
      status: "FAILED",
      limit: 2,
    });
    expect(done.structured.deliveryReport).toMatchObject({
      delivered: 1,
      failed: 4,
      pending: 0,
      completed: true,
    });
    const page = done.structured.deliveryReport.recipients;
    expect(page.totalCount).toBe(4);
    expect(page.nodes).toHaveLength(2);
    expect(page.nodes.every((n: { status: string }) => n.status === "FAILED")).toBe(true);
    const next = await callStructured(mcp.client, "get_delivery_report", {
      campaignUuid,
      status: "FAILED",
      limit: 2,
      cursor: page.nextCursor,
    });
    expect(next.structured.deliveryReport.recipients.nextCursor).toBeNull();
    const status = await callStructured(mcp.client, "get_message_status", {
      campaignUuid,
      mobileNumber: `+91${DELIVERY_TEST_NUMBERS.delivered}`,
    });
    expect(status.structured.messageStatus).toMatchObject([
      { mobileNumber: DELIVERY_TEST_NUMBERS.delivered, status: "DELIVERED", rawStatus: "DELIVRD" },
    ]);
  });

  it.each([
    ["get_delivery_report", { campaignUuid: "not-a-uuid" }],
    ["get_message_status", { campaignUuid: "0d8cbde0-f5cd-11ef-993e-000001234501", mobileNumber: "12345" }],
  ])("%s refuses malformed input without an upstream call", async (name, args) => {
    const result = await mcp.client.callTool({ name, arguments: args });
    expect(result.isError).toBe(true);
    expect(mcp.sandbox.callCount()).toBe(0);
  });

  it("answers NOT_FOUND for another account's campaign", async () => {
    const campaignUuid = await sendDirect(SECOND_ACCOUNT, [FATES[0] as string]);
    const report = await mcp.client.callTool({ name: "get_delivery_report", arguments: { campaignUuid } });
    expect(report.isError).toBe(true);
    expect(textOf(report)).toContain("NOT_FOUND");
    const status = await mcp.client.callTool({
      name: "get_message_status",
      arguments: { campaignUuid, mobileNumber: FATES[0] },
    });
    expect(textOf(status)).toContain("NOT_FOUND");
  });
});

describe("the campaign report resource", () => {
  it("reads the report and notifies subscribers until the campaign is complete", async () => {
    const campaignUuid = await sendDirect();
    const uri = `quickcom://campaigns/${campaignUuid}/report`;
    const read = await mcp.client.readResource({ uri });
    expect(resourceText(read)).toContain('"pending": 5');

    const updates: string[] = [];
    mcp.client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updates.push(n.params.uri);
    });
    await mcp.client.subscribeResource({ uri });
    await new Promise((resolve) => setTimeout(resolve, 60));
    mcp.sandbox.advanceClock(3_000);
    await until(() => updates.length >= 1);
    mcp.sandbox.advanceClock(15_000);
    await until(() => updates.length >= 2);
    expect(new Set(updates)).toEqual(new Set([uri]));
    const done = await mcp.client.readResource({ uri });
    expect(resourceText(done)).toContain('"completed": true');
    const calls = mcp.sandbox.callCount("send-report");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mcp.sandbox.callCount("send-report")).toBe(calls);
  });

  it("stops polling on unsubscribe", async () => {
    const campaignUuid = await sendDirect();
    const uri = `quickcom://campaigns/${campaignUuid}/report`;
    await mcp.client.subscribeResource({ uri });
    await until(() => mcp.sandbox.callCount("send-report") > 0);
    await mcp.client.unsubscribeResource({ uri });
    const calls = mcp.sandbox.callCount("send-report");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mcp.sandbox.callCount("send-report")).toBe(calls);
  });

  it("stops polling when the session closes", async () => {
    const other = await startInMemoryMcp({ config: { progressPollMs: { min: 20, max: 40 } } });
    try {
      const client = new QuickcomClient({ baseUrl: other.sandbox.url, credentials: DEMO_ACCOUNT });
      const sent = await client.sendMessage({
        dltTemplateId: DEMO_TEMPLATES.otp,
        mobileNumbers: FATES,
        route: 0,
        variables: ["482913", "10"],
        message: "unused",
      });
      await other.client.subscribeResource({ uri: `quickcom://campaigns/${sent.data.uuid}/report` });
      await until(() => other.sandbox.callCount("send-report") > 0);
      await other.client.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const calls = other.sandbox.callCount("send-report");
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(other.sandbox.callCount("send-report")).toBe(calls);
    } finally {
      await other.close();
    }
  });

  it("refuses a URI that holds no campaign uuid", async () => {
    await expect(mcp.client.subscribeResource({ uri: "quickcom://campaigns/nope/report" })).rejects.toThrow(
      /campaign report URI/,
    );
    expect(mcp.sandbox.callCount()).toBe(0);
  });
});

describe("send_message", () => {
  it("tells the assistant to follow up with get_delivery_report", async () => {
    const open = await startInMemoryMcp({ env: { MCP_SEND_CONFIRMATION: "off" } });
    try {
      const result = await open.client.callTool({
        name: "send_message",
        arguments: {
          dltTemplateId: DEMO_TEMPLATES.otp,
          mobileNumbers: [FATES[0]],
          route: "OTP",
          variables: ["482913", "10"],
          idempotencyKey: "follow-up-1",
        },
      });
      expect(result.isError).toBeFalsy();
      expect(textOf(result)).toMatch(/Next: .*get_delivery_report with campaignUuid = campaign\.uuid/);
      const [json] = result.content as { text: string }[];
      expect(JSON.parse(json?.text ?? "")).toEqual(result.structuredContent);
    } finally {
      await open.close();
    }
  });
});
