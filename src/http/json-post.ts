/**
 * The lean path for the common request: `POST /graphql` with a JSON body asking for a JSON answer. It runs the
 * operation through the same execution core and context factory as yoga, but without the fetch-API
 * request/response conversion and the plugin orchestration, which is where most of yoga's per-request cost
 * lies. Anything else (GraphiQL, GET, batching, other content types, SSE, multipart,
 * `application/graphql-response+json`, browser requests that need CORS) is yoga's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ExecutionResult, GraphQLError } from "graphql";
import type { ExecutionCore } from "../execution/core.js";
import type { GatewayContext } from "../gateway/context.js";
import { compress, MIN_COMPRESSED_BYTES, preferredCoding } from "./content-encoding.js";
import type { GraphqlApp, RequestEnv } from "./yoga.js";

/** True when the request can take the lean path (decided from headers only, before the body is read). */
export function isPlainJsonPost(req: IncomingMessage): boolean {
  if (req.method !== "POST" || req.headers.origin !== undefined) return false;
  const type = req.headers["content-type"];
  if (!type || !/^application\/json\s*(;|$)/i.test(type)) return false;
  const accept = req.headers.accept;
  return (
    !accept ||
    accept === "*/*" ||
    (/application\/json/i.test(accept) && !/graphql-response\+json/i.test(accept))
  );
}

/** Reads the whole body, refusing more than `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop reading but keep the socket, so the caller can still answer 413 (it closes the connection).
        req.removeAllListeners("data");
        req.pause();
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

interface Params {
  query: string;
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
  extensions?: Record<string, unknown> | null;
}

function isParams(value: unknown): value is Params {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  const objectOrNull = (x: unknown) =>
    x === undefined || x === null || (typeof x === "object" && !Array.isArray(x));
  return (
    typeof v.query === "string" &&
    objectOrNull(v.variables) &&
    (v.operationName === undefined || v.operationName === null || typeof v.operationName === "string") &&
    objectOrNull(v.extensions)
  );
}

const JSON_TYPE = "application/json; charset=utf-8";

/**
 * Writes a JSON answer: as it is below {@link MIN_COMPRESSED_BYTES}, otherwise with `Vary: Accept-Encoding` and
 * compressed when the request accepts br or gzip (as `useAnswerCompression` does for yoga's answers).
 */
function write(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  result: ExecutionResult | { errors: readonly GraphQLError[] },
): Promise<void> | undefined {
  const body = JSON.stringify(result);
  const length = Buffer.byteLength(body);
  if (length < MIN_COMPRESSED_BYTES) {
    res.writeHead(status, { "content-type": JSON_TYPE, "content-length": length });
    res.end(body);
    return;
  }
  const coding = preferredCoding(req.headers["accept-encoding"]);
  if (!coding) {
    res.writeHead(status, { "content-type": JSON_TYPE, "content-length": length, vary: "Accept-Encoding" });
    res.end(body);
    return;
  }
  return compress(Buffer.from(body), coding).then((compressed) => {
    res.writeHead(status, {
      "content-type": JSON_TYPE,
      "content-length": compressed.length,
      "content-encoding": coding,
      vary: "Accept-Encoding",
    });
    res.end(compressed);
  });
}

/** Minimal `Headers`-like view of a node request for the context factory. */
function headersOf(req: IncomingMessage): Headers {
  return {
    get: (name: string) => {
      const value = req.headers[name.toLowerCase()];
      return Array.isArray(value) ? value.join(", ") : (value ?? null);
    },
    has: (name: string) => req.headers[name.toLowerCase()] !== undefined,
  } as Headers;
}

/** Everything the lean path needs; each piece is the very one yoga's pipeline uses. */
export interface LeanExecutorOptions {
  /** Where anything unusual is replayed. */
  yoga: GraphqlApp;
  /** The execution core yoga runs operations with. */
  execution: ExecutionCore;
  /** The same context factory as yoga's `context`. */
  createContext: (headers: Pick<Headers, "get">, env: RequestEnv) => GatewayContext;
  /** Largest request body read, in bytes. */
  maxBodyBytes: number;
}

/** The lean executor: the handler that runs plain JSON POSTs. */
export interface LeanExecutor {
  /** Answers one plain JSON POST to `/graphql` (see {@link isPlainJsonPost}). */
  serve(req: IncomingMessage, res: ServerResponse, env: RequestEnv): Promise<void>;
}

/**
 * Builds the lean path. A request costs a lookup in the core's document cache, one context, one compiled
 * execution and one JSON write (compressed when large, as yoga's answers are). A query that fails to parse,
 * validate or compile, a subscription, or a batch, is replayed into yoga, so every such answer is exactly yoga's.
 */
export function createLeanExecutor(options: LeanExecutorOptions): LeanExecutor {
  const { execution } = options;
  return {
    async serve(req, res, env) {
      const body = await readBody(req, options.maxBodyBytes);
      if (body === null) {
        res.setHeader("connection", "close");
        return write(req, res, 413, {
          errors: [
            new GraphQLError(`Request body over ${options.maxBodyBytes} bytes.`, {
              extensions: { code: "PAYLOAD_TOO_LARGE" },
            }),
          ],
        });
      }
      let params: unknown;
      try {
        params = JSON.parse(body.toString("utf8"));
      } catch {
        params = undefined;
      }
      const operation = isParams(params)
        ? execution.documents.prepare(params.query, params.operationName)
        : null;
      if (!isParams(params) || !operation) {
        return replayIntoYoga(options.yoga, req, res, env, body);
      }
      const context = options.createContext(headersOf(req), env);
      const result = await execution.execute(operation, context, params.variables, "lean");
      return write(
        req,
        res,
        200,
        result.errors !== undefined && result.errors.length > 0
          ? { errors: result.errors, data: result.data }
          : { data: result.data },
      );
    },
  };
}

/** Hands an already-read body to yoga and writes its answer. */
async function replayIntoYoga(
  yoga: GraphqlApp,
  req: IncomingMessage,
  res: ServerResponse,
  env: RequestEnv,
  body: Buffer,
): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  const response = await yoga.fetch(
    `http://${req.headers.host ?? "localhost"}${req.url ?? "/graphql"}`,
    { method: "POST", headers, body: new Uint8Array(body) },
    env,
  );
  const outHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    outHeaders[name] = value;
  });
  const text = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, outHeaders);
  res.end(text);
}
