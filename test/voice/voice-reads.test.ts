/**
 * Voice reads over GraphQL and MCP against the sandbox: voiceTemplates with status, duration credit and whether
 * a call can use each file (a pending one, a rejected-by-length one), one upstream call however the query is
 * shaped, keyed cursors, Relay node lookup, and the list_voice_templates tool.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_VOICE_FILES as F } from "../../src/sandbox/channel-seed.js";
import { SECOND_ACCOUNT } from "../../src/sandbox/seed.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";
import { headersOf } from "../support/send.js";

const VOICE = `query ($first: Int, $after: String) { voiceTemplates(first: $first, after: $after) {
  totalCount edges { cursor node { id voiceId title status durationSeconds creditsPerCall fileUrl mimeType usable
    unusableReason } }
  pageInfo { hasNextPage endCursor } } }`;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ mcp: true });
});
afterAll(() => gw.close());
beforeEach(() => gw.sandbox.reset());

describe("voiceTemplates", () => {
  it("lists the account's voice files with status, credit and usability, in one upstream call", async () => {
    const { body } = await gw.gql<{ voiceTemplates: any }>(VOICE, { first: 40 });
    expect(body.errors).toBeUndefined();
    const connection = body.data?.voiceTemplates;
    expect(connection.totalCount).toBe(6);
    expect(connection.pageInfo.hasNextPage).toBe(false);
    const byId = new Map<string, any>(connection.edges.map((e: any) => [e.node.voiceId, e.node]));
    expect(byId.has(F.otherAccount)).toBe(false);
    expect(byId.get(F.welcome)).toMatchObject({
      title: "Welcome call",
      status: "APPROVED",
      durationSeconds: 25,
      creditsPerCall: 1,
      fileUrl: "https://sandbox.quickcom.local/voice/16/qcv1001.wav",
      mimeType: "audio/x-wav",
      usable: true,
      unusableReason: null,
    });
    expect(byId.get(F.reminder)).toMatchObject({ creditsPerCall: 2, usable: true });
    expect(byId.get(F.festival)).toMatchObject({ durationSeconds: 110, creditsPerCall: 4, usable: true });
    expect(gw.sandbox.callCount("voice-templates")).toBe(1);
  });

  it("a pending file is not usable, and says why", async () => {
    const { body } = await gw.gql<{ voiceTemplates: any }>(VOICE, { first: 40 });
    const pending = body.data?.voiceTemplates.edges.find((e: any) => e.node.voiceId === F.pending)?.node;
    expect(pending).toMatchObject({
      status: "PENDING",
      durationSeconds: 20,
      creditsPerCall: 1,
      usable: false,
    });
    expect(pending.unusableReason).toBe(
      "file_status is pending: QuickCom has not verified this voice file yet; a send would fail with 1020",
    );
  });

  it("a file over 120 s has no credit and is not usable", async () => {
    const { body } = await gw.gql<{ voiceTemplates: any }>(VOICE, { first: 40 });
    const long = body.data?.voiceTemplates.edges.find((e: any) => e.node.voiceId === F.tooLong)?.node;
    expect(long).toMatchObject({
      status: "APPROVED",
      durationSeconds: 150,
      creditsPerCall: null,
      usable: false,
    });
    expect(long.unusableReason).toContain("150 s");
    expect(long.unusableReason).toContain("1005");
  });

  it("pages with keyed cursors and answers aliases and node() from the same one call", async () => {
    const first = await gw.gql<{ voiceTemplates: any }>(VOICE, { first: 4 });
    const page1 = first.body.data?.voiceTemplates;
    expect(page1.edges).toHaveLength(4);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const second = await gw.gql<{ voiceTemplates: any }>(VOICE, {
      first: 4,
      after: page1.pageInfo.endCursor,
    });
    const page2 = second.body.data?.voiceTemplates;
    expect(page2.edges).toHaveLength(2);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const ids = [...page1.edges, ...page2.edges].map((e: any) => e.node.voiceId);
    expect(ids).toEqual([F.welcome, F.reminder, F.festival, F.unverified, F.pending, F.tooLong]);

    gw.sandbox.reset();
    const id = page1.edges[1].node.id;
    const { body } = await gw.gql<any>(
      `query ($id: ID!) { a: voiceTemplates(first: 2) { totalCount } b: voiceTemplates(first: 5) {
        edges { node { voiceId } } } node(id: $id) { ... on VoiceTemplate { voiceId creditsPerCall } } }`,
      { id },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data.node).toEqual({ voiceId: F.reminder, creditsPerCall: 2 });
    expect(gw.sandbox.callCount("voice-templates")).toBe(1);
  });

  it("refuses a cursor of another list", async () => {
    const { body } = await gw.gql(VOICE, {
      first: 2,
      after: Buffer.from("template:1").toString("base64url"),
    });
    expect(body.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });

  it("lists only the credentials' own files", async () => {
    const { body } = await gw.gql<{ voiceTemplates: any }>(VOICE, { first: 40 }, headersOf(SECOND_ACCOUNT));
    expect(body.errors).toBeUndefined();
    expect(body.data?.voiceTemplates.edges.map((e: any) => e.node.voiceId)).toEqual([F.otherAccount]);
  });
});

describe("MCP", () => {
  it("derives list_voice_templates as a read-only paged tool, and calling it works", async () => {
    const client = await gw.connectMcp();
    try {
      const { tools } = await client.listTools();
      const tool = tools.find((t) => t.name === "list_voice_templates");
      expect(tool?.annotations?.readOnlyHint).toBe(true);
      expect(tool?.title ?? tool?.annotations?.title).toBe("List voice templates");
      expect(Object.keys((tool?.inputSchema as any)?.properties ?? {}).sort()).toEqual(["cursor", "limit"]);
      const listed = (await client.callTool({
        name: "list_voice_templates",
        arguments: { limit: 4 },
      })) as any;
      expect(listed.isError).toBeFalsy();
      expect(listed.structuredContent.voiceTemplates).toHaveLength(4);
      expect(listed.structuredContent).toMatchObject({ totalCount: 6, nextCursor: expect.any(String) });
      const next = (await client.callTool({
        name: "list_voice_templates",
        arguments: { limit: 4, cursor: listed.structuredContent.nextCursor },
      })) as any;
      const rest = next.structuredContent.voiceTemplates;
      expect(rest.map((f: any) => f.voiceId)).toEqual([F.pending, F.tooLong]);
      expect(rest[0]).toMatchObject({ status: "PENDING", usable: false });
      expect(rest[0].unusableReason).toContain("1020");
      expect(next.structuredContent.nextCursor ?? null).toBeNull();
    } finally {
      await client.close();
    }
  });
});
