/**
 * GraphiQL over plain HTTP: the page is served to a browser with everything bundled (nothing from another
 * host), and the introspection query GraphiQL sends on load is answered, while the query limits still hold.
 * On the wire (raw node:http, nothing decompressed): br or gzip as Accept-Encoding asks, a strong ETag per
 * coding, 304 for a matching If-None-Match.
 */
import { createHash } from "node:crypto";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { getIntrospectionQuery } from "graphql";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RawResponse, rawRequest } from "../hardening/raw-http.js";
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

describe("GraphiQL page on the wire", () => {
  const page = (headers: Record<string, string> = {}) =>
    rawRequest(gw.url, { method: "GET", headers: { accept: "text/html", ...headers } });
  let identity: RawResponse;
  beforeAll(async () => {
    identity = await page();
  });

  it("is sent whole without Accept-Encoding, with a strong ETag (SHA-256 of its bytes) and no-cache", () => {
    expect(identity.status).toBe(200);
    expect(identity.headers["content-encoding"]).toBeUndefined();
    expect(Number(identity.headers["content-length"])).toBe(identity.bytes.length);
    expect(identity.headers.etag).toBe(
      `"${createHash("sha256").update(identity.bytes).digest("base64url")}"`,
    );
    expect(identity.headers["cache-control"]).toBe("no-cache");
    expect(identity.headers.vary).toBe("Accept-Encoding");
    expect(identity.bytes.toString("utf8")).toContain("<title>quickcom-gateway</title>");
  });

  it.each([
    ["br", "br", brotliDecompressSync],
    ["gzip", "gzip", gunzipSync],
    ["gzip, deflate, br, zstd", "br", brotliDecompressSync],
    ["br;q=0.5, gzip", "gzip", gunzipSync],
  ])(
    "is compressed for Accept-Encoding: %s (%s), a fraction of its size, to the identical page",
    async (accept, coding, decompress) => {
      const response = await page({ "accept-encoding": accept });
      expect(response.status).toBe(200);
      expect(response.headers["content-encoding"]).toBe(coding);
      expect(response.headers.vary).toBe("Accept-Encoding");
      expect(response.headers.etag).toBe(`${String(identity.headers.etag).slice(0, -1)}-${coding}"`);
      expect(Number(response.headers["content-length"])).toBe(response.bytes.length);
      console.log(
        `GraphiQL page bytes on the wire: identity ${identity.bytes.length}, ${coding} ${response.bytes.length} ` +
          `(${((100 * response.bytes.length) / identity.bytes.length).toFixed(1)}%) for "${accept}"`,
      );
      expect(response.bytes.length).toBeLessThan(identity.bytes.length * 0.3);
      expect(decompress(response.bytes).equals(identity.bytes)).toBe(true);
    },
  );

  it("is not compressed for a coding the gateway does not offer", async () => {
    for (const accept of ["identity", "deflate", "zstd", "br;q=0, gzip;q=0"]) {
      const response = await page({ "accept-encoding": accept });
      expect(response.headers["content-encoding"]).toBeUndefined();
      expect(response.bytes.equals(identity.bytes)).toBe(true);
    }
  });

  it("serves concurrent and later requests the same compressed bytes, quickly once cached", async () => {
    const [a, b] = await Promise.all([page({ "accept-encoding": "br" }), page({ "accept-encoding": "br" })]);
    expect(a.bytes.equals(b.bytes)).toBe(true);
    const started = performance.now();
    const c = await page({ "accept-encoding": "br" });
    expect(c.bytes.equals(a.bytes)).toBe(true);
    console.log(`GraphiQL page, cached br answer: ${(performance.now() - started).toFixed(0)} ms`);
  });

  it("answers a conditional GET whose If-None-Match matches with 304 and no body", async () => {
    const etag = (coding?: string) =>
      coding ? `${String(identity.headers.etag).slice(0, -1)}-${coding}"` : String(identity.headers.etag);
    for (const [coding, ifNoneMatch] of [
      [undefined, etag()],
      ["br", etag("br")],
      ["br", `W/${etag("br")}`],
      ["br", `"other", ${etag("br")}`],
      ["gzip", "*"],
    ] as const) {
      const response = await page({
        "if-none-match": ifNoneMatch,
        ...(coding ? { "accept-encoding": coding } : {}),
      });
      expect(response.status).toBe(304);
      expect(response.bytes.length).toBe(0);
      expect(response.headers["content-encoding"]).toBeUndefined();
      expect(response.headers.etag).toBe(etag(coding));
      expect(response.headers["cache-control"]).toBe("no-cache");
      expect(response.headers.vary).toBe("Accept-Encoding");
    }
  });

  it("sends the page again when If-None-Match names another version or another coding", async () => {
    for (const [encoding, tag] of [
      [undefined, '"stale"'],
      ["gzip", identity.headers.etag],
      [undefined, `${String(identity.headers.etag).slice(0, -1)}-br"`],
    ] as const) {
      const response = await page({
        "if-none-match": String(tag),
        ...(encoding ? { "accept-encoding": encoding } : {}),
      });
      expect(response.status).toBe(200);
      expect(response.bytes.length).toBeGreaterThan(1_000_000);
    }
  });
});
