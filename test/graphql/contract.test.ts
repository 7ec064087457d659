import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_ACCOUNT, DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

describe("GraphQL contract", () => {
  it("serves the account with its balance", async () => {
    const { status, body } = await gw.gql(`{
      account { id active userNumber name email mobile ipSecurityEnabled
        balance { transactional promotional twoWaySms voice whatsappCredit } }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const account = body.data?.account as Record<string, unknown>;
    expect(account).toMatchObject({
      active: true,
      userNumber: DEMO_ACCOUNT.userNumber,
      name: DEMO_ACCOUNT.name,
    });
    const balance = account.balance as Record<string, number>;
    expect(balance.transactional).toBeGreaterThan(0);
    expect(typeof balance.whatsappCredit).toBe("number");
    expect(typeof account.id).toBe("string");
  });

  it("lists sender IDs and templates as connections with totalCount", async () => {
    const { body } = await gw.gql(`{
      senderIds(first: 10) { totalCount edges { cursor node { id name } } pageInfo { hasNextPage } }
      templates(first: 2) { totalCount edges { node { dltTemplateId name entityId headerId unicode body variableCount } }
        pageInfo { hasNextPage endCursor } }
    }`);
    expect(body.errors).toBeUndefined();
    const data = body.data as { senderIds: any; templates: any };
    expect(data.senderIds.edges.map((e: any) => e.node.name)).toEqual(
      expect.arrayContaining(["QCOMM", "ALERTS"]),
    );
    expect(data.senderIds.totalCount).toBe(data.senderIds.edges.length);
    expect(data.templates.edges).toHaveLength(2);
    expect(data.templates.totalCount).toBeGreaterThan(2);
    expect(data.templates.pageInfo.hasNextPage).toBe(true);
    const otp = data.templates.edges.find((e: any) => e.node.dltTemplateId === DEMO_TEMPLATES.otp);
    expect(otp?.node.variableCount).toBe(2);
  });

  it("fetches one template and null for an unknown one", async () => {
    const { body } = await gw.gql(
      `query ($id: String!) { t: template(dltTemplateId: $id) { name body unicode } none: template(dltTemplateId: "1") { name } }`,
      { id: DEMO_TEMPLATES.hindiOtp },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data as any).t.unicode).toBe(true);
    expect((body.data as any).none).toBeNull();
  });

  it("refuses a template ID that is not one (BAD_USER_INPUT) without asking the upstream", async () => {
    const calls = gw.sandbox.calls.length;
    const { body } = await gw.gql(`{ template(dltTemplateId: "abc'; DROP") { name } }`);
    expect(body.errors?.[0]).toMatchObject({
      message: expect.stringContaining("must be the numeric DLT template ID"),
      extensions: { code: "BAD_USER_INPUT" },
    });
    expect(gw.sandbox.calls.length).toBe(calls);
  });

  it("refetches every node type by its global id", async () => {
    const { body } = await gw.gql(`{
      account { id name }
      senderIds(first: 1) { edges { node { id name } } }
      templates(first: 1) { edges { node { id dltTemplateId } } }
      campaigns(first: 1) { edges { node { id campaignId name } } }
    }`);
    const d = body.data as any;
    const ids = [
      d.account.id,
      d.senderIds.edges[0].node.id,
      d.templates.edges[0].node.id,
      d.campaigns.edges[0].node.id,
    ];
    const refetch = await gw.gql(
      `query ($ids: [ID!]!) { nodes(ids: $ids) { __typename id
        ... on Account { name } ... on SenderId { name } ... on Template { dltTemplateId } ... on Campaign { campaignId } } }`,
      { ids },
    );
    expect(refetch.body.errors).toBeUndefined();
    const nodes = (refetch.body.data as any).nodes;
    expect(nodes.map((n: any) => n.__typename)).toEqual(["Account", "SenderId", "Template", "Campaign"]);
    expect(nodes[0].name).toBe(d.account.name);
    expect(nodes[1].name).toBe(d.senderIds.edges[0].node.name);
    expect(nodes[2].dltTemplateId).toBe(d.templates.edges[0].node.dltTemplateId);
    expect(nodes[3].campaignId).toBe(d.campaigns.edges[0].node.campaignId);
  });

  it("finds an old campaign by node id", async () => {
    const { body } = await gw.gql(`{ campaigns(last: 1) { edges { node { id campaignId } } } }`);
    const oldest = (body.data as any).campaigns.edges[0].node;
    const node = await gw.gql(`query ($id: ID!) { node(id: $id) { ... on Campaign { campaignId } } }`, {
      id: oldest.id,
    });
    expect((node.body.data as any).node.campaignId).toBe(oldest.campaignId);
  });

  it("previews a message without sending", async () => {
    const { body } = await gw.gql(
      `query ($input: SendMessageInput!) { messagePreview(input: $input) {
        message encoding characters creditsPerMessage validNumbers invalidNumbers duplicateNumbers
        estimatedCredits sufficientBalance warnings } }`,
      {
        input: {
          dltTemplateId: DEMO_TEMPLATES.otp,
          mobileNumbers: ["+91 98765 43210", "9876543210", "12345", "8765432109"],
          route: "OTP",
          variables: ["482913", "10"],
        },
      },
    );
    expect(body.errors).toBeUndefined();
    expect((body.data as any).messagePreview).toMatchObject({
      message: "Your OTP is 482913. Valid for 10 minutes.",
      encoding: "GSM_7",
      creditsPerMessage: 1,
      validNumbers: ["9876543210", "8765432109"],
      invalidNumbers: ["12345"],
      duplicateNumbers: ["9876543210"],
      estimatedCredits: 2,
      sufficientBalance: true,
    });
    expect(gw.sandbox.callCount("send-message")).toBe(0);
  });
});
