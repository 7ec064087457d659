import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AccessError,
  hashToken,
  isLoopbackHost,
  loadTokens,
  parseTokens,
  TokenAuthenticator,
  type TokenRecord,
  TokensFileError,
} from "../../src/ops/access.js";
import { SecretRegistry } from "../../src/ops/secret-registry.js";

const OPS_TOKEN = "gw_ops_4f1c2b8e9d7a6f5e";
const CI_TOKEN = "gw_ci_0a9b8c7d6e5f4a3b";
const APP_SECRET = "qc-secret-for-ci-123456";

const records: TokenRecord[] = [
  { name: "ops", sha256: hashToken(OPS_TOKEN), scopes: ["read", "audit"] },
  {
    name: "ci",
    sha256: hashToken(CI_TOKEN),
    scopes: ["read", "send"],
    appKey: "ci-key",
    appSecret: APP_SECRET,
  },
];

/** Catches the error `run` throws, failing the test when it throws nothing. */
function thrown(run: () => unknown): Error {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected an error");
}

describe("hashToken", () => {
  it.each([
    ["", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
    ["abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"],
    [
      "The quick brown fox jumps over the lazy dog",
      "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592",
    ],
    ["é", "4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c"],
  ])("hashes %j as UTF-8", (token, expected) => {
    expect(hashToken(token)).toBe(expected);
  });
});

describe("parseTokens", () => {
  const hash = "a".repeat(64);

  it("accepts a valid file, lower-cases hashes and de-duplicates scopes", () => {
    const parsed = parseTokens(
      JSON.stringify([
        { name: "ops", sha256: "AB".repeat(32), scopes: ["read", "read", "audit"] },
        { name: "ci", sha256: hash, scopes: ["send"], appKey: "k", appSecret: "s" },
      ]),
    );
    expect(parsed).toEqual([
      { name: "ops", sha256: "ab".repeat(32), scopes: ["read", "audit"] },
      { name: "ci", sha256: hash, scopes: ["send"], appKey: "k", appSecret: "s" },
    ]);
  });

  it.each([
    ["invalid JSON", `[{"name":"x","appSecret":"${APP_SECRET}"`, /not valid JSON/],
    ["not an array", JSON.stringify({ name: "x" }), /must be a JSON array/],
    ["an empty array", "[]", /lists no tokens/],
    [
      "a missing name",
      JSON.stringify([{ sha256: hash, scopes: ["read"] }]),
      /entry at index 0: name: is required/,
    ],
    [
      "an empty name",
      JSON.stringify([{ name: "  ", sha256: hash, scopes: ["read"] }]),
      /entry at index 0: name: must not be empty/,
    ],
    [
      "a short sha256",
      JSON.stringify([{ name: "ops", sha256: "abc", scopes: ["read"] }]),
      /entry at index 0 \("ops"\): sha256: must be 64 hexadecimal characters/,
    ],
    [
      "a non-hex sha256",
      JSON.stringify([{ name: "ops", sha256: "g".repeat(64), scopes: ["read"] }]),
      /\("ops"\): sha256: must be 64 hexadecimal/,
    ],
    [
      "a missing sha256",
      JSON.stringify([{ name: "ops", scopes: ["read"] }]),
      /\("ops"\): sha256: is required/,
    ],
    [
      "empty scopes",
      JSON.stringify([{ name: "ops", sha256: hash, scopes: [] }]),
      /\("ops"\): scopes: must list at least one scope/,
    ],
    [
      "an unknown scope",
      JSON.stringify([{ name: "ops", sha256: hash, scopes: ["read", "admin"] }]),
      /\("ops"\): scopes\.1: must be "read", "send" or "audit"/,
    ],
    [
      "scopes not an array",
      JSON.stringify([{ name: "ops", sha256: hash, scopes: "read" }]),
      /\("ops"\): scopes: must be an array of scopes/,
    ],
    [
      "appKey without appSecret",
      JSON.stringify([{ name: "ops", sha256: hash, scopes: ["read"], appKey: "k" }]),
      /\("ops"\): appKey and appSecret must be given together/,
    ],
    [
      "appSecret without appKey",
      JSON.stringify([{ name: "ops", sha256: hash, scopes: ["read"], appSecret: APP_SECRET }]),
      /\("ops"\): appKey and appSecret must be given together/,
    ],
    [
      "an unknown key (a typo)",
      JSON.stringify([{ name: "ops", sha256: hash, scopes: ["read"], appsecret: APP_SECRET }]),
      /\("ops"\): Unrecognized key/,
    ],
    [
      "a duplicate name",
      JSON.stringify([
        { name: "ops", sha256: hash, scopes: ["read"] },
        { name: "ops", sha256: "b".repeat(64), scopes: ["read"] },
      ]),
      /entry at index 1 \("ops"\): name is already used by the entry at index 0/,
    ],
    [
      "a duplicate hash",
      JSON.stringify([
        { name: "ops", sha256: hash, scopes: ["read"] },
        { name: "ci", sha256: hash.toUpperCase(), scopes: ["send"] },
      ]),
      /entry at index 1 \("ci"\): sha256 is the same as the entry at index 0's/,
    ],
    [
      "an entry that is not an object",
      JSON.stringify([{ name: "ok", sha256: hash, scopes: ["read"] }, 42]),
      /index 1/,
    ],
  ])("rejects %s, naming the entry and never printing a secret", (_what, json, message) => {
    const error = thrown(() => parseTokens(json));
    expect(error).toBeInstanceOf(TokensFileError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain(APP_SECRET);
  });

  it("reports every bad entry, not just the first", () => {
    const error = thrown(() =>
      parseTokens(
        JSON.stringify([
          { name: "a", sha256: "x", scopes: ["read"] },
          { name: "b", sha256: "a".repeat(64), scopes: ["read"] },
          { name: "c", sha256: "a".repeat(64), scopes: [] },
        ]),
      ),
    ) as TokensFileError;
    expect(error.problems).toHaveLength(2);
    expect(error.problems[0]).toMatch(/index 0 \("a"\)/);
    expect(error.problems[1]).toMatch(/index 2 \("c"\)/);
  });

  it("never prints a raw token put in the sha256 field by mistake", () => {
    const error = thrown(() =>
      parseTokens(JSON.stringify([{ name: "ops", sha256: OPS_TOKEN, scopes: ["read"] }])),
    );
    expect(error.message).toMatch(/sha256/);
    expect(error.message).not.toContain(OPS_TOKEN);
  });
});

describe("loadTokens", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ops-tokens-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads and validates a tokens file", async () => {
    const path = join(dir, "tokens.json");
    await writeFile(path, JSON.stringify(records));
    expect(await loadTokens(path)).toEqual(records);
  });

  it("names the file and the bad entry", async () => {
    const path = join(dir, "bad.json");
    await writeFile(path, JSON.stringify([{ name: "ops", sha256: "nope", scopes: ["read"] }]));
    await expect(loadTokens(path)).rejects.toThrow(
      /GATEWAY_TOKENS_FILE .*bad\.json: entry at index 0 \("ops"\): sha256/,
    );
  });

  it("says when the file cannot be read", async () => {
    await expect(loadTokens(join(dir, "missing.json"))).rejects.toThrow(
      /missing\.json cannot be read \(ENOENT\)/,
    );
  });
});

describe("TokenAuthenticator", () => {
  const authenticator = new TokenAuthenticator(records);

  it("requires tokens when a tokens file is configured", () => {
    expect(authenticator.required).toBe(true);
    expect(new TokenAuthenticator(null).required).toBe(false);
  });

  it.each([
    ["the ops token", `Bearer ${OPS_TOKEN}`, "ops", ["read", "audit"], null],
    [
      "the ci token",
      `Bearer ${CI_TOKEN}`,
      "ci",
      ["read", "send"],
      { appKey: "ci-key", appSecret: APP_SECRET },
    ],
    ["a lower-case scheme", `bearer ${OPS_TOKEN}`, "ops", ["read", "audit"], null],
    ["extra spaces", `Bearer   ${OPS_TOKEN}  `, "ops", ["read", "audit"], null],
  ])("authenticates %s with its scopes and credentials", (_what, header, name, scopes, credentials) => {
    const principal = authenticator.authenticate(header);
    expect(principal.kind).toBe("token");
    expect(principal.name).toBe(name);
    expect([...principal.scopes].sort()).toEqual([...scopes].sort());
    expect(principal.credentials).toEqual(credentials);
    expect(JSON.stringify({ ...principal, scopes: [...principal.scopes] })).not.toContain(
      header.trim().split(/\s+/)[1],
    );
  });

  it.each([
    ["no header", undefined, "missing"],
    ["a null header", null, "missing"],
    ["an empty header", "", "missing"],
    ["a blank header", "   ", "missing"],
    ["a Basic header", `Basic ${Buffer.from(`u:${OPS_TOKEN}`).toString("base64")}`, "invalid"],
    ["a bare token", OPS_TOKEN, "invalid"],
    ["Bearer with no token", "Bearer ", "invalid"],
    ["Bearer with two tokens", `Bearer ${OPS_TOKEN} ${CI_TOKEN}`, "invalid"],
    ["a wrong token", "Bearer gw_wrong_token", "invalid"],
    ["a token one character short", `Bearer ${OPS_TOKEN.slice(0, -1)}`, "invalid"],
    ["another record's hash as the token", `Bearer ${records[0]?.sha256}`, "invalid"],
  ])("refuses %s with UNAUTHENTICATED (%s)", (_what, header, reason) => {
    const error = thrown(() => authenticator.authenticate(header));
    expect(error).toBeInstanceOf(AccessError);
    expect((error as AccessError).code).toBe("UNAUTHENTICATED");
    expect((error as AccessError).reason).toBe(reason);
    expect(error.message).not.toContain(OPS_TOKEN);
    expect(error.message).not.toContain(OPS_TOKEN.slice(0, -1));
  });

  it("keeps each token to its own record", () => {
    const ci = authenticator.authenticate(`Bearer ${CI_TOKEN}`);
    const ops = authenticator.authenticate(`Bearer ${OPS_TOKEN}`);
    expect(ci.scopes.has("send")).toBe(true);
    expect(ops.scopes.has("send")).toBe(false);
    expect(ops.credentials).toBeNull();
  });

  it("gives each principal its own scope set", () => {
    const first = authenticator.authenticate(`Bearer ${OPS_TOKEN}`);
    (first.scopes as Set<string>).add("send");
    expect(authenticator.authenticate(`Bearer ${OPS_TOKEN}`).scopes.has("send")).toBe(false);
  });

  it("lets everyone in as anonymous with all scopes when there is no tokens file", () => {
    const open = new TokenAuthenticator(null);
    for (const header of [undefined, "", "Bearer whatever", "garbage"]) {
      const principal = open.authenticate(header);
      expect(principal).toMatchObject({ kind: "anonymous", name: "anonymous", credentials: null });
      expect([...principal.scopes].sort()).toEqual(["audit", "read", "send"]);
    }
  });

  it("registers record app secrets and tokens that authenticate, never unknown tokens", () => {
    const secrets = new SecretRegistry();
    const withRegistry = new TokenAuthenticator(records, { secrets });
    expect(secrets.scrub(APP_SECRET)).toBe("[REDACTED]");
    withRegistry.authenticate(`Bearer ${OPS_TOKEN}`);
    expect(secrets.scrub(`token ${OPS_TOKEN}`)).toBe("token [REDACTED]");
    expect(() => withRegistry.authenticate("Bearer unknown-token-value")).toThrow(AccessError);
    expect(secrets.scrub("unknown-token-value")).toBe("unknown-token-value");
    expect(secrets.size).toBe(2);
  });

  it("validates records given directly", () => {
    expect(() => new TokenAuthenticator([{ name: "x", sha256: "zz", scopes: ["read"] }])).toThrow(
      TokensFileError,
    );
  });
});

describe("isLoopbackHost", () => {
  it.each([
    ["127.0.0.1", true],
    ["127.255.255.254", true],
    ["127.1.2.3", true],
    ["localhost", true],
    ["LOCALHOST", true],
    ["localhost.", true],
    ["::1", true],
    ["[::1]", true],
    ["0:0:0:0:0:0:0:1", true],
    ["::ffff:127.0.0.1", true],
    [" 127.0.0.1 ", true],
    ["0.0.0.0", false],
    ["::", false],
    ["[::]", false],
    ["128.0.0.1", false],
    ["10.0.0.1", false],
    ["192.168.1.10", false],
    ["::ffff:10.0.0.1", false],
    ["::2", false],
    ["127.0.0.1.nip.io", false],
    ["localhost.example.com", false],
    ["127.1", false],
    ["", false],
    ["example.com", false],
  ])("isLoopbackHost(%j) = %s", (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected);
  });
});
