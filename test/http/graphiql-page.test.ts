/**
 * GraphiQL over plain HTTP: the page is served to a browser with everything bundled (nothing from another
 * host), and the introspection query GraphiQL sends on load is answered, while the query limits still hold.
 */
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(() => gw?.close());

/** Every `src`/`href` of a `<script>` or `<link>` start tag in an HTML page. */
function resourceUrls(html: string): string[] {
  const urls: string[] = [];
  for (const tag of html.matchAll(/<(?:script|link)\b[^>]*>/gi)) {
    for (const attribute of tag[0].matchAll(/\s(?:src|href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi)) {
      urls.push(attribute[1] ?? attribute[2] ?? attribute[3] ?? "");
    }
  }
  return urls;
}

/** True for a URL that a browser would fetch from a host other than the page's own. */
function isExternal(url: string): boolean {
  return /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(url.trim());
}

/** A selection set nested `depth` levels deep: `{ a { a { ... a } } }`. */
function nested(depth: number): string {
  return `${"{ a ".repeat(depth)}${"}".repeat(depth)}`;
}

describe("GraphiQL page", () => {
  it("finds resources and tells external from local URLs (helpers)", () => {
    const html = `<link rel="icon" href="data:image/png;base64,AA"><script src='https://cdn.example/x.js'></script>
      <script>var s = "<script src=http://a>"</script><link href=//fonts.example/f.css rel=stylesheet><script src="/local.js">`;
    expect(resourceUrls(html)).toEqual([
      "data:image/png;base64,AA",
      "https://cdn.example/x.js",
      "http://a",
      "//fonts.example/f.css",
      "/local.js",
    ]);
    expect(resourceUrls(html).filter(isExternal)).toEqual([
      "https://cdn.example/x.js",
      "http://a",
      "//fonts.example/f.css",
    ]);
  });

  it("serves GraphiQL to a browser with every script and stylesheet inline (works offline)", async () => {
    const response = await fetch(`${gw.url}/graphql`, { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain("<title>quickcom-gateway</title>");
    expect(html).toContain("renderYogaGraphiQL");
    expect(html.length).toBeGreaterThan(100_000);
    expect(html).not.toMatch(/<script[^>]*\ssrc\s*=\s*["']?(?:https?:)?\/\//i);
    expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?(?:https?:)?\/\//i);
    expect(resourceUrls(html).filter(isExternal)).toEqual([]);
  });

  it("answers GraphiQL's introspection query", async () => {
    const { status, body } = await gw.gql(getIntrospectionQuery({ inputValueDeprecation: true }));
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const schema = (body.data as { __schema: { queryType: { name: string }; types: { name: string }[] } })
      .__schema;
    expect(schema.queryType.name).toBe("Query");
    expect(schema.types.map((t) => t.name)).toEqual(expect.arrayContaining(["Account", "Balance"]));
  });

  it.each([
    ["a data query 13 levels deep", nested(13), "QUERY_TOO_DEEP"],
    [
      "an introspection query that cycles through types",
      "{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }",
      undefined,
    ],
  ])("still refuses %s", async (_name, query, code) => {
    const { body } = await gw.gql(query);
    expect(body.data).toBeUndefined();
    expect(body.errors?.length).toBeGreaterThan(0);
    if (code) expect(body.errors?.map((e) => e.extensions?.code)).toContain(code);
    else expect(body.errors?.map((e) => e.message).join(" ")).toMatch(/introspection depth/i);
  });
});
