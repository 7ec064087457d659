import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ env: { READ_CACHE_TTL_MS: "60000" } });
});
afterAll(() => gw.close());

const input = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210", "8765432109"],
  route: "OTP",
  variables: ["1", "2"],
};

describe("balance after a send", () => {
  it("shows the deduction in the same request and in the next one", async () => {
    const before = await gw.gql<any>(`{ account { balance { transactional } } }`);
    const start = before.body.data.account.balance.transactional;
    const sent = await gw.gql<any>(
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
        ... on SendMessageSuccess { campaign { creditsDeducted } account { balance { transactional } } } } }`,
      { input },
    );
    const { campaign, account } = sent.body.data.sendMessage;
    expect(campaign.creditsDeducted).toBe(2);
    expect(account.balance.transactional).toBe(start - 2);
    const after = await gw.gql<any>(`{ account { balance { transactional } } }`);
    expect(after.body.data.account.balance.transactional).toBe(start - 2);
  });
});

describe("request credentials", () => {
  it("refuses a key without a secret instead of falling back to the server's account", async () => {
    const { body } = await gw.gql(`{ account { name } }`, undefined, { "x-quickcom-app-key": "QCDEMO7F3K2" });
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(body.errors?.[0]?.message).toMatch(/both/);
  });
});
