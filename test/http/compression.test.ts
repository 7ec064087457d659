/**
 * JSON answers on the wire (raw node:http, nothing decompressed): one of at least 1 KB is compressed with br or
 * gzip when Accept-Encoding asks and decompresses to the very JSON sent uncompressed, on the lean path and on
 * yoga's; a smaller one goes out as it is whatever the client accepts, with no Vary.
 */
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type RawResponse, rawRequest } from "../hardening/raw-http.js";
import { startTestGateway, type TestGateway } from "../support/gateway.js";

let lean: TestGateway;
let yoga: TestGateway;
beforeAll(async () => {
  [lean, yoga] = await Promise.all([startTestGateway(), startTestGateway({ leanJsonPost: false })]);
});
afterAll(() => Promise.all([lean?.close(), yoga?.close()]));

const LARGE = "{ __schema { types { name kind fields { name } } } }";
const SMALL = "{ account { balance { transactional } } }";
const TEMPLATES = "{ templates(first: 20) { edges { node { dltTemplateId name body } } } }";

const DECOMPRESS: Record<string, (bytes: Buffer) => Buffer> = {
  br: brotliDecompressSync,
  gzip: gunzipSync,
};

/** The route an answer takes: the lean path, yoga behind the router, or yoga because of the Accept header. */
const ROUTES: [string, () => TestGateway, Record<string, string>][] = [
  ["lean path", () => lean, { accept: "application/json" }],
  ["yoga (lean path off)", () => yoga, { accept: "application/json" }],
  ["yoga (graphql-response+json)", () => lean, { accept: "application/graphql-response+json" }],
];

function post(gw: TestGateway, query: string, headers: Record<string, string>): Promise<RawResponse> {
  return rawRequest(gw.url, {
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify({ query }),
  });
}

describe("JSON answers on the wire", () => {
  it.each(ROUTES)(
    "%s: a large answer is compressed when asked, to the same JSON",
    async (name, gw, headers) => {
      const plain = await post(gw(), LARGE, headers);
      expect(plain.status).toBe(200);
      expect(plain.bytes.length).toBeGreaterThan(1024);
      expect(plain.headers["content-encoding"]).toBeUndefined();
      expect(plain.headers.vary).toBe("Accept-Encoding");
      const sizes = [`identity ${plain.bytes.length}`];
      for (const coding of ["br", "gzip"]) {
        const response = await post(gw(), LARGE, { ...headers, "accept-encoding": coding });
        expect(response.status).toBe(200);
        expect(response.headers["content-encoding"]).toBe(coding);
        expect(response.headers.vary).toBe("Accept-Encoding");
        expect(response.headers["content-type"]).toBe(plain.headers["content-type"]);
        expect(Number(response.headers["content-length"])).toBe(response.bytes.length);
        expect(response.bytes.length).toBeLessThan(plain.bytes.length / 3);
        const decompressed = DECOMPRESS[coding]?.(response.bytes);
        expect(decompressed?.equals(plain.bytes)).toBe(true);
        sizes.push(`${coding} ${response.bytes.length}`);
      }
      console.log(`introspection answer bytes on the wire, ${name}: ${sizes.join(", ")}`);
    },
  );

  it.each(ROUTES)(
    "%s: small answers go out as they are, even when compression is asked",
    async (name, gw, headers) => {
      for (const query of [SMALL, TEMPLATES]) {
        const plain = await post(gw(), query, headers);
        const asked = await post(gw(), query, { ...headers, "accept-encoding": "gzip, deflate, br" });
        expect(asked.status).toBe(200);
        expect(asked.bytes.length).toBeLessThan(1024);
        expect(asked.headers["content-encoding"]).toBeUndefined();
        expect(asked.headers.vary).toBeUndefined();
        expect(asked.bytes.equals(plain.bytes)).toBe(true);
        console.log(`${query} answer, ${name}: ${asked.bytes.length} bytes, uncompressed`);
      }
    },
  );

  it("compresses a batch replayed from the lean path into yoga", async () => {
    const body = JSON.stringify([{ query: LARGE }, { query: SMALL }]);
    const headers = { "content-type": "application/json", "accept-encoding": "br" };
    const response = await rawRequest(lean.url, { headers, body });
    expect(response.status).toBe(200);
    expect(response.headers["content-encoding"]).toBe("br");
    const answers = JSON.parse(brotliDecompressSync(response.bytes).toString("utf8"));
    expect(answers).toHaveLength(2);
    expect(answers[1].data.account.balance.transactional).toEqual(expect.any(Number));
  });

  it("compresses an answer to an allowed CORS origin, with Vary: Accept-Encoding", async () => {
    const gw = await startTestGateway({ env: { CORS_ORIGINS: "https://app.example.com" } });
    try {
      const response = await post(gw, LARGE, {
        accept: "application/json",
        origin: "https://app.example.com",
        "accept-encoding": "gzip",
      });
      expect(response.headers["access-control-allow-origin"]).toBe("https://app.example.com");
      expect(response.headers["content-encoding"]).toBe("gzip");
      expect(String(response.headers.vary)).toMatch(/(^|, )Accept-Encoding$/);
    } finally {
      await gw.close();
    }
  });
});
