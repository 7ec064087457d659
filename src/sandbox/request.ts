/**
 * How the backend sees a GET request: PHP's query-string parsing, Laravel's `TrimStrings` and
 * `ConvertEmptyStringsToNull` middleware, and the controller constructor's credential extraction.
 */
import { phpTrim, phpUrldecode, textToBytes } from "./php.js";

/** `$request->all()` of a GET request: byte-string values (null where the middleware emptied them), in order. */
export type RequestParams = Map<string, string | null>;

/**
 * Parses a raw query string (a byte string, without `?`) like PHP: `+` and `%xx` decoded, spaces and dots in
 * names turned into `_`, later duplicates overwrite earlier ones, then trimmed and empty strings made null.
 */
export function parseQuery(rawQuery: string): RequestParams {
  const params: RequestParams = new Map();
  for (const pair of rawQuery.split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const rawName = eq === -1 ? pair : pair.slice(0, eq);
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1);
    const name = phpUrldecode(rawName).replace(/^ +/, "").replace(/[ .]/g, "_");
    if (name === "") continue;
    const value = phpTrim(phpUrldecode(rawValue));
    params.set(name, value === "" ? null : value);
  }
  return params;
}

/**
 * `$request->all()` of a request with a body: a form-urlencoded or flat JSON body (byte string) over the
 * query, body values winning, through the same middleware. Other bodies add nothing.
 */
export function withBody(query: RequestParams, contentType: string | undefined, body: string): RequestParams {
  const type = (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  let fromBody: RequestParams = new Map();
  if (type === "application/x-www-form-urlencoded") fromBody = parseQuery(body);
  else if (type === "application/json" || type.endsWith("+json")) fromBody = jsonParams(body);
  return new Map([...query, ...fromBody]);
}

function jsonParams(body: string): RequestParams {
  const params: RequestParams = new Map();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, "latin1").toString("utf8"));
  } catch {
    return params;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return params;
  for (const [name, item] of Object.entries(value)) {
    if (typeof item !== "string" && typeof item !== "number" && typeof item !== "boolean") continue;
    const text = phpTrim(textToBytes(typeof item === "boolean" ? (item ? "1" : "") : String(item)));
    params.set(textToBytes(name), text === "" ? null : text);
  }
  return params;
}

/** The `app_key` / `app_secret` pair the controller ends up with (byte strings or null). */
export interface PresentedCredentials {
  appKey: string | null;
  appSecret: string | null;
  /** True when they came from the `Authorization` header. */
  fromHeader: boolean;
}

/**
 * The controller constructor: a non-empty `Authorization` header wins and is split on `-`, then its first
 * part on a space (`<word> KEY-SECRET`); otherwise the query's `app_key` / `app_secret`.
 */
export function presentedCredentials(
  authorization: string | undefined,
  params: RequestParams,
): PresentedCredentials {
  if (authorization !== undefined && authorization !== "" && authorization !== "0") {
    const parts = authorization.split("-");
    const keyParts = (parts[0] ?? "").split(" ");
    return { appKey: keyParts[1] ?? null, appSecret: parts[1] ?? null, fromHeader: true };
  }
  return {
    appKey: params.get("app_key") ?? null,
    appSecret: params.get("app_secret") ?? null,
    fromHeader: false,
  };
}
