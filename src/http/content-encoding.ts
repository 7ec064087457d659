/**
 * Response compression for `/graphql`: which content coding a request's `Accept-Encoding` prefers (br, then
 * gzip, by q-value, with `@fastify/accept-negotiator`), the size below which an answer goes out as it is,
 * node:zlib compression on the thread pool, and the yoga plugin that applies them to yoga's JSON answers (the
 * lean path applies them in `json-post.ts`, the GraphiQL page in `graphiql-page.ts`).
 *
 * `@whatwg-node/server`'s `useContentEncoding` was not used: it picks the first listed coding without trimming
 * or q-values (a browser's `gzip, deflate, br, zstd` gets gzip; `br;q=1.0, gzip;q=0.8` gets nothing), compresses
 * answers of any size, sets no `Vary`, re-encodes an answer that already has a coding, and would also start
 * accepting compressed request bodies.
 */
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";
import { negotiate } from "@fastify/accept-negotiator";
import type { Plugin } from "graphql-yoga";

/** A content coding the gateway answers with. */
export type ContentCoding = "br" | "gzip";

/** Codings in the order preferred when a client accepts several equally. */
const CODINGS: ContentCoding[] = ["br", "gzip"];

/**
 * Answers smaller than this many bytes are sent uncompressed whatever the client accepts: they fit a packet or
 * two, and compressing them costs more time than it saves.
 */
export const MIN_COMPRESSED_BYTES = 1024;

/**
 * Brotli quality for every answer. For the 9 MB GraphiQL page quality 5 took 0.4 s and left 1.95 MB; quality 11
 * took 15 s for 1.71 MB.
 */
const BROTLI_QUALITY = 5;

const codings = new Map<string, ContentCoding | null>();

/**
 * The content coding to answer a request with, from its `Accept-Encoding` (null: send the answer as it is).
 * Remembered for the few distinct header values clients send.
 */
export function preferredCoding(acceptEncoding: string | null | undefined): ContentCoding | null {
  if (!acceptEncoding) return null;
  let coding = codings.get(acceptEncoding);
  if (coding === undefined) {
    coding = negotiate(acceptEncoding.toLowerCase(), CODINGS);
    if (codings.size >= 256) codings.clear();
    codings.set(acceptEncoding, coding);
  }
  return coding;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Compresses `body` with `coding` on libuv's thread pool (the event loop is not blocked). */
export function compress(body: Uint8Array, coding: ContentCoding): Promise<Buffer> {
  if (coding === "gzip") return gzipAsync(body);
  return brotli(body, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
    },
  });
}

/** The `Vary` header of an answer whose bytes depend on `Accept-Encoding`, given the one it already has. */
export function varyOnEncoding(vary: string | null | undefined): string {
  if (!vary) return "Accept-Encoding";
  return /(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(vary) ? vary : `${vary}, Accept-Encoding`;
}

const JSON_TYPE = /^application\/(?:graphql-response\+)?json\s*(?:;|$)/i;

/**
 * Yoga plugin: a JSON answer of at least {@link MIN_COMPRESSED_BYTES} gets `Vary: Accept-Encoding` and, when
 * the request accepts br or gzip, is compressed. Smaller answers, answers of unknown length (streams) and answers
 * that already have a coding pass untouched.
 */
export function useAnswerCompression(): Plugin {
  return {
    onResponse({ request, response, setResponse, fetchAPI }) {
      if (!JSON_TYPE.test(response.headers.get("content-type") ?? "")) return;
      if (response.headers.has("content-encoding")) return;
      const length = Number(response.headers.get("content-length"));
      if (!(length >= MIN_COMPRESSED_BYTES)) return;
      response.headers.set("vary", varyOnEncoding(response.headers.get("vary")));
      const coding = preferredCoding(request.headers.get("accept-encoding"));
      if (!coding) return;
      return response
        .arrayBuffer()
        .then((bytes) => compress(new Uint8Array(bytes), coding))
        .then((body) => {
          const headers = new fetchAPI.Headers(response.headers);
          headers.set("content-encoding", coding);
          headers.set("content-length", String(body.length));
          const init = { status: response.status, statusText: response.statusText, headers };
          setResponse(new fetchAPI.Response(new Uint8Array(body), init));
        });
    },
  };
}
