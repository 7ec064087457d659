/** Whether a listen address only accepts connections from this machine. */
import { isIPv4, isIPv6 } from "node:net";

/**
 * True for `localhost` (any case, optional trailing dot), every IPv4 address in 127.0.0.0/8, and the IPv6
 * loopback `::1` in any spelling (bracketed, expanded, or IPv4-mapped `::ffff:127.x.y.z`). False for
 * everything else, including the wildcard addresses `0.0.0.0` and `::`.
 */
export function isLoopbackHost(host: string): boolean {
  const trimmed = host.trim().toLowerCase();
  if (trimmed === "localhost" || trimmed === "localhost.") return true;
  if (isIPv4(trimmed)) return trimmed.startsWith("127.");
  const unbracketed = trimmed.startsWith("[") && trimmed.endsWith("]") ? trimmed.slice(1, -1) : trimmed;
  if (!isIPv6(unbracketed) || unbracketed.includes("%")) return false;
  const normalized = new URL(`http://[${unbracketed}]/`).hostname;
  return normalized === "[::1]" || /^\[::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}\]$/.test(normalized);
}
