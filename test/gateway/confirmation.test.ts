/**
 * Confirmation tokens: every refusal names what is true of the token (malformed, not issued by this key,
 * issued for another input, expired, used), keys persist in the data directory, and a nonce file makes a token
 * single-use across stores (processes) sharing a directory.
 */
import { mkdtemp, readdir, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfirmationTokens } from "../../src/gateway/confirmation.js";
import { CONFIRMATION_KEY_FILE, loadConfirmationKey } from "../../src/gateway/confirmation-key.js";
import { FileNonceStore } from "../../src/gateway/nonce-store.js";
import { STATE_ENGINES, useStateEngines } from "../support/state-engines.js";

useStateEngines();

const KEY = Buffer.from("k".repeat(32));

describe("ConfirmationTokens", () => {
  it("accepts its own token for the same credential and input, once", async () => {
    const tokens = new ConfirmationTokens({ secret: KEY });
    const { token } = tokens.issue("cred", "fp");
    expect(await tokens.verify(token, "cred", "fp")).toBe("ok");
    expect(await tokens.consume(token)).toBe(true);
    expect(await tokens.verify(token, "cred", "fp")).toBe("used");
    expect(await tokens.consume(token)).toBe(false);
  });

  it("says which part is wrong", async () => {
    let now = 1_800_000_000_000;
    const tokens = new ConfirmationTokens({ secret: KEY, now: () => now });
    const { token, expiresAt } = tokens.issue("cred", "fp");
    expect(await tokens.verify(undefined, "cred", "fp")).toBe("missing");
    expect(await tokens.verify("not-a-token", "cred", "fp")).toBe("malformed");
    expect(await tokens.verify(token, "cred", "other input")).toBe("mismatch");
    expect(await tokens.verify(token, "other credential", "fp")).toBe("mismatch");
    const other = new ConfirmationTokens({ secret: Buffer.from("o".repeat(32)), now: () => now });
    expect(await other.verify(token, "cred", "fp")).toBe("foreign");
    const [expiry, nonce, keyId, tag, signature] = token.split(".");
    const tampered = [Number(expiry) + 60_000, nonce, keyId, tag, signature].join(".");
    expect(await tokens.verify(tampered, "cred", "fp")).toBe("foreign");
    now = expiresAt.getTime();
    expect(await tokens.verify(token, "cred", "fp")).toBe("expired");
  });

  it("lives five minutes by default", () => {
    const tokens = new ConfirmationTokens({ secret: KEY, now: () => 1_000_000_000_000 });
    expect(tokens.issue("cred", "fp").expiresAt.getTime()).toBe(1_000_000_000_000 + 5 * 60_000);
  });

  it("is single-use across two stores on one directory (two processes)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nonces-"));
    const a = new ConfirmationTokens({ secret: KEY, nonces: new FileNonceStore(dir) });
    const b = new ConfirmationTokens({ secret: KEY, nonces: new FileNonceStore(dir) });
    const { token } = a.issue("cred", "fp");
    expect(await b.verify(token, "cred", "fp")).toBe("ok");
    expect(await b.consume(token)).toBe(true);
    expect(await a.verify(token, "cred", "fp")).toBe("used");
    expect(await a.consume(token)).toBe(false);
    expect(await readdir(dir)).toHaveLength(1);
  });
});

describe.each(STATE_ENGINES)("ConfirmationTokens on shared nonces ($name)", (engine) => {
  it("a token used through one replica's store is refused through another's", async () => {
    const a = new ConfirmationTokens({ secret: KEY, nonces: engine.nonces() });
    const b = new ConfirmationTokens({ secret: KEY, nonces: engine.nonces() });
    const { token } = a.issue("cred", "fp");
    expect(await b.verify(token, "cred", "fp")).toBe("ok");
    expect(await a.verify(token, "cred", "fp")).toBe("ok");
    expect(await a.consume(token)).toBe(true);
    expect(await b.verify(token, "cred", "fp")).toBe("used");
    expect(await b.consume(token)).toBe(false);
  });

  it("of concurrent consumes of one token exactly one succeeds", async () => {
    const replicas = Array.from(
      { length: 4 },
      () => new ConfirmationTokens({ secret: KEY, nonces: engine.nonces() }),
    );
    const { token } = replicas[0]?.issue("cred", "fp") ?? { token: "" };
    const results = await Promise.all(replicas.flatMap((r) => [r.consume(token), r.consume(token)]));
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});

describe("FileNonceStore", () => {
  it("sweeps the files of expired tokens", async () => {
    const dir = await mkdtemp(join(tmpdir(), "nonces-"));
    let now = 1_000;
    const store = new FileNonceStore(dir, () => now);
    expect(await store.consume("old-nonce", 2_000)).toBe(true);
    now = 11 * 60_000;
    expect(await store.consume("new-nonce", now + 60_000)).toBe(true);
    expect(await readdir(dir)).toEqual([`${now + 60_000}-new-nonce`]);
  });
});

describe("loadConfirmationKey", () => {
  it("uses CONFIRMATION_SECRET when set, writing no file", async () => {
    const dir = await mkdtemp(join(tmpdir(), "key-"));
    const key = await loadConfirmationKey("s".repeat(40), dir);
    expect(key.toString()).toBe("s".repeat(40));
    expect(await readdir(dir)).toEqual([]);
  });

  it("generates one key into a 0600 file and reads the same key back", async () => {
    const dir = await mkdtemp(join(tmpdir(), "key-"));
    const [first, second] = await Promise.all([
      loadConfirmationKey(null, dir),
      loadConfirmationKey(null, dir),
    ]);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(second.equals(first)).toBe(true);
    expect((await loadConfirmationKey(null, dir)).equals(first)).toBe(true);
    expect((await stat(join(dir, CONFIRMATION_KEY_FILE))).mode & 0o777).toBe(0o600);
  });
});
