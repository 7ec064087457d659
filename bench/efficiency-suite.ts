/**
 * Upstream-call efficiency: a fixed suite of GraphQL operations, each with the fewest upstream calls that can
 * answer it (derived by hand from the upstream API: one call per distinct resource and page; campaign pages
 * hold at most 50 rows; the campaign total is unknown until a page has been read), run one by one against a
 * gateway whose read cache is off, counting the calls the sandbox received for each.
 */
import { DEMO_TEMPLATES } from "../src/sandbox/seed.js";
import { queryData } from "./graphql-client.js";

/** Upstream endpoints as the sandbox names them. */
export type Endpoint =
  | "account-status"
  | "check-balance"
  | "approved-senderids"
  | "templates"
  | "campaign-list"
  | "send-report"
  | "send-number-report"
  | "sms-overall-report";

/** Ids and cursors read before the suite runs (those reads are not counted). */
export interface SuiteFixtures {
  accountId: string;
  senderIdId: string;
  templateId: string;
  /** Global ids of the campaigns at offsets 5, 40 and 60 of the newest-first list. */
  campaignIds: [string, string, string];
  /** Cursor of the 20th campaign (offset 19). */
  cursor20: string;
}

/** One operation of the suite. */
export interface EfficiencyCase {
  name: string;
  query: string;
  variables?: (f: SuiteFixtures) => Record<string, unknown>;
  /** Fewest calls per endpoint that can answer it. */
  minimum: Partial<Record<Endpoint, number>>;
  /** Why that is the minimum. */
  why: string;
}

const CAMPAIGN_PAGE = `query ($first: Int, $after: String, $last: Int, $before: String) {
  campaigns(first: $first, after: $after, last: $last, before: $before) {
    totalCount edges { cursor node { campaignId name } } pageInfo { hasNextPage hasPreviousPage }
  }
}`;

/** A seeded campaign of the demo account (read by uuid; seeded campaigns have no recipient rows). */
const SEEDED_UUID = "0d8cbde0-f5cd-11ef-993e-000001234501";

/** The suite (seeded demo account: 2 approved sender IDs, 5 active templates, 64 campaigns). */
export const EFFICIENCY_SUITE: EfficiencyCase[] = [
  {
    name: "one resource, several fields",
    query: `{ account { name userNumber email balance { transactional promotional voice } } }`,
    minimum: { "check-balance": 1 },
    why: "profile and balances come from one check-balance answer",
  },
  {
    name: "aliases over two resources",
    query: `{ a: account { name } b: account { balance { voice } } c: account { active } d: account { active } }`,
    minimum: { "check-balance": 1, "account-status": 1 },
    why: "`active` only exists in account-status; everything else in check-balance",
  },
  {
    name: "fragments, template lookups and a connection",
    query: `fragment T on Template { name body variableCount }
      { templates(first: 3) { totalCount edges { node { ...T } } }
        t1: template(dltTemplateId: "${DEMO_TEMPLATES.otp}") { ...T }
        t2: template(dltTemplateId: "${DEMO_TEMPLATES.order}") { name }
        t3: template(dltTemplateId: "0000000000000000000") { name } }`,
    minimum: { templates: 1 },
    why: "templates has no lookup by id and no paging: one list answers all of it",
  },
  {
    name: "three resources at once",
    query: `{ account { userNumber } senderIds(first: 10) { totalCount edges { node { name } } }
      templates(last: 2) { edges { node { dltTemplateId } } } }`,
    minimum: { "check-balance": 1, "approved-senderids": 1, templates: 1 },
    why: "one call per distinct resource",
  },
  {
    name: "campaigns first 20",
    query: CAMPAIGN_PAGE,
    variables: () => ({ first: 20 }),
    minimum: { "campaign-list": 1 },
    why: "one page of 20",
  },
  {
    name: "campaigns first 100 (64 exist)",
    query: CAMPAIGN_PAGE,
    variables: () => ({ first: 100 }),
    minimum: { "campaign-list": 2 },
    why: "64 rows and at most 50 per page: two pages",
  },
  {
    name: "campaigns last 5",
    query: CAMPAIGN_PAGE,
    variables: () => ({ last: 5 }),
    minimum: { "campaign-list": 2 },
    why: "the total is unknown until one page is read, then one page holds the tail",
  },
  {
    name: "campaigns first 20 after a cursor",
    query: CAMPAIGN_PAGE,
    variables: (f) => ({ first: 20, after: f.cursor20 }),
    minimum: { "campaign-list": 1 },
    why: "offsets 20-39 fit one page of 20 (nothing was inserted)",
  },
  {
    name: "campaigns first 40 after a cursor",
    query: CAMPAIGN_PAGE,
    variables: (f) => ({ first: 40, after: f.cursor20 }),
    minimum: { "campaign-list": 2 },
    why: "offsets 20-59: one page covering them would start at 0 and hold 60 rows (over 50); two pages of 20 do",
  },
  {
    name: "campaigns last 10 before a cursor",
    query: CAMPAIGN_PAGE,
    variables: (f) => ({ last: 10, before: f.cursor20 }),
    minimum: { "campaign-list": 1 },
    why: "offsets 9-19 (boundary check included) fit one page of 11",
  },
  {
    name: "two aliased connections over one window",
    query: `{ a: campaigns(first: 10) { totalCount } b: campaigns(first: 10) { edges { node { stage } } } }`,
    minimum: { "campaign-list": 1 },
    why: "the same page, asked twice",
  },
  {
    name: "nodes of every type",
    query: `query ($ids: [ID!]!) { nodes(ids: $ids) { id __typename } }`,
    variables: (f) => ({
      ids: [f.accountId, f.senderIdId, f.templateId, f.campaignIds[0], f.campaignIds[1]],
    }),
    minimum: { "check-balance": 1, "approved-senderids": 1, templates: 1, "campaign-list": 1 },
    why: "one call per resource; both campaigns sit in the first page of 50",
  },
  {
    name: "node refetch of an old campaign",
    query: `query ($id: ID!) { node(id: $id) { ... on Campaign { campaignId name } } }`,
    variables: (f) => ({ id: f.campaignIds[2] }),
    minimum: { "campaign-list": 2 },
    why: "no lookup by id: the first page of 50 shows it is older, one more page holds offsets 50-63",
  },
  {
    name: "message preview",
    query: `query ($input: SendMessageInput!) { messagePreview(input: $input) {
      message creditsPerMessage estimatedCredits sufficientBalance validNumbers invalidNumbers } }`,
    variables: () => ({
      input: {
        dltTemplateId: DEMO_TEMPLATES.otp,
        variables: ["482913", "10"],
        route: "TRANSACTIONAL",
        mobileNumbers: ["9876543210", "+919812345678", "12345"],
      },
    }),
    minimum: { templates: 1, "check-balance": 1 },
    why: "the template text (templates) and the balance (check-balance)",
  },
  {
    name: "one campaign's report, asked three ways",
    query: `{
      a: campaign(uuid: "${SEEDED_UUID}") { name deliveryReport { pending recipients(first: 5) { totalCount } } }
      b: campaign(uuid: "${SEEDED_UUID}") { deliveryReport { delivered recipients(first: 2, status: FAILED) { totalCount } } }
      s: messageStatus(campaignUuid: "${SEEDED_UUID}", mobileNumber: "9876543210") { status } }`,
    minimum: { "send-report": 1 },
    why: "send-report holds the counters and every row; the number's rows are cut from it",
  },
  {
    name: "one number's status",
    query: `{ messageStatus(campaignUuid: "${SEEDED_UUID}", mobileNumber: "+919876543210") { status rawStatus } }`,
    minimum: { "send-number-report": 1 },
    why: "send-number-report answers one number without the whole campaign",
  },
  {
    name: "account profile and usage",
    query: `{ account { name usage { totalContacts delivered inProcess } } }`,
    minimum: { "check-balance": 1, "sms-overall-report": 1 },
    why: "the profile (check-balance) and the totals (sms-overall-report)",
  },
];

/** Calls per endpoint the sandbox has received so far. */
export type CallCounts = Partial<Record<string, number>>;

/** One case's outcome. */
export interface EfficiencyResult {
  name: string;
  minimum: number;
  made: number;
  /** Calls per endpoint this operation made. */
  calls: CallCounts;
  /** Calls per endpoint it should have made. */
  expected: CallCounts;
}

/** The suite's outcome: ratio = total made ÷ total minimum. */
export interface EfficiencyReport {
  cases: EfficiencyResult[];
  totalMinimum: number;
  totalMade: number;
  ratio: number;
}

const FIXTURES = `{
  account { id }
  senderIds(first: 1) { edges { node { id } } }
  templates(first: 1) { edges { node { id } } }
}`;

const CAMPAIGN_FIXTURES = `{ campaigns(first: 64) { edges { cursor node { id } } } }`;

function sum(counts: CallCounts): number {
  return Object.values(counts).reduce<number>((total, n) => total + (n ?? 0), 0);
}

/** Reads the ids and cursors the suite needs (uncounted). */
export async function loadFixtures(graphqlUrl: string): Promise<SuiteFixtures> {
  const data = await queryData(graphqlUrl, FIXTURES);
  const campaigns = (await queryData(graphqlUrl, CAMPAIGN_FIXTURES)).campaigns.edges as {
    cursor: string;
    node: { id: string };
  }[];
  const at = (offset: number) => {
    const edge = campaigns[offset];
    if (!edge) throw new Error(`the demo account has no campaign at offset ${offset}`);
    return edge;
  };
  return {
    accountId: data.account.id,
    senderIdId: data.senderIds.edges[0].node.id,
    templateId: data.templates.edges[0].node.id,
    campaignIds: [at(5).node.id, at(40).node.id, at(60).node.id],
    cursor20: at(19).cursor,
  };
}

/**
 * Runs every case against `graphqlUrl`, one at a time, reading the upstream's call counters before and after
 * each (`readCalls`). The gateway must not cache reads across requests, or later cases would look cheaper.
 */
export async function runEfficiencySuite(
  graphqlUrl: string,
  readCalls: () => Promise<CallCounts>,
  suite: EfficiencyCase[] = EFFICIENCY_SUITE,
): Promise<EfficiencyReport> {
  const fixtures = await loadFixtures(graphqlUrl);
  const cases: EfficiencyResult[] = [];
  for (const c of suite) {
    const before = await readCalls();
    await queryData(graphqlUrl, c.query, c.variables?.(fixtures)).catch((error: Error) => {
      throw new Error(`"${c.name}": ${error.message}`);
    });
    const after = await readCalls();
    const calls: CallCounts = {};
    for (const [endpoint, count] of Object.entries(after)) {
      const delta = (count ?? 0) - (before[endpoint] ?? 0);
      if (delta !== 0) calls[endpoint] = delta;
    }
    cases.push({ name: c.name, minimum: sum(c.minimum), made: sum(calls), calls, expected: c.minimum });
  }
  const totalMinimum = cases.reduce((total, c) => total + c.minimum, 0);
  const totalMade = cases.reduce((total, c) => total + c.made, 0);
  return { cases, totalMinimum, totalMade, ratio: totalMinimum > 0 ? totalMade / totalMinimum : 0 };
}
