import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

const PAGE = `query ($first: Int, $after: String, $last: Int, $before: String) {
  campaigns(first: $first, after: $after, last: $last, before: $before) {
    totalCount
    edges { cursor node { campaignId name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { campaignId: number; name: string } }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
}

async function page(variables: Record<string, unknown>): Promise<Page> {
  const { body } = await gw.gql<{ campaigns: Page }>(PAGE, variables);
  expect(body.errors).toBeUndefined();
  return body.data!.campaigns;
}

/** Creates `count` campaigns through the gateway, as another user would between two page requests. */
async function createCampaigns(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const { body } = await gw.gql(
      `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { __typename } }`,
      {
        input: {
          dltTemplateId: DEMO_TEMPLATES.welcome,
          mobileNumbers: ["9876543210"],
          route: "TRANSACTIONAL",
        },
      },
    );
    expect((body.data as any).sendMessage.__typename).toBe("SendMessageSuccess");
  }
}

async function allIdsNewestFirst(): Promise<number[]> {
  const ids: number[] = [];
  for (let p = await page({ first: 100 }); ; ) {
    ids.push(...p.edges.map((e) => e.node.campaignId));
    if (!p.pageInfo.hasNextPage) return ids;
    p = await page({ first: 100, after: p.pageInfo.endCursor });
  }
}

describe("campaign cursor pagination", () => {
  it("walks forward while campaigns are created between pages: no skips, no repeats, in order", async () => {
    const before = await allIdsNewestFirst();
    expect(before.length).toBeGreaterThan(50);
    const seen: number[] = [];
    let cursor: string | null = null;
    const log: string[] = [];
    for (let n = 0; ; n++) {
      const p = await page({ first: 7, after: cursor });
      seen.push(...p.edges.map((e) => e.node.campaignId));
      log.push(`page ${n + 1}: ${p.edges.map((e) => e.node.campaignId).join(",")} (total ${p.totalCount})`);
      if (!p.pageInfo.hasNextPage) break;
      cursor = p.pageInfo.endCursor;
      await createCampaigns(n % 3 === 0 ? 3 : 1);
    }
    if (process.env.SHOW_WALK) console.log(log.join("\n"));
    expect(seen).toEqual(before);
    expect(new Set(seen).size).toBe(seen.length);
  });

  it("walks backward with last/before while campaigns are created", async () => {
    const newestFirst = await allIdsNewestFirst();
    const seen: number[] = [];
    let cursor: string | null = null;
    for (;;) {
      const p = await page({ last: 9, before: cursor });
      seen.unshift(...p.edges.map((e) => e.node.campaignId));
      if (!p.pageInfo.hasPreviousPage) break;
      cursor = p.pageInfo.startCursor;
      await createCampaigns(2);
    }
    // Walking towards newer campaigns reaches the ones created meanwhile too: every campaign that existed at
    // the start comes exactly once and in order, and the new ones come last (at the newest end).
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.filter((id) => newestFirst.includes(id))).toEqual(newestFirst);
    expect(seen.slice(seen.length - newestFirst.length)).toEqual(newestFirst);
  });

  it("serves `last` alone as the oldest campaigns", async () => {
    const all = await allIdsNewestFirst();
    const p = await page({ last: 5 });
    expect(p.edges.map((e) => e.node.campaignId)).toEqual(all.slice(-5));
    expect(p.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it("refuses a page size above the maximum with a clear error, without calling upstream", async () => {
    gw.sandbox.reset();
    const { body } = await gw.gql(`{ campaigns(first: 101) { totalCount } }`);
    expect(body.errors?.[0]?.extensions?.code).toBe("PAGE_SIZE_TOO_LARGE");
    expect(body.errors?.[0]?.message).toMatch(/100/);
    expect(gw.sandbox.callCount("campaign-list")).toBe(0);
  });

  it("rejects a foreign or forged cursor", async () => {
    const { body } = await gw.gql(PAGE, { first: 5, after: "bm90LWEtY3Vyc29y" });
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});

describe("fewest upstream calls", () => {
  const cases: [string, string, Record<string, number>][] = [
    ["one field", `{ account { active } }`, { "account-status": 1 }],
    [
      "aliases over two resources",
      `{ a: account { name } b: account { balance { voice } } c: account { active } }`,
      { "check-balance": 1, "account-status": 1 },
    ],
    [
      "fragments, template lookups and connections share one templates call",
      `fragment T on Template { name body } { templates(first: 3) { edges { node { ...T } } }
        t1: template(dltTemplateId: "${DEMO_TEMPLATES.otp}") { ...T } t2: template(dltTemplateId: "${DEMO_TEMPLATES.order}") { name } }`,
      { templates: 1 },
    ],
    [
      "a first page of 20 campaigns",
      `{ campaigns(first: 20) { edges { node { name } } } }`,
      { "campaign-list": 1 },
    ],
    [
      "100 campaigns span two pages of 50",
      `{ campaigns(first: 100) { edges { node { name } } } }`,
      { "campaign-list": 2 },
    ],
    [
      "two connections over the same window",
      `{ a: campaigns(first: 10) { totalCount } b: campaigns(first: 10) { edges { node { stage } } } }`,
      { "campaign-list": 1 },
    ],
  ];

  it.each(cases)("%s", async (_name, query, expected) => {
    gw.sandbox.reset();
    const { body } = await gw.gql(query);
    expect(body.errors).toBeUndefined();
    const counts: Record<string, number> = {};
    for (const call of gw.sandbox.calls) counts[call.endpoint] = (counts[call.endpoint] ?? 0) + 1;
    expect(counts).toEqual(expected);
  });

  it("a page after a cursor is served from one upstream page when nothing changed", async () => {
    const first = await page({ first: 20 });
    gw.sandbox.reset();
    await page({ first: 20, after: first.pageInfo.endCursor });
    expect(gw.sandbox.callCount("campaign-list")).toBe(1);
  });

  it("nodes of every type cost one call per resource", async () => {
    const { body } = await gw.gql(
      `{ senderIds(first: 2) { edges { node { id } } } templates(first: 3) { edges { node { id } } } }`,
    );
    const d = body.data as any;
    const ids = [...d.senderIds.edges, ...d.templates.edges].map((e: any) => e.node.id);
    gw.sandbox.reset();
    const again = await gw.gql(`query ($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(again.body.errors).toBeUndefined();
    expect(gw.sandbox.callCount("approved-senderids")).toBe(1);
    expect(gw.sandbox.callCount("templates")).toBe(1);
  });
});
