/**
 * WhatsApp reads over GraphQL and MCP against the sandbox: whatsappTemplates with their variables and media,
 * one upstream call however the query is shaped, Relay node lookup; whatsappReport of a send, null for another
 * account's token or an unknown one, bad tokens refused without an upstream call.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import { DEMO_WA_SENDER, DEMO_WA_TEMPLATES, SECOND_WA_SENDER } from "../../src/sandbox/channel-seed.js";
import { DEMO_ACCOUNT, SECOND_ACCOUNT } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf } from "../support/send.js";

const TEMPLATES = `query ($first: Int, $after: String) { whatsappTemplates(first: $first, after: $after) {
  totalCount edges { cursor node { id name category language status templateType mediaType requiresMedia
    headerText headerVariables body bodyVariables variableCount parameterFormat footerText unsendableReason } }
  pageInfo { hasNextPage endCursor } } }`;

const REPORT = `query ($token: String!) { whatsappReport(token: $token) {
  token campaignName sentAt totalContacts creditsUsed
  recipients { mobileNumber status error submittedAt sentAt deliveredAt readAt } } }`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ mcp: true });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

async function sendDirect(account = DEMO_ACCOUNT): Promise<string> {
  const client = new QuickcomClient({ baseUrl: gw.sandbox.url, credentials: account });
  const own = account === DEMO_ACCOUNT;
  const row = gw.sandbox.state.accounts.find((a) => a.appKey === account.appKey);
  if (row && !own) row.whatsappCredit = "10.0000";
  const sent = await client.sendWhatsApp({
    to: "919876543210",
    from: own ? DEMO_WA_SENDER : SECOND_WA_SENDER,
    templateName: own ? DEMO_WA_TEMPLATES.orderUpdate : "acme_welcome",
    bodyParameters: own ? ["Asha", "QC10442"] : ["Ravi"],
  });
  return sent.data.uuid ?? "";
}

describe("whatsappTemplates", () => {
  it("lists the account's templates with their variables and media, in one upstream call", async () => {
    const { body } = await gw.gql<{ whatsappTemplates: any }>(TEMPLATES, { first: 40 });
    expect(body.errors).toBeUndefined();
    const connection = body.data?.whatsappTemplates;
    const byName = new Map<string, any>(connection.edges.map((e: any) => [e.node.name, e.node]));
    expect(connection.totalCount).toBe(8);
    expect(byName.has("acme_welcome")).toBe(false);
    expect(byName.get(DEMO_WA_TEMPLATES.orderUpdate)).toMatchObject({
      category: "UTILITY",
      language: "en",
      status: "APPROVED",
      templateType: "TEXT",
      mediaType: null,
      requiresMedia: false,
      bodyVariables: ["1", "2"],
      variableCount: 2,
      headerVariables: [],
      parameterFormat: "POSITIONAL",
      footerText: "QuickCom Demo",
    });
    expect(byName.get(DEMO_WA_TEMPLATES.festiveOffer)).toMatchObject({
      category: "MARKETING",
      templateType: "MEDIA",
      mediaType: "image",
      requiresMedia: true,
      headerVariables: [],
    });
    expect(byName.get(DEMO_WA_TEMPLATES.invoice)).toMatchObject({ mediaType: "document", variableCount: 1 });
    expect(byName.get(DEMO_WA_TEMPLATES.appointment)).toMatchObject({
      headerText: "Hello {{name}}",
      headerVariables: ["name"],
      bodyVariables: ["date", "time"],
      parameterFormat: "NAMED",
    });
    expect(byName.get(DEMO_WA_TEMPLATES.draftPromo)).toMatchObject({ status: "PENDING" });
    expect(byName.get(DEMO_WA_TEMPLATES.draftPromo).unsendableReason).toContain("not APPROVED");
    expect(byName.get(DEMO_WA_TEMPLATES.storeLocation).unsendableReason).toMatch(
      /^template store_location has a location header/,
    );
    expect(byName.get(DEMO_WA_TEMPLATES.appointment).unsendableReason).toBeNull();
    expect(gw.sandbox.callCount("get-wa-templates")).toBe(1);
  });

  it("pages with opaque cursors and answers aliases and node() from the same one call", async () => {
    const first = await gw.gql<{ whatsappTemplates: any }>(TEMPLATES, { first: 3 });
    const page1 = first.body.data?.whatsappTemplates;
    expect(page1.edges).toHaveLength(3);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gw.gql<{ whatsappTemplates: any }>(TEMPLATES, {
      first: 40,
      after: page1.pageInfo.endCursor,
    });
    const rest = second.body.data?.whatsappTemplates.edges ?? [];
    const names = [...page1.edges, ...rest].map((e: any) => e.node.name);
    expect(new Set(names).size).toBe(8);
    gw.sandbox.reset();
    const id = page1.edges[0].node.id;
    const { body } = await gw.gql<any>(
      `query ($id: ID!) { a: whatsappTemplates(first: 2) { totalCount } b: whatsappTemplates(first: 5) {
        edges { node { name } } } node(id: $id) { ... on WhatsAppTemplate { name } } }`,
      { id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.node.name).toBe(page1.edges[0].node.name);
    expect(gw.sandbox.callCount("get-wa-templates")).toBe(1);
  });
});

describe("whatsappReport", () => {
  it("reports a send by its token: credit, recipient and Meta's status", async () => {
    const token = await sendDirect();
    const { body } = await gw.gql<{ whatsappReport: any }>(REPORT, { token: ` ${token.toUpperCase()} ` });
    expect(body.errors).toBeUndefined();
    expect(body.data?.whatsappReport).toMatchObject({
      token,
      campaignName: "API",
      totalContacts: 1,
      creditsUsed: 0.125,
      recipients: [{ mobileNumber: "9876543210", status: "accepted", error: null, readAt: null }],
    });
    expect(body.data?.whatsappReport.sentAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it("is null for another account's token and for an unknown one", async () => {
    const theirs = await sendDirect(SECOND_ACCOUNT);
    const other = await gw.gql<{ whatsappReport: unknown }>(REPORT, { token: theirs });
    expect(other.body.errors).toBeUndefined();
    expect(other.body.data?.whatsappReport).toBeNull();
    const mine = await gw.gql<{ whatsappReport: any }>(REPORT, { token: theirs }, headersOf(SECOND_ACCOUNT));
    expect(mine.body.data?.whatsappReport.creditsUsed).toBe(0.125);
    const unknown = await gw.gql(REPORT, { token: "0d8cbde0-f5cd-11ef-993e-000001234501" });
    expect(unknown.body.data?.whatsappReport).toBeNull();
  });

  it.each(["", "0", "not-a-token", "0d8cbde0-f5cd-11ef-993e-00000123450", `${"a".repeat(70)}`])(
    "refuses token %j without an upstream call",
    async (token) => {
      const { body } = await gw.gql(REPORT, { token });
      expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
      expect(gw.sandbox.callCount()).toBe(0);
    },
  );
});

describe("MCP", () => {
  it("derives list_whatsapp_templates and get_whatsapp_report as read-only tools", async () => {
    const client = await gw.connectMcp();
    try {
      const { tools } = await client.listTools();
      for (const name of ["list_whatsapp_templates", "get_whatsapp_report"]) {
        const tool = tools.find((t) => t.name === name);
        expect(tool?.annotations?.readOnlyHint, name).toBe(true);
      }
      const listed = (await client.callTool({
        name: "list_whatsapp_templates",
        arguments: { limit: 2 },
      })) as any;
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent.whatsappTemplates).toHaveLength(2);
      expect(listed.structuredContent).toMatchObject({ totalCount: 8, nextCursor: expect.any(String) });
      const token = await sendDirect();
      const report = (await client.callTool({ name: "get_whatsapp_report", arguments: { token } })) as any;
      expect(report.isError).toBeFalsy();
      expect(report.structuredContent).toMatchObject({ token, creditsUsed: 0.125 });
      const missing = (await client.callTool({
        name: "get_whatsapp_report",
        arguments: { token: "0d8cbde0-f5cd-11ef-993e-000001234501" },
      })) as any;
      expect(missing.isError).toBe(true);
      expect(JSON.stringify(missing.content)).toContain("send_whatsapp returned");
    } finally {
      await client.close();
    }
  });
});
