/**
 * GraphQL-over-HTTP conformance: every `graphql-http` server audit against the gateway over real HTTP, in
 * three set-ups (development, production without GraphiQL or introspection, gateway tokens required).
 * MUST audits may not fail; SHOULD/MAY audits that fail are listed as warnings in the test output.
 */
import { type AuditResult, serverAudits } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashToken } from "../../src/ops/access.js";
import { startTestGateway, type TestGateway, type TestGatewayOptions } from "../support/gateway.js";

const TOKEN = "audit-token-0123456789abcdef";

interface Setup {
  name: string;
  options: TestGatewayOptions;
  /** Headers every audit request carries. */
  headers: Record<string, string>;
  /** Status of a POST without those headers: shows the set-up is what its name says. */
  statusWithoutHeaders: number;
}

const SETUPS: Setup[] = [
  { name: "development (anonymous, GraphiQL on)", options: {}, headers: {}, statusWithoutHeaders: 200 },
  {
    name: "production (GraphiQL and introspection off)",
    options: { config: { graphiql: false, introspection: false } },
    headers: {},
    statusWithoutHeaders: 200,
  },
  {
    name: "gateway tokens required",
    options: { tokens: [{ name: "auditor", sha256: hashToken(TOKEN), scopes: ["read"] }] },
    headers: { authorization: `Bearer ${TOKEN}` },
    statusWithoutHeaders: 401,
  },
];

/** A fetch that adds `headers` to every request, keeping the audit's own headers. */
function fetchWith(headers: Record<string, string>): typeof fetch {
  return (input, init) => {
    const merged = new Headers(init?.headers);
    for (const [name, value] of Object.entries(headers)) merged.set(name, value);
    return fetch(input, { ...init, headers: merged });
  };
}

function line(result: AuditResult): string {
  return result.status === "ok"
    ? `${result.id} ${result.name}`
    : `${result.id} ${result.name}: ${result.reason}`;
}

describe.each(SETUPS)("graphql-http server audits, $name", (setup) => {
  const { name, options, headers } = setup;
  let gw: TestGateway;
  let results: AuditResult[];

  beforeAll(async () => {
    gw = await startTestGateway(options);
    results = [];
    for (const audit of serverAudits({ url: `${gw.url}/graphql`, fetchFn: fetchWith(headers) })) {
      results.push(await audit.fn());
    }
  });
  afterAll(() => gw?.close());

  it("is the set-up its name says", async () => {
    const response = await fetch(`${gw.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(response.status).toBe(setup.statusWithoutHeaders);
    const page = await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html", ...headers } });
    const html = (await page.text()).toLowerCase();
    expect(html.includes("graphiql")).toBe(options.config?.graphiql !== false);
  });

  it("runs the whole audit suite, MUST, SHOULD and MAY", () => {
    expect(results.length).toBeGreaterThan(30);
    const levels = new Set(results.map((r) => r.name.split(" ")[0]));
    expect([...levels].sort()).toEqual(["MAY", "MUST", "SHOULD"]);
    expect(results.every((r) => ["ok", "warn", "error"].includes(r.status))).toBe(true);
  });

  it("passes every MUST audit (zero audits with status error)", () => {
    expect(results.filter((r) => r.status === "error").map(line)).toEqual([]);
  });

  it("lists the SHOULD/MAY audits it does not meet as warnings", () => {
    const warnings = results.filter((r) => r.status === "warn");
    const ok = results.filter((r) => r.status === "ok").length;
    console.info(
      `graphql-http audits (${name}): ${ok} ok, ${warnings.length} warn, ` +
        `${results.length - ok - warnings.length} error, of ${results.length}` +
        warnings.map((w) => `\n  warn ${line(w)}`).join(""),
    );
    expect(warnings.filter((w) => w.name.startsWith("MUST "))).toEqual([]);
  });
});
