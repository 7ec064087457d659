/**
 * The lean path for the common request: `POST /graphql` with a JSON body asking for a JSON answer. It runs the
 * operation through the same envelop pipeline yoga builds (`yoga.getEnveloped`: same schema, context, plugins,
 * limits, scopes, metrics and error masking) but skips the fetch-API request/response conversion, which is where
 * most of yoga's per-request cost lies. Anything else (GraphiQL, GET, batching, other content types, SSE,
 * multipart, `application/graphql-response+json`, browser requests that need CORS) is yoga's.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { type ExecutionResult, GraphQLError, getOperationAST } from "graphql";
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
        resolve(null);
        req.destroy();
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

function write(
  res: ServerResponse,
  status: number,
  result: ExecutionResult | { errors: readonly GraphQLError[] },
): void {
  const body = JSON.stringify(result);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
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

/**
 * Serves one plain JSON POST. Bodies the lean path does not handle (batches, malformed JSON, odd params) are
 * replayed into yoga, so every answer is exactly what yoga would give.
 */
export async function serveJsonPost(
  yoga: GraphqlApp,
  req: IncomingMessage,
  res: ServerResponse,
  env: RequestEnv,
  maxBodyBytes: number,
): Promise<void> {
  const body = await readBody(req, maxBodyBytes);
  if (body === null) {
    write(res, 413, {
      errors: [
        new GraphQLError(`Request body over ${maxBodyBytes} bytes.`, {
          extensions: { code: "PAYLOAD_TOO_LARGE" },
        }),
      ],
    });
    return;
  }
  let params: unknown;
  try {
    params = JSON.parse(body.toString("utf8"));
  } catch {
    params = undefined;
  }
  if (!isParams(params)) return replayIntoYoga(yoga, req, res, env, body);

  const request = { headers: headersOf(req), method: "POST", url: req.url } as unknown as Request;
  const { parse, validate, contextFactory, execute, schema } = yoga.getEnveloped({ request, params, ...env });
  let document: ReturnType<typeof parse>;
  try {
    document = parse(params.query);
  } catch {
    return replayIntoYoga(yoga, req, res, env, body);
  }
  const errors = validate(schema, document);
  const operation = errors.length === 0 ? getOperationAST(document, params.operationName ?? undefined) : null;
  if (errors.length > 0 || !operation || operation.operation === "subscription") {
    return replayIntoYoga(yoga, req, res, env, body);
  }
  const contextValue = await contextFactory();
  const result = (await execute({
    schema,
    document,
    contextValue,
    rootValue: {},
    variableValues: params.variables ?? undefined,
    operationName: params.operationName ?? undefined,
  })) as ExecutionResult;
  write(res, 200, result);
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
