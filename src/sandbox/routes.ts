/**
 * Which endpoint a path under `/api/v1/` reaches, the way Laravel's router matches it: trailing slashes
 * ignored, the rest `rawurldecode`d (so `%2F` separates segments), then optional `{param?}` segments (as many
 * as the endpoint's path parameters), none of them empty.
 */
import { pathParamsOf } from "../quickcom/client/endpoints.js";
import type { SandboxEndpoint } from "./faults.js";
import { SANDBOX_ENDPOINTS } from "./faults.js";
import { phpRawurldecode } from "./php.js";

/** Endpoints routed with `Route::any` (every other one with `Route::get`, which also answers HEAD). */
const ANY_METHOD: ReadonlySet<SandboxEndpoint> = new Set<SandboxEndpoint>([
  "sms-overall-report",
  "get-wa-report",
  "get-wa-templates",
  "get-wa-files",
]);

/** A matched API path. */
export interface ApiRoute {
  endpoint: SandboxEndpoint | "unknown";
  /** The decoded path parameters (byte strings), in order; absent optional ones are left out. */
  pathParams: string[];
}

/** Matches `rest`, the raw path after `/api/v1/`. */
export function matchRoute(rest: string): ApiRoute {
  const segments = phpRawurldecode(rest.replace(/\/+$/, "")).split("/");
  const [name = "", ...pathParams] = segments;
  const endpoint = SANDBOX_ENDPOINTS.find((candidate) => candidate === name);
  const names = endpoint ? pathParamsOf(endpoint) : [];
  const required = names.filter((name) => !name.endsWith("?")).length;
  if (
    !endpoint ||
    pathParams.length > names.length ||
    pathParams.length < required ||
    pathParams.includes("")
  ) {
    return { endpoint: "unknown", pathParams: [] };
  }
  return { endpoint, pathParams };
}

/** Whether `method` may call `endpoint`. */
export function allowsMethod(endpoint: SandboxEndpoint, method: string | undefined): boolean {
  return ANY_METHOD.has(endpoint) || method === "GET" || method === "HEAD";
}

/** Whether `endpoint` reads a request body (an any-method route called with something else than GET/HEAD). */
export function readsBody(endpoint: SandboxEndpoint, method: string | undefined): boolean {
  return ANY_METHOD.has(endpoint) && method !== "GET" && method !== "HEAD";
}
