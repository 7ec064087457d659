/**
 * The gateway's {@link Transport}: `node:http`/`node:https` with keep-alive connection pools and a plain timer
 * for the deadline. The platform's fetch (undici) spends more per call on WHATWG streams and objects than the
 * whole round trip to a nearby upstream takes. Errors are Node's own socket errors (`ECONNREFUSED`,
 * `ECONNRESET`…), which the client classifies by code.
 */
import http from "node:http";
import https from "node:https";
import { type Transport, TransportTimeoutError } from "./transport.js";

/** Options of {@link createNodeTransport}. */
export interface NodeTransportOptions {
  /** Most sockets per upstream host (default 128). */
  maxSockets?: number;
  /** How long an idle socket is kept (default 30 s). */
  keepAliveMsecs?: number;
}

function headerReader(headers: http.IncomingHttpHeaders): Pick<Headers, "get"> {
  return {
    get: (name: string) => {
      const value = headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
  };
}

/** Creates a transport with its own keep-alive agents. */
export function createNodeTransport(options: NodeTransportOptions = {}): Transport {
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 128,
    keepAliveMsecs: options.keepAliveMsecs ?? 30_000,
  };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };
  return (url, { headers, timeoutMs, signal }) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const secure = url.startsWith("https:");
      const request = (secure ? https : http).get(url, {
        headers,
        agent: secure ? agents.https : agents.http,
      });
      let timedOut: TransportTimeoutError | null = null;
      const onAbort = () => request.destroy(signal?.reason);
      const timer = setTimeout(() => {
        timedOut = new TransportTimeoutError(timeoutMs);
        request.destroy(timedOut);
      }, timeoutMs);
      signal?.addEventListener("abort", onAbort, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
      };
      const fail = (error: unknown) => {
        settle();
        reject(signal?.aborted ? signal.reason : (timedOut ?? error));
      };
      request.on("error", fail);
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          settle();
          resolve({
            status: response.statusCode ?? 0,
            headers: headerReader(response.headers),
            body: Buffer.concat(chunks).toString("utf8"),
          });
        });
        response.on("error", fail);
        response.on("aborted", () =>
          fail(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })),
        );
      });
    });
}
