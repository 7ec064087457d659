/**
 * Per-request QuickCom credentials: `x-quickcom-app-key` / `x-quickcom-app-secret` override the server default
 * for that request only, and no loader or cache lets one tenant's data into another tenant's request.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ops/access.js";
import { DEMO_ACCOUNT, DEMO_TEMPLATES, SECOND_ACCOUNT, SECOND_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf } from "../support/send.js";

const OVERVIEW = `{
  account { id name userNumber balance { transactional promotional } }
  senderIds(first: 10) { totalCount edges { node { name } } }
  templates(first: 20) { totalCount edges { node { dltTemplateId } } }
  campaigns(first: 5) { edges { node { senderId message } } }
}`;

interface Overview {
  account: { id: string; name: string; userNumber: number; balance: { transactional: number } };
  senderIds: { totalCount: number; edges: { node: { name: string } }[] };
  templates: { totalCount: number; edges: { node: { dltTemplateId: string } }[] };
  campaigns: { edges: { node: { senderId: string; message: string } }[] };
}

async function overview(gw: TestGateway, headers?: Record<string, string>): Promise<Overview> {
  const { status, body } = await gw.gql<Overview>(OVERVIEW, undefined, headers);
  expect(status).toBe(200);
  expect(body.errors).toBeUndefined();
  return body.data as Overview;
}

/** Checks that an overview is entirely one tenant's. */
function expectTenant(data: Overview, tenant: "demo" | "second"): void {
  const names = data.senderIds.edges.map((e) => e.node.name).sort();
  const templates = data.templates.edges.map((e) => e.node.dltTemplateId);
  const senders = new Set(data.campaigns.edges.map((e) => e.node.senderId));
  if (tenant === "demo") {
    expect(data.account).toMatchObject({ name: DEMO_ACCOUNT.name, userNumber: DEMO_ACCOUNT.userNumber });
    expect(names).toEqual(["ALERTS", "QCOMM"]);
    expect(templates).toContain(DEMO_TEMPLATES.otp);
    expect(templates).not.toContain(SECOND_TEMPLATES.shipping);
    expect(senders.has("ACMERT")).toBe(false);
  } else {
    expect(data.account).toMatchObject({ name: SECOND_ACCOUNT.name, userNumber: SECOND_ACCOUNT.userNumber });
    expect(names).toEqual(["ACMEOF", "ACMERT"]);
    expect(templates.sort()).toEqual([SECOND_TEMPLATES.shipping, SECOND_TEMPLATES.offer].sort());
    expect([...senders]).toEqual(["ACMERT"]);
  }
}

function secretsIn(gw: TestGateway, ...secrets: string[]): string[] {
  return gw.logs.filter((line) => secrets.some((secret) => line.includes(secret)));
}

describe.each([
  ["without the read cache", "0"],
  ["with the read cache on", "60000"],
])("per-request credentials %s", (_name, ttl) => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ env: { READ_CACHE_TTL_MS: ttl }, sandbox: { latencyMs: 5 } });
  });
  afterAll(() => gw.close());
  beforeEach(() => gw.sandbox.reset());

  it("headers select another tenant for that request only", async () => {
    expectTenant(await overview(gw), "demo");
    const second = await overview(gw, headersOf(SECOND_ACCOUNT));
    expectTenant(second, "second");
    expect(gw.sandbox.callCount(undefined, SECOND_ACCOUNT.appKey)).toBeGreaterThan(0);

    const before = gw.sandbox.callCount(undefined, SECOND_ACCOUNT.appKey);
    expectTenant(await overview(gw), "demo");
    expect(gw.sandbox.callCount(undefined, SECOND_ACCOUNT.appKey)).toBe(before);
    expect(secretsIn(gw, SECOND_ACCOUNT.appSecret)).toEqual([]);
  });

  it("interleaved concurrent requests of two tenants never see each other's data", async () => {
    const tenants = Array.from({ length: 24 }, (_, i): "demo" | "second" =>
      i % 3 === 0 ? "second" : "demo",
    );
    const results = await Promise.all(
      tenants.map((t) => overview(gw, t === "second" ? headersOf(SECOND_ACCOUNT) : undefined)),
    );
    results.forEach((data, i) => {
      expectTenant(data, tenants[i] ?? "demo");
    });
    const ids = new Set(results.map((r) => r.account.id));
    expect(ids.size).toBe(2);
  });

  it("a send with header credentials spends that tenant's credits and uses its template", async () => {
    const demoBefore = (await overview(gw)).account.balance.transactional;
    const { body } = await gw.gql(
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
        __typename ... on SendMessageSuccess { campaign { senderId message creditsDeducted } } } }`,
      {
        input: {
          dltTemplateId: SECOND_TEMPLATES.shipping,
          mobileNumbers: ["9123456780"],
          route: "TRANSACTIONAL",
          variables: ["Ravi", "AC77"],
        },
      },
      headersOf(SECOND_ACCOUNT),
    );
    expect((body.data as any).sendMessage).toMatchObject({
      __typename: "SendMessageSuccess",
      campaign: {
        senderId: "ACMERT",
        message: "Hi Ravi, your Acme order AC77 has been shipped.",
        creditsDeducted: 1,
      },
    });
    const sendCall = gw.sandbox.calls.find((c) => c.endpoint === "send-message");
    expect(sendCall?.appKey).toBe(SECOND_ACCOUNT.appKey);
    expect((await overview(gw, headersOf(SECOND_ACCOUNT))).account.balance.transactional).toBe(2500 - 1);
    expect((await overview(gw)).account.balance.transactional).toBe(demoBefore);
  });

  it("a wrong secret is a GraphQL error 1017, never another tenant's cached data", async () => {
    await overview(gw);
    const wrong = { appKey: DEMO_ACCOUNT.appKey, appSecret: "not-the-secret-42" };
    const { status, body } = await gw.gql(
      `{ account { name } templates(first: 5) { totalCount } }`,
      undefined,
      headersOf(wrong),
    );
    expect(status).toBe(200);
    const codes = new Set(body.errors?.map((e) => e.extensions?.code));
    expect([...codes]).toEqual(["1017"]);
    expect(body.data).toBeNull();
    expect(JSON.stringify(body)).not.toContain(wrong.appSecret);
    expect(secretsIn(gw, wrong.appSecret)).toEqual([]);
    // The right secret for the same key still works afterwards.
    expectTenant(await overview(gw), "demo");
  });
});

describe("credentials from a gateway token", () => {
  const TOKEN = "acme-token-0123456789abcdef";
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({
      tokens: [
        {
          name: "acme",
          sha256: hashToken(TOKEN),
          scopes: ["read", "send"],
          appKey: SECOND_ACCOUNT.appKey,
          appSecret: SECOND_ACCOUNT.appSecret,
        },
      ],
    });
  });
  afterAll(() => gw.close());

  it("a token bound to a tenant reads that tenant; request headers still override it", async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    expectTenant(await overview(gw, auth), "second");
    expectTenant(await overview(gw, { ...auth, ...headersOf(DEMO_ACCOUNT) }), "demo");
    expectTenant(await overview(gw, auth), "second");
  });
});

describe("no credentials at all", () => {
  let gw: TestGateway;
  beforeAll(async () => {
    gw = await startTestGateway({ defaultCredentials: null });
  });
  afterAll(() => gw.close());

  it("a request without headers is told to send credentials; the upstream is not called", async () => {
    const { body } = await gw.gql(`{ account { name } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(body.errors?.[0]?.message).toContain("x-quickcom-app-key");
    expect(gw.sandbox.callCount()).toBe(0);
  });

  it("a request with headers works", async () => {
    expectTenant(await overview(gw, headersOf(SECOND_ACCOUNT)), "second");
  });
});
