/**
 * The GraphiQL page (about 9 MB: everything bundled for offline use) as a cached resource: loaded on the first
 * request for it (the renderer's module alone holds about 50 MB of a process's memory), rendered and hashed once, compressed once per content coding, sent with a strong `ETag`, `Cache-Control: no-cache` and
 * `Vary: Accept-Encoding`, and a conditional GET whose `If-None-Match` matches is answered 304 with no body.
 */
import { createHash } from "node:crypto";
import { type Plugin, shouldRenderGraphiQL } from "graphql-yoga";
import { type ContentCoding, compress, preferredCoding } from "./content-encoding.js";

/** Options of {@link useGraphiqlPage}. */
export interface GraphiqlPageOptions {
  /** Renders the page's HTML; called once, on the first request for the page (it may import the renderer then). */
  render: () => Promise<string>;
  /** The path the page is served at (yoga's GraphQL endpoint); a trailing slash is accepted too. */
  endpoint: string;
}

/** One page, its entity tag and its compressed forms. */
interface CachedPage {
  html: Uint8Array<ArrayBuffer>;
  /** Base64url SHA-256 of `html`. */
  hash: string;
  compressed: Map<ContentCoding, Promise<Uint8Array<ArrayBuffer>>>;
}

/**
 * Whether an `If-None-Match` header matches `etag` (weak comparison, as RFC 9110 specifies for this header).
 */
function ifNoneMatchMatches(header: string | null, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}

function compressedOnce(page: CachedPage, coding: ContentCoding): Promise<Uint8Array<ArrayBuffer>> {
  let body = page.compressed.get(coding);
  if (!body) {
    body = compress(page.html, coding).then((bytes) => new Uint8Array(bytes));
    body.catch(() => page.compressed.delete(coding));
    page.compressed.set(coding, body);
  }
  return body;
}

type RequestHandlerArgs = Parameters<NonNullable<Plugin["onRequest"]>>[0];

/** Answers one request for the page: 304 when its `If-None-Match` matches, else the page in the best coding. */
function serve(
  cached: CachedPage,
  request: Request,
  endResponse: RequestHandlerArgs["endResponse"],
  fetchAPI: RequestHandlerArgs["fetchAPI"],
): Promise<void> | undefined {
  const coding = preferredCoding(request.headers.get("accept-encoding"));
  const etag = coding ? `"${cached.hash}-${coding}"` : `"${cached.hash}"`;
  const headers: Record<string, string> = {
    "content-type": "text/html; charset=utf-8",
    "cache-control": "no-cache",
    vary: "Accept-Encoding",
    etag,
  };
  if (ifNoneMatchMatches(request.headers.get("if-none-match"), etag)) {
    endResponse(new fetchAPI.Response(null, { status: 304, headers }));
    return;
  }
  if (!coding) {
    endResponse(new fetchAPI.Response(cached.html, { status: 200, headers }));
    return;
  }
  return compressedOnce(cached, coding).then((body) => {
    headers["content-encoding"] = coding;
    endResponse(new fetchAPI.Response(body, { status: 200, headers }));
  });
}

/**
 * Yoga plugin serving the GraphiQL page to a browser (a GET to the endpoint accepting `text/html`, yoga's own
 * rule) in place of yoga's `graphiql` option, which renders, and would compress, the whole page per request.
 * Each content coding has its own strong entity tag: the page's hash, suffixed with the coding.
 */
export function useGraphiqlPage(options: GraphiqlPageOptions): Plugin {
  let page: Promise<CachedPage> | undefined;
  const load = (): Promise<CachedPage> => {
    if (!page) {
      page = options.render().then((text) => {
        const html = new TextEncoder().encode(text);
        return { html, hash: createHash("sha256").update(html).digest("base64url"), compressed: new Map() };
      });
      page.catch(() => {
        page = undefined;
      });
    }
    return page;
  };
  const paths = new Set([options.endpoint, `${options.endpoint}/`]);
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (!shouldRenderGraphiQL(request) || !paths.has(url.pathname)) return;
      return load().then((cached) => serve(cached, request, endResponse, fetchAPI));
    },
  };
}
