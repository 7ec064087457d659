import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

describe("campaign node lookup", () => {
  it("finds every campaign by its global id, old ones within a few upstream calls", async () => {
    const { body } = await gw.gql<any>(
      `{ campaigns(first: 100) { totalCount edges { node { id campaignId } } } }`,
    );
    const nodes = body.data.campaigns.edges.map((e: any) => e.node);
    expect(nodes.length).toBe(body.data.campaigns.totalCount);
    for (const index of [0, 25, 49, 50, nodes.length - 1]) {
      gw.sandbox.reset();
      const found = await gw.gql<any>(
        `query ($id: ID!) { node(id: $id) { ... on Campaign { campaignId } } }`,
        {
          id: nodes[index].id,
        },
      );
      expect(found.body.data.node.campaignId).toBe(nodes[index].campaignId);
      expect(gw.sandbox.callCount("campaign-list")).toBeLessThanOrEqual(index < 50 ? 1 : 2);
    }
  });

  it("answers null for a campaign id the account does not have", async () => {
    const id = Buffer.from("Campaign:999").toString("base64");
    const { body } = await gw.gql<any>(`query ($id: ID!) { node(id: $id) { id } }`, { id });
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toBeNull();
  });
});
