/**
 * Delivery over GraphQL against the sandbox: a send's report as the sandbox's clock moves, one upstream call
 * per campaign however the query is shaped, bad input refused before any call, and another account's uuid.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { QuickcomClient } from "../../src/quickcom/client/client.js";
import { DEMO_ACCOUNT, SECOND_ACCOUNT, SECOND_TEMPLATES } from "../../src/sandbox/seed.js";
import { DELIVERY_TEST_NUMBERS } from "../../src/sandbox/server.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf, otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation ($input: SendMessageInput!) { sendMessage(input: $input) {
  __typename ... on SendMessageSuccess { campaign { uuid } } ... on Error { code message } } }`;

const REPORT = `query ($uuid: String!, $status: DeliveryStatus) { campaign(uuid: $uuid) {
  uuid stage
  deliveryReport { totalContacts delivered failed blocked invalid pending creditsUsed stage completed
    recipients(first: 40, status: $status) { totalCount edges { node {
      mobileNumber status rawStatus responseCode creditsUsed submittedAt doneAt } } } } } }`;

interface Row {
  mobileNumber: string;
  status: string;
  rawStatus: string | null;
  responseCode: string | null;
  submittedAt: string | null;
  doneAt: string | null;
}

const FATES = Object.values(DELIVERY_TEST_NUMBERS);

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

async function send(numbers: string[], headers?: Record<string, string>): Promise<string> {
  const input = headers
    ? otpInput(
        { dltTemplateId: SECOND_TEMPLATES.shipping, route: "TRANSACTIONAL", variables: ["Ravi", "AC1"] },
        numbers,
      )
    : otpInput({}, numbers);
  const result = await sendMessage(gw, SEND, input, headers);
  expect(result.__typename).toBe("SendMessageSuccess");
  return result.campaign.uuid as string;
}

async function report(uuid: string, status?: string) {
  const { body } = await gw.gql<{ campaign: any }>(REPORT, { uuid, status });
  expect(body.errors).toBeUndefined();
  return body.data?.campaign;
}

describe("deliveryReport", () => {
  it("follows the sandbox's DLRs as its clock moves", async () => {
    const uuid = await send(FATES);
    const fresh = await report(uuid);
    expect(fresh.uuid).toBe(uuid);
    expect(fresh.deliveryReport).toMatchObject({ totalContacts: 5, pending: 5, completed: false });
    expect(fresh.deliveryReport.recipients.edges.every((e: any) => e.node.status === "PENDING")).toBe(true);

    gw.sandbox.advanceClock(15_000);
    const done = await report(uuid);
    expect(done.deliveryReport).toMatchObject({
      totalContacts: 5,
      delivered: 1,
      failed: 4,
      pending: 0,
      completed: true,
    });
    const rows: Row[] = done.deliveryReport.recipients.edges.map((e: any) => e.node);
    const byNumber = Object.fromEntries(rows.map((r) => [r.mobileNumber, r]));
    expect(byNumber[DELIVERY_TEST_NUMBERS.delivered]).toMatchObject({
      status: "DELIVERED",
      rawStatus: "DELIVRD",
    });
    expect(byNumber[DELIVERY_TEST_NUMBERS.undelivered]).toMatchObject({
      status: "FAILED",
      rawStatus: "UNDELIV",
    });
    expect(byNumber[DELIVERY_TEST_NUMBERS.expired]).toMatchObject({ status: "FAILED", rawStatus: "EXPIRED" });
    expect(byNumber[DELIVERY_TEST_NUMBERS.rejectedByOperator]).toMatchObject({ rawStatus: "REJECTD" });
    expect(byNumber[DELIVERY_TEST_NUMBERS.rejectedBySmsc]).toMatchObject({
      status: "FAILED",
      rawStatus: "REJECTED",
      responseCode: "16",
      submittedAt: null,
    });
    const delivered = byNumber[DELIVERY_TEST_NUMBERS.delivered] as Row;
    expect(Date.parse(delivered.doneAt ?? "")).toBeGreaterThan(Date.parse(delivered.submittedAt ?? ""));

    const failed = await report(uuid, "FAILED");
    expect(failed.deliveryReport.recipients.totalCount).toBe(4);
  });

  it("shows an invalid number as FAILED with rawStatus INVALID", async () => {
    // The gateway refuses invalid numbers before sending, so this campaign is sent to QuickCom directly.
    const client = new QuickcomClient({ baseUrl: gw.sandbox.url, credentials: DEMO_ACCOUNT });
    const input = otpInput({}, []);
    const sent = await client.sendMessage({
      dltTemplateId: input.dltTemplateId as string,
      mobileNumbers: [...FATES.slice(0, 4), "12345"],
      route: 0,
      variables: ["482913", "10"],
      message: "unused",
    });
    const uuid = sent.data.uuid;
    gw.sandbox.advanceClock(15_000);
    const done = await report(uuid);
    expect(done.deliveryReport).toMatchObject({
      totalContacts: 5,
      delivered: 1,
      failed: 3,
      invalid: 1,
      pending: 0,
    });
    const invalid = done.deliveryReport.recipients.edges
      .map((e: any) => e.node)
      .find((r: Row) => r.rawStatus === "INVALID");
    expect(invalid).toMatchObject({ mobileNumber: "12345", status: "FAILED", doneAt: null });
  });

  it("makes one send-report call per campaign however the query is shaped", async () => {
    const uuid = await send(FATES);
    const before = gw.sandbox.callCount("send-report");
    const { body } = await gw.gql(
      `query ($uuid: String!, $mobile: String!) {
        a: campaign(uuid: $uuid) { deliveryReport { pending recipients(first: 2) { totalCount } } }
        b: campaign(uuid: $uuid) { name deliveryReport { delivered recipients(first: 3, status: PENDING) { totalCount } } }
        s: messageStatus(campaignUuid: $uuid, mobileNumber: $mobile) { status }
      }`,
      { uuid, mobile: `+91${FATES[0]}` },
    );
    expect(body.errors).toBeUndefined();
    expect(gw.sandbox.callCount("send-report") - before).toBe(1);
    expect(gw.sandbox.callCount("send-number-report")).toBe(0);
  });

  it("messageStatus reads one number with send-number-report", async () => {
    const uuid = await send(FATES);
    gw.sandbox.advanceClock(15_000);
    const { body } = await gw.gql<{ messageStatus: Row[] }>(
      `query ($uuid: String!, $mobile: String!) { messageStatus(campaignUuid: $uuid, mobileNumber: $mobile) {
        mobileNumber status rawStatus } }`,
      { uuid, mobile: `0${DELIVERY_TEST_NUMBERS.expired}` },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.messageStatus).toEqual([
      { mobileNumber: DELIVERY_TEST_NUMBERS.expired, status: "FAILED", rawStatus: "EXPIRED" },
    ]);
    expect(gw.sandbox.callCount("send-number-report")).toBe(1);
    expect(gw.sandbox.callCount("send-report")).toBe(0);
  });

  it("gives listed campaigns no uuid, the list's counters and no recipients", async () => {
    const { body } = await gw.gql<{ campaigns: any }>(
      `{ campaigns(first: 2) { edges { node { uuid delivered deliveryReport { delivered recipients(first: 5) { totalCount } } } } } }`,
    );
    expect(body.errors).toBeUndefined();
    for (const { node } of body.data?.campaigns.edges ?? []) {
      expect(node.uuid).toBeNull();
      expect(node.deliveryReport.delivered).toBe(node.delivered);
      expect(node.deliveryReport.recipients.totalCount).toBe(0);
    }
  });

  it("reads the account's usage", async () => {
    const { body } = await gw.gql<{ account: any }>(
      `{ account { usage { totalContacts creditsUsed delivered failed blocked invalid inProcess } } }`,
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.account.usage.totalContacts).toBeGreaterThan(0);
    expect(gw.sandbox.callCount("sms-overall-report")).toBe(1);
  });
});

describe("delivery reads refuse", () => {
  it.each([
    ["a malformed uuid", `{ campaign(uuid: "not-a-uuid") { name } }`],
    [
      "a uuid with a path in it",
      `{ campaign(uuid: "../send-report/0d8cbde0-f5cd-11ef-993e-000000000001") { name } }`,
    ],
    [
      "a malformed number",
      `{ messageStatus(campaignUuid: "0d8cbde0-f5cd-11ef-993e-000000000001", mobileNumber: "12345") { status } }`,
    ],
    [
      "a malformed uuid in messageStatus",
      `{ messageStatus(campaignUuid: "x", mobileNumber: "9876543210") { status } }`,
    ],
  ])("%s with BAD_USER_INPUT and no upstream call", async (_name, query) => {
    const { body } = await gw.gql(query);
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
    expect(gw.sandbox.calls.length).toBe(0);
  });

  it("another account's campaign: null, and NOT_FOUND for messageStatus", async () => {
    const uuid = await send([FATES[0] as string], headersOf(SECOND_ACCOUNT));
    const { body } = await gw.gql<{ campaign: unknown }>(
      `query ($uuid: String!) { campaign(uuid: $uuid) { name } }`,
      {
        uuid,
      },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data?.campaign).toBeNull();
    const status = await gw.gql(
      `query ($uuid: String!) { messageStatus(campaignUuid: $uuid, mobileNumber: "${FATES[0]}") { status } }`,
      { uuid },
    );
    expect(status.body.errors?.[0]?.extensions?.code).toBe("NOT_FOUND");
    const own = await gw.gql<{ campaign: { name: string } }>(
      `query ($uuid: String!) { campaign(uuid: $uuid) { name } }`,
      { uuid },
      headersOf(SECOND_ACCOUNT),
    );
    expect(own.body.data?.campaign).not.toBeNull();
  });
});
