/**
 * The baseline of the gateway-overhead ratio: the thinnest `node:http` server that answers
 * `{ account { balance { transactional } } }` as the gateway does. It reads the POST body, makes the same
 * upstream call (check-balance, query-string credentials, keep-alive connections) and returns the same JSON.
 */
import { Agent, createServer, get, type Server } from "node:http";

/** Options of {@link createMinimalProxy}. */
export interface MinimalProxyOptions {
  /** Upstream base URL including `/api/v1`. */
  upstreamUrl: string;
  /** QuickCom credentials (the demo account in the bench). */
  appKey: string;
  appSecret: string;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A server answering every request with `{"data":{"account":{"balance":{"transactional":N}}}}`. */
export function createMinimalProxy(options: MinimalProxyOptions): Server {
  const agent = new Agent({ keepAlive: true });
  const auth = `app_key=${encodeURIComponent(options.appKey)}&app_secret=${encodeURIComponent(options.appSecret)}`;
  const url = `${options.upstreamUrl}/check-balance?${auth}`;
  const fail = (res: import("node:http").ServerResponse) => res.writeHead(502).end();
  return createServer((req, res) => {
    let request = "";
    req.on("data", (chunk: Buffer) => {
      request += chunk;
    });
    req.on("end", () => {
      if (!isJson(request)) return fail(res);
      get(url, { agent }, (upstream) => {
        let text = "";
        upstream.on("data", (chunk: Buffer) => {
          text += chunk;
        });
        upstream.on("end", () => {
          const balance = (JSON.parse(text) as { data?: { transaction_balance?: number } }).data;
          if (upstream.statusCode !== 200 || typeof balance?.transaction_balance !== "number")
            return fail(res);
          const body = JSON.stringify({
            data: { account: { balance: { transactional: balance.transaction_balance } } },
          });
          res.writeHead(200, { "content-type": "application/json; charset=utf-8" }).end(body);
        });
      }).on("error", () => fail(res));
    });
  });
}
