/**
 * Which endpoint a path under `/api/v1/` reaches, the way Laravel's router matches it: trailing slashes
 * ignored, the rest `rawurldecode`d (so `%2F` separates segments), then optional `{param?}` segments, none of
 * them empty.
 */
import type { SandboxEndpoint } from "./faults.js";
import { SANDBOX_ENDPOINTS } from "./faults.js";
import { phpRawurldecode } from "./php.js";

/** How many optional path parameters an endpoint takes after its name (`send-report/{response_token?}`). */
const PATH_PARAMETERS: Partial<Record<SandboxEndpoint, number>> = {
  "send-report": 1,
  "send-number-report": 2,
  "get-wa-report": 1,
  "get-wa-templates": 1,
  "get-wa-files": 1,
};

/** Endpoints whose path parameter is required (`get-wa-report/{response_token}`): without it, no route. */
const REQUIRED_PATH: ReadonlySet<SandboxEndpoint> = new Set<SandboxEndpoint>(["get-wa-report"]);

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
  if (
    !endpoint ||
    pathParams.length > (PATH_PARAMETERS[endpoint] ?? 0) ||
    pathParams.includes("") ||
    (REQUIRED_PATH.has(endpoint) && pathParams.length === 0)
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
