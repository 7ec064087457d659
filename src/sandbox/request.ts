/**
 * How the backend sees a GET request: PHP's query-string parsing, Laravel's `TrimStrings` and
 * `ConvertEmptyStringsToNull` middleware, and the controller constructor's credential extraction.
 */
import { phpTrim, phpUrldecode } from "./php.js";

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
