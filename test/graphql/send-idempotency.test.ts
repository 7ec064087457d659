/**
 * Idempotency of `sendMessage`: the same key with the same input returns the first result and sends nothing;
 * the same key with another input is refused; keys belong to one credential; a send without a key is never
 * deduplicated; a replay needs no upstream call; after a restart the audit trail still stops a second send.
 * Also: the balance a later request reads includes the send.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryAuditStore } from "../../src/gateway/audit.js";
import { DEMO_TEMPLATES, SECOND_ACCOUNT, SECOND_TEMPLATES } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf, otpInput, sendMessage } from "../support/send.js";

const SEND = `mutation Send($input: SendMessageInput!) {
  sendMessage(input: $input) {
    __typename
    ... on Error { message code }
    ... on SendMessageSuccess { campaign { uuid message totalContacts creditsDeducted idempotencyKey replayed } }
    ... on SendOutcomeUnknownError { idempotencyKey }
    ... on IdempotencyKeyUsedError { previousOutcome usedAt campaignUuids }
  }
}`;

function send(gw: TestGateway, input: Record<string, unknown>, headers?: Record<string, string>) {
  return sendMessage(gw, SEND, input, headers);
}

function otp(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return otpInput(overrides, ["9876543210", "8765432109"]);
}

async function balance(gw: TestGateway, headers?: Record<string, string>): Promise<number> {
  const { body } = await gw.gql(`{ account { balance { transactional } } }`, undefined, headers);
  expect(body.errors).toBeUndefined();
  return (body.data as any).account.balance.transactional;
}

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

describe("same key, same input", () => {
  it("returns the first result, replayed, with one upstream send", async () => {
    const first = await send(gw, otp({ idempotencyKey: "order-42" }));
    expect(first.__typename).toBe("SendMessageSuccess");
    expect(first.campaign.replayed).toBe(false);
    const before = await balance(gw);

    const second = await send(gw, otp({ idempotencyKey: "order-42" }));
    expect(second.__typename).toBe("SendMessageSuccess");
    expect(second.campaign).toEqual({ ...first.campaign, replayed: true });
    expect(gw.sandbox.callCount("send-message")).toBe(1);
    expect(gw.sandbox.sends()).toBe(1);
    expect(await balance(gw)).toBe(before);
  });

  it("recognises the same recipients however they are spelled", async () => {
    await send(gw, otp({ idempotencyKey: "spelling", mobileNumbers: ["9876543210", "8765432109"] }));
    const again = await send(
      gw,
      otp({ idempotencyKey: "spelling", mobileNumbers: ["+91 98765-43210", "08765432109", "9876543210"] }),
    );
    expect(again.campaign?.replayed).toBe(true);
    expect(gw.sandbox.sends()).toBe(1);
  });

  it("concurrent requests with one key send once", async () => {
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "latency", ms: 200 }, times: 1 });
    const results = await Promise.all(
      Array.from({ length: 4 }, () => send(gw, otp({ idempotencyKey: "burst" }))),
    );
    expect(gw.sandbox.callCount("send-message")).toBe(1);
    expect(gw.sandbox.sends()).toBe(1);
    const kinds = results.map((r) => r.__typename);
    expect(kinds).toContain("SendMessageSuccess");
    for (const r of results) {
      expect(["SendMessageSuccess", "SendInProgressError"]).toContain(r.__typename);
      if (r.__typename === "SendInProgressError") expect(r.code).toBe("SEND_IN_PROGRESS");
    }
    const after = await send(gw, otp({ idempotencyKey: "burst" }));
    expect(after.campaign.replayed).toBe(true);
  });
});

describe("same key, different input", () => {
  const changes: Array<[string, Record<string, unknown>]> = [
    ["variables", { variables: ["000000", "10"] }],
    ["recipients", { mobileNumbers: ["9876543210"] }],
    ["route", { route: "TRANSACTIONAL" }],
    ["template", { dltTemplateId: DEMO_TEMPLATES.hindiOtp }],
    ["schedule", { scheduleAt: new Date(Date.now() + 86_400_000).toISOString() }],
    ["flash", { flash: true }],
  ];
  it.each(changes)("IdempotencyConflictError when the %s differ", async (_name, change) => {
    const key = `conflict-${_name}`;
    expect((await send(gw, otp({ idempotencyKey: key }))).__typename).toBe("SendMessageSuccess");
    const conflict = await send(gw, otp({ idempotencyKey: key, ...change }));
    expect(conflict).toMatchObject({
      __typename: "IdempotencyConflictError",
      code: "IDEMPOTENCY_KEY_REUSED",
    });
    expect(conflict.message).toContain(key);
    expect(gw.sandbox.sends()).toBe(1);
  });

  it("a conflict after an unknown outcome is still a conflict, and nothing is resent", async () => {
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "drop" }, times: 1, phase: "after" });
    const lost = await send(gw, otp({ idempotencyKey: "lost-then-changed" }));
    expect(lost.__typename).toBe("SendOutcomeUnknownError");
    const changed = await send(gw, otp({ idempotencyKey: "lost-then-changed", variables: ["111111", "10"] }));
    expect(changed.__typename).toBe("IdempotencyConflictError");
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });
});

describe("keys belong to the caller", () => {
  it("the same key under other credentials is another send", async () => {
    const ours = await send(gw, otp({ idempotencyKey: "shared-key" }));
    const theirs = await send(
      gw,
      {
        dltTemplateId: SECOND_TEMPLATES.shipping,
        mobileNumbers: ["9123456780"],
        route: "TRANSACTIONAL",
        variables: ["Ravi", "AC1"],
        idempotencyKey: "shared-key",
      },
      headersOf(SECOND_ACCOUNT),
    );
    expect(ours.__typename).toBe("SendMessageSuccess");
    expect(theirs.__typename).toBe("SendMessageSuccess");
    expect(theirs.campaign.replayed).toBe(false);
    expect(theirs.campaign.uuid).not.toBe(ours.campaign.uuid);
    expect(gw.sandbox.sends()).toBe(2);
  });

  it("sends without a key are never deduplicated, even under a repeated x-request-id", async () => {
    const headers = { "x-request-id": "client-fixed-request-id" };
    const a = await send(gw, otp(), headers);
    const b = await send(gw, otp(), headers);
    expect(a.campaign.replayed).toBe(false);
    expect(b.campaign.replayed).toBe(false);
    expect(b.campaign.uuid).not.toBe(a.campaign.uuid);
    expect(gw.sandbox.sends()).toBe(2);
    expect(a.campaign.idempotencyKey).not.toBe(b.campaign.idempotencyKey);
    // The key the gateway chose is a valid key for a safe retry.
    const retry = await send(gw, otp({ idempotencyKey: a.campaign.idempotencyKey }));
    expect(retry.campaign).toMatchObject({ uuid: a.campaign.uuid, replayed: true });
    expect(gw.sandbox.sends()).toBe(2);
  });

  it("the gateway-chosen key is usable even when the request id is long", async () => {
    gw.sandbox.injectFault({ endpoint: "send-message", fault: { type: "drop" }, times: 1, phase: "after" });
    const lost = await send(gw, otp(), { "x-request-id": "r".repeat(128) });
    expect(lost.__typename).toBe("SendOutcomeUnknownError");
    const retry = await send(gw, otp({ idempotencyKey: lost.idempotencyKey }));
    expect(retry.__typename).toBe("SendOutcomeUnknownError");
    expect(gw.sandbox.callCount("send-message")).toBe(1);
  });
});

describe("balance after a send", () => {
  it("a query in the next request shows the deducted balance", async () => {
    const before = await balance(gw);
    const sent = await send(gw, otp({ idempotencyKey: "balance-1" }));
    expect(sent.campaign.creditsDeducted).toBe(2);
    expect(await balance(gw)).toBe(before - 2);
  });

  it("also with the read cache on", async () => {
    const cached = await startTestGateway({ env: { READ_CACHE_TTL_MS: "60000" } });
    try {
      const before = await balance(cached);
      await send(cached, otp({ idempotencyKey: "balance-2" }));
      expect(await balance(cached)).toBe(before - 2);
    } finally {
      await cached.close();
    }
  });
});

describe("a replay needs nothing from the upstream", () => {
  it("returns the first result while QuickCom is down, with no upstream call", async () => {
    const first = await send(gw, otp({ idempotencyKey: "replay-down" }));
    expect(first.__typename).toBe("SendMessageSuccess");
    gw.sandbox.injectFault({ endpoint: "*", fault: { type: "status", status: 503 } });
    const calls = gw.sandbox.calls.length;
    const again = await send(gw, otp({ idempotencyKey: "replay-down" }));
    expect(again.campaign).toEqual({ ...first.campaign, replayed: true });
    expect(gw.sandbox.calls.length).toBe(calls);
  });
});

describe("after a restart (a new gateway over the same audit trail)", () => {
  it("a key that sent is refused with what the trail recorded, and nothing is sent again", async () => {
    const audit = new MemoryAuditStore();
    const before = await startTestGateway({ audit });
    let sentUuid: string;
    try {
      const first = await send(before, otp({ idempotencyKey: "restart-1" }));
      expect(first.__typename).toBe("SendMessageSuccess");
      sentUuid = first.campaign.uuid;
    } finally {
      await before.close();
    }
    const after = await startTestGateway({ audit });
    try {
      const retry = await send(after, otp({ idempotencyKey: "restart-1" }));
      expect(retry).toMatchObject({
        __typename: "IdempotencyKeyUsedError",
        code: "IDEMPOTENCY_KEY_USED",
        previousOutcome: "SENT",
        campaignUuids: [sentUuid],
      });
      expect(retry.message).toContain("nothing was sent again");
      expect(after.sandbox.calls).toEqual([]);
      const other = await send(after, otp({ idempotencyKey: "restart-2" }));
      expect(other.__typename).toBe("SendMessageSuccess");
      expect(after.sandbox.sends()).toBe(1);
    } finally {
      await after.close();
    }
  });

  it("a key whose attempts certainly sent nothing can still be sent", async () => {
    const audit = new MemoryAuditStore();
    const before = await startTestGateway({ audit });
    try {
      before.sandbox.injectFault({
        endpoint: "send-message",
        fault: { type: "rateLimit", retryAfterSeconds: 1 },
      });
      const throttled = await send(before, otp({ idempotencyKey: "restart-3" }));
      expect(throttled.__typename).toBe("RateLimitedError");
    } finally {
      await before.close();
    }
    const after = await startTestGateway({ audit });
    try {
      const retry = await send(after, otp({ idempotencyKey: "restart-3" }));
      expect(retry.__typename).toBe("SendMessageSuccess");
      expect(after.sandbox.sends()).toBe(1);
    } finally {
      await after.close();
    }
  });
});
