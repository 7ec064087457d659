import { execFile } from "node:child_process";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createLogger, type Logger, REDACTED, SecretRegistry } from "../../src/ops/logger.js";

const SECRET = "qc-app-secret-9f8e7d6c5b4a";

/** A logger writing into an array of parsed JSON lines (the raw text is kept too). */
function capture(level = "info", secrets = new SecretRegistry()) {
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, callback) {
      raw.push(String(chunk));
      callback();
    },
  });
  const log: Logger = createLogger({ level, destination: stream, secrets });
  return {
    log,
    secrets,
    text: () => raw.join(""),
    lines: () =>
      raw
        .join("")
        .split("\n")
        .filter((line) => line.length > 0)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** Wraps `leaf` in `depth` levels of `{ level<n>: ... }`. */
function nest(depth: number, leaf: Record<string, unknown>): Record<string, unknown> {
  let value = leaf;
  for (let i = depth; i > 0; i--) value = { [`level${i}`]: value };
  return value;
}

describe("createLogger: sensitive keys", () => {
  const keys = [
    "secret",
    "password",
    "token",
    "authorization",
    "app_secret",
    "appSecret",
    "x-quickcom-app-secret",
    "cookie",
    "clientSecret",
    "accessToken",
    "Authorization",
  ];
  const depths = [0, 1, 2, 3, 4, 6];

  for (const key of keys) {
    it.each(depths)(`redacts "${key}" at depth %i and keeps its neighbours`, (depth) => {
      const out = capture();
      out.log.info(nest(depth, { [key]: SECRET, keep: "visible" }), "with secret");
      const text = out.text();
      expect(text).not.toContain(SECRET);
      expect(text).toContain(REDACTED);
      expect(text).toContain('"keep":"visible"');
    });
  }

  it("redacts request headers, arrays of objects and child bindings", () => {
    const out = capture();
    out.log.info({
      req: { headers: { authorization: `Bearer ${SECRET}`, "x-quickcom-app-secret": SECRET, host: "h" } },
      tokens: [{ name: "ci", token: SECRET }],
      list: [{ password: SECRET, user: "u" }],
    });
    out.log.child({ appSecret: SECRET, component: "client" }).warn("child line");
    const [first, second] = out.lines();
    expect(out.text()).not.toContain(SECRET);
    expect(first).toMatchObject({
      req: { headers: { authorization: REDACTED, "x-quickcom-app-secret": REDACTED, host: "h" } },
      list: [{ password: REDACTED, user: "u" }],
    });
    expect(second).toMatchObject({ appSecret: REDACTED, component: "client", msg: "child line" });
  });

  it("redacts own fields of errors and keeps their type and message", () => {
    const out = capture();
    const error = Object.assign(new TypeError("upstream said no"), { appSecret: SECRET, code: "1007" });
    out.log.error({ err: error }, "call failed");
    const [line] = out.lines();
    expect(out.text()).not.toContain(SECRET);
    expect(line?.err).toMatchObject({
      type: "TypeError",
      message: "upstream said no",
      code: "1007",
      appSecret: REDACTED,
    });
  });

  it("survives cycles and keeps dates readable", () => {
    const out = capture();
    const node: Record<string, unknown> = { name: "loop", password: SECRET };
    node.self = node;
    out.log.info({ node, at: new Date(0) });
    const [line] = out.lines();
    expect(line).toMatchObject({
      node: { name: "loop", password: REDACTED, self: "[Circular]" },
      at: "1970-01-01T00:00:00.000Z",
    });
  });
});

describe("createLogger: registered secret values", () => {
  it.each([
    ["in the message", (log: Logger) => log.info(`calling with ${SECRET} now`)],
    ["in a format argument", (log: Logger) => log.info("calling with %s", SECRET)],
    ["in an ordinary field", (log: Logger) => log.info({ detail: { note: `x${SECRET}y` } })],
    ["in an error message and stack", (log: Logger) => log.error(new Error(`bad key ${SECRET}`))],
    [
      "in a cause's message",
      (log: Logger) => log.error({ err: new Error("outer", { cause: new Error(`inner ${SECRET}`) }) }),
    ],
    ["in a child binding", (log: Logger) => log.child({ context: SECRET }).info("x")],
  ])("scrubs it %s", (_where, write) => {
    const out = capture();
    out.secrets.register(SECRET);
    write(out.log);
    const text = out.text();
    expect(text).not.toContain(SECRET);
    expect(text).toContain(REDACTED);
    expect(() => out.lines()).not.toThrow();
  });

  it("scrubs a value registered after the logger was created", () => {
    const out = capture();
    out.log.info(`before ${SECRET}`);
    out.secrets.register(SECRET);
    out.log.info(`after ${SECRET}`);
    const [before, after] = out.lines();
    expect(before?.msg).toBe(`before ${SECRET}`);
    expect(after?.msg).toBe(`after ${REDACTED}`);
  });

  it("scrubs secrets whose JSON or URL spelling differs from the raw value", () => {
    const tricky = 'se"cr\\et/+&=';
    const out = capture();
    out.secrets.register(tricky);
    out.log.info({ raw: tricky, url: `https://x/?s=${encodeURIComponent(tricky)}` });
    const text = out.text();
    expect(text).not.toContain(JSON.stringify(tricky).slice(1, -1));
    expect(text).not.toContain(encodeURIComponent(tricky));
    expect(out.lines()[0]).toMatchObject({ raw: REDACTED, url: `https://x/?s=${REDACTED}` });
  });
});

describe("createLogger: app_secret query parameters", () => {
  it.each([
    [
      "https://ok-go.in/api/v1/account-status?app_key=k1&app_secret=abc123&x=1",
      "https://ok-go.in/api/v1/account-status?app_key=k1&app_secret=[REDACTED]&x=1",
    ],
    ["GET /api/v1/balance?app_secret=abc123", "GET /api/v1/balance?app_secret=[REDACTED]"],
    ["a?APP_SECRET=abc123#frag", "a?APP_SECRET=[REDACTED]#frag"],
    ["a?next=%3Fapp_secret%3Dabc123", "a?next=%3Fapp_secret%3D[REDACTED]"],
    ["two: ?app_secret=one&app_secret=two", "two: ?app_secret=[REDACTED]&app_secret=[REDACTED]"],
  ])("blanks the parameter in %s", (url, expected) => {
    const out = capture();
    out.log.info({ url }, url);
    const [line] = out.lines();
    expect(line?.url).toBe(expected);
    expect(line?.msg).toBe(expected);
    expect(out.text()).not.toContain("abc123");
  });
});

describe("createLogger: levels and destinations", () => {
  it("drops lines below the level and writes one JSON object per line", () => {
    const out = capture("warn");
    out.log.info("hidden");
    out.log.warn("shown");
    const lines = out.lines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, msg: "shown" });
    expect(typeof lines[0]?.time).toBe("string");
  });

  it("writes to stderr, not stdout, with destination 2", async () => {
    const loggerModule = fileURLToPath(new URL("../../src/ops/logger.ts", import.meta.url));
    const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
    const script = `import { createLogger } from ${JSON.stringify(loggerModule)};
      createLogger({ level: "info", destination: 2 }).info("to stderr");`;
    const { stdout, stderr } = await promisify(execFile)(tsx, ["--eval", script]);
    expect(stdout).toBe("");
    expect(stderr).toContain('"msg":"to stderr"');
  });
});

describe("SecretRegistry", () => {
  it("counts distinct values and ignores ones too short to scrub safely", () => {
    const registry = new SecretRegistry();
    registry.register("abcd-long-secret");
    registry.register("abcd-long-secret");
    registry.register("abc");
    registry.register("");
    expect(registry.size).toBe(1);
    expect(registry.scrub("abc and abcd-long-secret")).toBe(`abc and ${REDACTED}`);
  });

  it("replaces the longest secret first when one contains another", () => {
    const registry = new SecretRegistry();
    registry.register("secret");
    registry.register("secret-extended");
    expect(registry.scrub("x secret-extended y secret z")).toBe(`x ${REDACTED} y ${REDACTED} z`);
  });

  it("treats regular-expression characters in a secret literally", () => {
    const registry = new SecretRegistry();
    registry.register("a.b*c");
    expect(registry.scrub("aXbbc a.b*c")).toBe(`aXbbc ${REDACTED}`);
  });
});
