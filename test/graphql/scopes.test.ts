import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ops/access.js";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

const SEND_ONLY = "tok-send-only-5c1f0a";
let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({
    tokens: [{ name: "sender", sha256: hashToken(SEND_ONLY), scopes: ["send"] }],
  });
});
afterAll(() => gw.close());

const auth = { authorization: `Bearer ${SEND_ONLY}` };
const input = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210"],
  route: "OTP",
  variables: ["1", "2"],
};

describe("a token with only the send scope", () => {
  it("may not subscribe to campaign progress", async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "text/event-stream", ...auth },
      body: JSON.stringify({
        query: 'subscription { campaignProgress(uuid: "0d8cbde0-f5cd-11ef-993e-000000000001") { pending } }',
      }),
    });
    const text = await response.text();
    expect(text).toContain('"code":"FORBIDDEN"');
    expect(gw.sandbox.callCount("send-report")).toBe(0);
  });

  it("may preview what it sends, but not read the account", async () => {
    const preview = await gw.gql<any>(
      `query ($input: SendMessageInput!) { messagePreview(input: $input) { estimatedCredits } }`,
      { input },
      auth,
    );
    expect(preview.body.errors).toBeUndefined();
    expect(preview.body.data.messagePreview.estimatedCredits).toBe(1);
    const account = await gw.gql(`{ account { name } }`, undefined, auth);
    expect(account.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
    const mixed = await gw.gql(
      `query ($input: SendMessageInput!) { messagePreview(input: $input) { estimatedCredits } account { name } }`,
      { input },
      auth,
    );
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
  });
});
