/**
 * Host and Origin values `/mcp` accepts, against DNS rebinding: a web page on another name that resolves to
 * this machine must not reach a local gateway from the user's browser.
 */
import { isIPv6 } from "node:net";
import { isLoopbackHost } from "../ops/loopback.js";

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

function hostName(host: string): string {
  const trimmed = host.trim().toLowerCase();
  return isIPv6(trimmed) ? `[${trimmed}]` : trimmed;
}

/** True for addresses that listen on every interface, whose reachable names cannot be known. */
export function isWildcardHost(host: string): boolean {
  return ["", "0.0.0.0", "::", "[::]"].includes(host.trim());
}

/**
 * `Host` header values accepted for a server bound to `hosts` on `port`: each name with and without the port,
 * and every loopback alias for a loopback bind. Null when a bind is a wildcard (then the gateway requires tokens
 * and Host cannot be checked).
 */
export function allowedHostHeaders(hosts: readonly string[], port: number | undefined): string[] | null {
  if (hosts.some(isWildcardHost)) return null;
  const names = new Set<string>();
  for (const host of hosts) {
    names.add(hostName(host));
    if (isLoopbackHost(host)) for (const alias of LOOPBACK_NAMES) names.add(alias);
  }
  return [...names].flatMap((name) => (port === undefined ? [name] : [name, `${name}:${port}`]));
}

/** `Origin` values accepted: pages served from an allowed host, plus any configured extra origins. */
export function allowedOriginHeaders(
  hostHeaders: readonly string[],
  extra: readonly string[] = [],
): string[] {
  return [...hostHeaders.flatMap((host) => [`http://${host}`, `https://${host}`]), ...extra];
}
