/** Test helpers: a sandbox with a fixed clock and raw-HTTP GETs against it. */
import type { DemoCredentials } from "../../src/sandbox/seed.js";
import { type Sandbox, type SandboxOptions, startSandbox } from "../../src/sandbox/server.js";

/** 2025-03-01 11:30:00 IST. */
export const NOON_IST = new Date("2025-03-01T06:00:00Z");

/** Starts a sandbox whose clock is `now` (a mutable box so tests can move time). */
export async function sandboxAt(
  now: Date = NOON_IST,
  options: SandboxOptions = {},
): Promise<{
  sandbox: Sandbox;
  clock: { now: Date };
}> {
  const clock = { now };
  const sandbox = await startSandbox({ clock: () => clock.now, ...options });
  return { sandbox, clock };
}

/** Percent-encodes a parameter map into a query string (values already containing `%` are encoded again). */
export function encodeQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
}

/** Query-parameter credentials of a demo account. */
export function auth(creds: DemoCredentials): Record<string, string> {
  return { app_key: creds.appKey, app_secret: creds.appSecret };
}

/** One answer, parsed. */
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** GET `endpoint` with a raw query string (or a parameter map) and optional headers. */
export async function get(
  sandbox: Sandbox,
  endpoint: string,
  query: string | Record<string, string>,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const raw = typeof query === "string" ? query : encodeQuery(query);
  const response = await fetch(`${sandbox.url}/${endpoint}${raw === "" ? "" : `?${raw}`}`, { headers });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}
