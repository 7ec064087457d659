/**
 * Readiness: the gateway is ready while its circuit breaker is closed and the upstream answers. The probe asks
 * `account-status` without credentials — QuickCom answers that with its 401 envelope, which proves it is up —
 * and caches the verdict briefly so `/readyz` polling never becomes upstream load.
 */
import type { CircuitBreaker } from "../quickcom/client/circuit-breaker.js";

/** Options of {@link createReadinessProbe}. */
export interface ReadinessOptions {
  baseUrl: string;
  breaker: CircuitBreaker;
  fetch?: typeof fetch;
  /** Probe timeout (default 2000 ms). */
  timeoutMs?: number;
  /** How long a verdict is reused (default 5000 ms). */
  cacheMs?: number;
  now?: () => number;
}

/** Returns `ready()`: true while the breaker is not open and the upstream answered recently. */
export function createReadinessProbe(options: ReadinessOptions): () => Promise<boolean> {
  const doFetch = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const url = `${options.baseUrl.replace(/\/+$/, "")}/account-status`;
  let cached: { at: number; ready: Promise<boolean> } | null = null;
  const probe = async (): Promise<boolean> => {
    try {
      const response = await doFetch(url, { signal: AbortSignal.timeout(options.timeoutMs ?? 2_000) });
      const body = await response.text();
      return response.status < 500 && body.trimStart().startsWith("{");
    } catch {
      return false;
    }
  };
  return async () => {
    if (options.breaker.state === "open") return false;
    if (!cached || now() - cached.at > (options.cacheMs ?? 5_000)) cached = { at: now(), ready: probe() };
    return cached.ready;
  };
}
