import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ops/access.js";
import { DEMO_TEMPLATES, LOW_BALANCE_ACCOUNT } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

/** The same requests through the lean JSON path and through yoga give the same status and body. */
let lean: TestGateway;
let yoga: TestGateway;
beforeAll(async () => {
  [lean, yoga] = await Promise.all([startTestGateway(), startTestGateway({ leanJsonPost: false })]);
});
afterAll(() => Promise.all([lean.close(), yoga.close()]));

const input = {
  dltTemplateId: DEMO_TEMPLATES.otp,
  mobileNumbers: ["9876543210"],
  route: "OTP",
  variables: ["1234", "5"],
};
const SEND = `mutation ($input: SendMessageInput!) { sendMessage(input: $input) { __typename ... on Error { code message } } }`;

const requests: [string, string, Record<string, unknown>?, Record<string, string>?][] = [
  ["account", `{ account { id active name balance { transactional whatsappCredit } } }`],
  [
    "connections",
    `{ templates(first: 2) { totalCount edges { cursor node { id name variableCount } } } senderIds { totalCount } }`,
  ],
  [
    "campaigns",
    `query Named { campaigns(first: 30) { edges { cursor node { campaignId stage } } pageInfo { hasNextPage } } }`,
  ],
  ["variables and nulls", `query ($id: String!) { template(dltTemplateId: $id) { body } }`, { id: "0000" }],
  ["resolver error", `{ campaigns(first: 500) { totalCount } }`],
  ["validation error", `{ account { nope } }`],
  ["parse error", `{ account { `],
  ["depth limit", `{ account { balance { transactional } } ${"a: __typename ".repeat(40)} }`],
  ["typed send error", SEND, { input: { ...input, mobileNumbers: ["12"] } }],
  [
    "upstream error",
    `{ account { name } }`,
    undefined,
    { "x-quickcom-app-key": "NOPE", "x-quickcom-app-secret": "nope" },
  ],
  [
    "balance refused",
    SEND,
    { input },
    {
      "x-quickcom-app-key": LOW_BALANCE_ACCOUNT.appKey,
      "x-quickcom-app-secret": LOW_BALANCE_ACCOUNT.appSecret,
    },
  ],
];

describe("lean JSON path and yoga answer alike", () => {
  it.each(requests)("%s", async (_name, query, variables, headers) => {
    const [a, b] = await Promise.all([
      lean.gql(query, variables, headers),
      yoga.gql(query, variables, headers),
    ]);
    expect(a.status).toBe(b.status);
    expect(a.body).toEqual(b.body);
    expect(a.headers.get("content-type")).toBe(b.headers.get("content-type"));
  });

  it("answers malformed JSON and batches exactly as yoga does", async () => {
    for (const body of [
      "{not json",
      "[]",
      JSON.stringify([{ query: "{ __typename }" }]),
      JSON.stringify({ query: 1 }),
    ]) {
      const post = (gw: TestGateway) =>
        fetch(`${gw.url}/graphql`, { method: "POST", headers: { "content-type": "application/json" }, body });
      const [a, b] = await Promise.all([post(lean), post(yoga)]);
      expect(a.status).toBe(b.status);
      expect(await a.text()).toBe(await b.text());
    }
  });
});

describe("a caller the read-scope rule refuses", () => {
  const SEND_ONLY = "tok-lean-send-only-1";
  let scopedLean: TestGateway;
  let scopedYoga: TestGateway;
  beforeAll(async () => {
    const tokens = [{ name: "sender", sha256: hashToken(SEND_ONLY), scopes: ["send" as const] }];
    [scopedLean, scopedYoga] = await Promise.all([
      startTestGateway({ tokens }),
      startTestGateway({ tokens, leanJsonPost: false }),
    ]);
  });
  afterAll(() => Promise.all([scopedLean.close(), scopedYoga.close()]));

  it.each([`{ account { name } }`, `query Mixed { templates(first: 1) { totalCount } account { name } }`])(
    "gets the same FORBIDDEN answer from both paths: %s",
    async (query) => {
      const auth = { authorization: `Bearer ${SEND_ONLY}` };
      const [a, b] = await Promise.all([
        scopedLean.gql(query, undefined, auth),
        scopedYoga.gql(query, undefined, auth),
      ]);
      expect(a.body.errors?.[0]?.extensions?.code).toBe("FORBIDDEN");
      expect(a.status).toBe(b.status);
      expect(a.body).toEqual(b.body);
      expect(a.headers.get("content-type")).toBe(b.headers.get("content-type"));
    },
  );
});
