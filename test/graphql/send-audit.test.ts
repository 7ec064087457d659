/**
 * The send audit trail: one entry per `sendMessage` attempt that got past input validation, with its outcome,
 * code, idempotency key and credits, holding no secret; readable through `Query.sendAudit`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEntry } from "../../src/gateway/audit.js";
import {
  DEMO_ACCOUNT,
  DEMO_TEMPLATES,
  LOW_BALANCE_ACCOUNT,
  NO_ROUTE_ACCOUNT,
  OTHER_TEMPLATES,
} from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf, otpInput } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) { __typename ... on Error { code } ... on SendMessageSuccess { campaign { uuid } } }
}`;

function otp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return otpInput(overrides, ["9876543210", "8765432109", "7654321098"]);
}

let gw: TestGateway;
const results: Record<string, any> = {};
let entries: AuditEntry[] = [];

async function send(name: string, input: Record<string, unknown>, headers?: Record<string, string>) {
  const { body } = await gw.gql<{ sendMessage: Record<string, any> }>(
    SEND,
    { input },
    { "x-request-id": `audit-${name}`, ...headers },
  );
  expect(body.errors).toBeUndefined();
  results[name] = body.data?.sendMessage;
}

function entryOf(name: string): AuditEntry {
  const entry = entries.find((e) => e.requestId === `audit-${name}`);
  if (!entry) throw new Error(`no audit entry for ${name}`);
  return entry;
}

beforeAll(async () => {
  gw = await startTestGateway();
  await send("sent", otp({ idempotencyKey: "a-sent" }));
  await send("replayed", otp({ idempotencyKey: "a-sent" }));
  await send("conflict", otp({ idempotencyKey: "a-sent", variables: ["000000", "10"] }));
  await send("invalid-input", otp({ dltTemplateId: "nope", idempotencyKey: "a-invalid" }));
  await send("invalid-numbers", otp({ mobileNumbers: ["12345"], idempotencyKey: "a-numbers" }));
  await send(
    "no-balance",
    {
      ...otp({ dltTemplateId: OTHER_TEMPLATES.lowBalance, variables: ["1"] }),
      mobileNumbers: ["9876543210", "8765432109", "7654321098", "6543210987", "9123456780", "9988776655"],
    },
    headersOf(LOW_BALANCE_ACCOUNT),
  );
  await send(
    "no-route",
    otp({ dltTemplateId: OTHER_TEMPLATES.noRoute, variables: ["1"], idempotencyKey: "a-route" }),
    headersOf(NO_ROUTE_ACCOUNT),
  );
  gw.sandbox.injectFault({
    endpoint: "send-message",
    fault: { type: "rateLimit", retryAfterSeconds: 1 },
    times: 1,
  });
  await send("throttled", otp({ idempotencyKey: "a-throttled" }));
  gw.sandbox.injectFault({
    endpoint: "send-message",
    fault: { type: "malformed" },
    times: 1,
    phase: "after",
  });
  await send("unknown", otp({ idempotencyKey: "a-unknown", variables: ["111111", "10"] }));
  entries = (await gw.audit.list({ first: 100 })).entries;
});
afterAll(() => gw.close());

describe("the audit trail", () => {
  it("records each attempt that passed input validation, in order", () => {
    expect(results["invalid-input"].__typename).toBe("InvalidInputError");
    expect(entries.some((e) => e.requestId === "audit-invalid-input")).toBe(false);
    expect(entries.map((e) => e.requestId).reverse()).toEqual(
      [
        "sent",
        "replayed",
        "conflict",
        "invalid-numbers",
        "no-balance",
        "no-route",
        "throttled",
        "unknown",
      ].map((n) => `audit-${n}`),
    );
    const ids = entries.map((e) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
  });

  it.each([
    ["sent", "SENT", null, "a-sent"],
    ["replayed", "REPLAYED", null, "a-sent"],
    ["conflict", "REFUSED", "IDEMPOTENCY_KEY_REUSED", "a-sent"],
    ["invalid-numbers", "REFUSED", "INVALID_NUMBERS", "a-numbers"],
    ["no-route", "FAILED", "1018", "a-route"],
    ["throttled", "FAILED", "RATE_LIMITED", "a-throttled"],
    ["unknown", "UNKNOWN", "SEND_OUTCOME_UNKNOWN", "a-unknown"],
  ])("%s: outcome %s, code %s, key %s", (name, outcome, code, key) => {
    expect(entryOf(name)).toMatchObject({ outcome, code, idempotencyKey: key, transport: "graphql" });
  });

  it("a refusal without a key still records the key the gateway chose", () => {
    const entry = entryOf("no-balance");
    expect(entry).toMatchObject({
      outcome: "REFUSED",
      code: "1007",
      dltTemplateId: OTHER_TEMPLATES.lowBalance,
    });
    expect(entry.idempotencyKey).toMatch(/^gw-/);
  });

  it("records credits: deducted when sent, nothing for a replay, the estimate for an unknown outcome", () => {
    expect(entryOf("sent")).toMatchObject({
      recipients: 3,
      estimatedCredits: 3,
      creditsDeducted: 3,
      campaignUuids: [results.sent.campaign.uuid],
      dltTemplateId: DEMO_TEMPLATES.otp,
      route: "OTP",
    });
    expect(entryOf("replayed")).toMatchObject({ creditsDeducted: 0, estimatedCredits: 0, campaignUuids: [] });
    expect(entryOf("throttled")).toMatchObject({
      creditsDeducted: 0,
      estimatedCredits: 0,
      campaignUuids: [],
    });
    expect(entryOf("unknown")).toMatchObject({ creditsDeducted: 0, estimatedCredits: 3 });
  });

  it("names the tenant by a one-way key and holds no secret", () => {
    const demo = entryOf("sent").credential;
    expect(entryOf("unknown").credential).toBe(demo);
    expect(entryOf("no-route").credential).not.toBe(demo);
    expect(demo).toMatch(/^[0-9a-f]{32}$/);
    const text = JSON.stringify(entries);
    for (const secret of [
      DEMO_ACCOUNT.appSecret,
      LOW_BALANCE_ACCOUNT.appSecret,
      NO_ROUTE_ACCOUNT.appSecret,
    ]) {
      expect(text).not.toContain(secret);
    }
  });

  it("is readable through Query.sendAudit, newest first", async () => {
    const { body } = await gw.gql(`{ sendAudit(first: 3) { totalCount
      edges { node { sequence outcome code idempotencyKey requestId creditsDeducted } } pageInfo { hasNextPage } } }`);
    expect(body.errors).toBeUndefined();
    const audit = (body.data as any).sendAudit;
    expect(audit.totalCount).toBe(entries.length);
    expect(audit.pageInfo.hasNextPage).toBe(true);
    expect(audit.edges.map((e: any) => e.node.requestId)).toEqual([
      "audit-unknown",
      "audit-throttled",
      "audit-no-route",
    ]);
    expect(audit.edges[0].node).toMatchObject({ outcome: "UNKNOWN", idempotencyKey: "a-unknown" });
  });
});
