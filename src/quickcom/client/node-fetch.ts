/**
 * A small `fetch` for the QuickCom client over `node:http`/`node:https` with keep-alive connection pools.
 * The client only needs GET, headers, an abort signal, the status, headers and text of the answer; the
 * platform's fetch (undici) spends more per call on WHATWG streams and objects than the whole round trip to a
 * nearby upstream takes. Errors are Node's own socket errors (`ECONNREFUSED`, `ECONNRESET`…), which the client
 * classifies by code; an abort rejects with the signal's reason.
 */
import http from "node:http";
import https from "node:https";

/** Options of {@link createNodeFetch}. */
export interface NodeFetchOptions {
  /** Most sockets per upstream host (default 128). */
  maxSockets?: number;
  /** How long an idle socket is kept (default 30 s). */
  keepAliveMsecs?: number;
}

/** The part of a fetch `Response` the client reads. */
class SmallResponse {
  readonly ok: boolean;
  readonly headers: Headers;
  constructor(
    readonly status: number,
    headers: http.IncomingHttpHeaders,
    private readonly body: string,
  ) {
    this.ok = status >= 200 && status < 300;
    this.headers = {
      get: (name: string) => {
        const value = headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(", ") : (value ?? null);
      },
      has: (name: string) => headers[name.toLowerCase()] !== undefined,
    } as Headers;
  }

  async text(): Promise<string> {
    return this.body;
  }
}

/** A `fetch`-compatible function (GET-only semantics the client uses) with keep-alive agents. */
export function createNodeFetch(options: NodeFetchOptions = {}): typeof fetch {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 128,
    keepAliveMsecs: options.keepAliveMsecs ?? 30_000,
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  const nodeFetch = (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    new Promise((resolve, reject) => {
      const url = new URL(typeof input === "string" || input instanceof URL ? input : input.url);
      const signal = init?.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const secure = url.protocol === "https:";
      const request = (secure ? https : http).request(
        url,
        {
          method: init?.method ?? "GET",
          headers: init?.headers as Record<string, string> | undefined,
          agent: secure ? agents.https : agents.http,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("end", () => {
            done();
            resolve(
              new SmallResponse(
                response.statusCode ?? 0,
                response.headers,
                Buffer.concat(chunks).toString("utf8"),
              ) as unknown as Response,
            );
          });
          response.on("error", fail);
          response.on("aborted", () =>
            fail(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })),
          );
        },
      );
      const onAbort = () => request.destroy(signal?.reason);
      const done = () => signal?.removeEventListener("abort", onAbort);
      function fail(error: unknown) {
        done();
        reject(signal?.aborted ? signal.reason : error);
      }
      signal?.addEventListener("abort", onAbort, { once: true });
      request.on("error", fail);
      request.end();
    });
  return nodeFetch as typeof fetch;
}
