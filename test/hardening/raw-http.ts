/**
 * Raw HTTP for the hardening suite: `node:http` requests whose method, path and headers go out exactly as
 * written (fetch would normalise paths and forbid some headers), each on its own connection, with the whole
 * answer captured. A `transfer-encoding: chunked` header sends the body chunked, without a content-length.
 */
import { request } from "node:http";

/** One request as written. */
export interface RawRequest {
  method?: string;
  /** Path with query string, sent verbatim (default `/graphql`). */
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** The whole answer. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body's bytes as they came over the wire (not decompressed). */
  bytes: Buffer;
}

/** Sends one request to `baseUrl` and reads the whole answer. */
export function rawRequest(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: req.method ?? "POST",
        agent: false,
        path: req.path ?? "/graphql",
        headers: req.headers ?? {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text: bytes.toString("utf8"), bytes });
        });
        res.on("error", reject);
      },
    );
    outgoing.on("error", reject);
    outgoing.end(req.body);
  });
}
