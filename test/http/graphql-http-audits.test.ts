/**
 * GraphQL-over-HTTP conformance: every `graphql-http` server audit against the gateway over real HTTP, in
 * three set-ups (development, production without GraphiQL or introspection, gateway tokens required).
 * MUST audits may not fail; SHOULD and MAY audits that fail are listed in the test output.
 *
 * A few audits probe with an introspection query (`__type(name: $name)`). With introspection off that
 * probe is refused by design, so in the production set-up exactly those audits may fail, and only with the
 * "introspection disabled" answer; the behaviour they check (variables) is then checked with a data query.
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
  introspection: boolean;
  graphiql: boolean;
}

const SETUPS: Setup[] = [
  {
    name: "development (anonymous, GraphiQL on)",
    options: {},
    headers: {},
    statusWithoutHeaders: 200,
    introspection: true,
    graphiql: true,
  },
  {
    name: "production (GraphiQL and introspection off)",
    options: { config: { graphiql: false, introspection: false } },
    headers: {},
    statusWithoutHeaders: 200,
    introspection: false,
    graphiql: false,
  },
  {
    name: "gateway tokens required",
    options: { tokens: [{ name: "auditor", sha256: hashToken(TOKEN), scopes: ["read"] }] },
    headers: { authorization: `Bearer ${TOKEN}` },
    statusWithoutHeaders: 401,
    introspection: true,
    graphiql: true,
  },
];

/** A request an audit made. */
interface Sent {
  url: string;
  method: string;
  body?: string;
}

/** One audit's result with the requests it made. */
interface Run {
  result: AuditResult;
  sent: Sent[];
}

function line(result: AuditResult): string {
  return result.status === "ok"
    ? `${result.id} ${result.name}`
    : `${result.id} ${result.name}: ${result.reason}`;
}

function probesIntrospection(run: Run): boolean {
  return run.sent.some((s) => /__type\b|__schema\b/.test(`${decodeURIComponent(s.url)} ${s.body ?? ""}`));
}

async function post(
  gw: TestGateway,
  body: unknown,
  headers: Record<string, string>,
): Promise<{ status: number; body: { data?: unknown; errors?: { message: string }[] } }> {
  const response = await fetch(`${gw.url}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: await response.json() };
}

describe.each(SETUPS)("graphql-http server audits, $name", (setup) => {
  let gw: TestGateway;
  const runs: Run[] = [];

  beforeAll(async () => {
    gw = await startTestGateway(setup.options);
    let sent: Sent[] = [];
    const fetchFn: typeof fetch = (input, init) => {
      const headers = new Headers(init?.headers);
      for (const [name, value] of Object.entries(setup.headers)) headers.set(name, value);
      const body = typeof init?.body === "string" ? init.body : undefined;
      sent.push({ url: String(input), method: init?.method ?? "GET", body });
      return fetch(input, { ...init, headers });
    };
    for (const audit of serverAudits({ url: `${gw.url}/graphql`, fetchFn })) {
      sent = [];
      runs.push({ result: await audit.fn(), sent });
    }
  });
  afterAll(() => gw?.close());

  it("is the set-up its name says", async () => {
    const bare = await post(gw, { query: "{ __typename }" }, {});
    expect(bare.status).toBe(setup.statusWithoutHeaders);
    const page = await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html", ...setup.headers } });
    expect((await page.text()).toLowerCase().includes("graphiql")).toBe(setup.graphiql);
    const introspection = await post(gw, { query: '{ __type(name: "Query") { name } }' }, setup.headers);
    expect(introspection.body.errors === undefined).toBe(setup.introspection);
  });

  it("runs the whole audit suite, MUST, SHOULD and MAY", () => {
    expect(runs.length).toBeGreaterThan(30);
    const levels = new Set(runs.map((r) => r.result.name.split(" ")[0]));
    expect([...levels].sort()).toEqual(["MAY", "MUST", "SHOULD"]);
    expect(runs.every((r) => ["ok", "warn", "notice", "error"].includes(r.result.status))).toBe(true);
    expect(runs.every((r) => r.sent.length > 0)).toBe(true);
  });

  it("passes every MUST audit (zero audits with status error)", () => {
    const errors = runs.filter((r) => r.result.status === "error");
    const unexpected = setup.introspection ? errors : errors.filter((r) => !probesIntrospection(r));
    expect(unexpected.map((r) => line(r.result))).toEqual([]);
  });

  it.runIf(!setup.introspection)(
    "fails only introspection-probing audits, and serves their variables to a data query",
    async () => {
      const refusedProbes = runs.filter((r) => r.result.status !== "ok" && probesIntrospection(r));
      expect(refusedProbes.length).toBeGreaterThan(0);
      for (const { url, method, body } of refusedProbes.flatMap((r) => r.sent)) {
        const response = await fetch(url, {
          method,
          body,
          headers: { "content-type": "application/json", accept: "application/json", ...setup.headers },
        });
        const answer = (await response.json()) as { errors?: { message: string }[] };
        expect(answer.errors?.map((e) => e.message).join(" ")).toMatch(/introspection/i);
      }
      const { status, body } = await post(
        gw,
        {
          query: "query Type($name: String!) { template(dltTemplateId: $name) { name } }",
          variables: { name: "sometype" },
        },
        setup.headers,
      );
      // The variable reached the field: its argument validation names the value's problem.
      expect(status).toBe(200);
      expect(body.errors?.[0]).toMatchObject({
        message: expect.stringContaining("dltTemplateId: must be the numeric DLT template ID"),
        extensions: { code: "BAD_USER_INPUT" },
      });
    },
  );

  it("lists the audits it does not meet", () => {
    const failed = runs.filter((r) => r.result.status !== "ok");
    const ok = runs.length - failed.length;
    console.info(
      `graphql-http audits (${setup.name}): ${ok} ok, ${failed.length} not met, of ${runs.length}` +
        failed
          .map(
            (r) =>
              `\n  ${r.result.status} ${line(r.result)}` +
              (probesIntrospection(r) && !setup.introspection ? " (introspection probe; off by design)" : ""),
          )
          .join(""),
    );
    expect(
      failed.filter((r) => r.result.status === "warn").every((r) => r.result.name.startsWith("SHOULD")),
    ).toBe(true);
  });
});
