/**
 * The client's view of HTTP: one GET with a deadline, answered with the status, headers and whole body. Two
 * implementations: {@link fetchTransport} over any `fetch`, and `createUndiciTransport` (undici keep-alive
 * pools, the gateway's default). Keeping the deadline inside the transport lets the undici one enforce it with a
 * plain timer instead of an AbortController per call, which costs more than the rest of the client's work.
 */

/** An upstream answer with its body read. */
export interface TransportResponse {
  status: number;
  headers: Pick<Headers, "get">;
  body: string;
}

/** One GET. */
export interface TransportRequest {
  headers: Record<string, string>;
  /** Deadline for the whole exchange (connect, answer and body), in milliseconds. */
  timeoutMs: number;
  /** The caller's cancellation; the transport rejects with its reason. */
  signal?: AbortSignal;
}

/**
 * Performs one GET. Rejects with {@link TransportTimeoutError} when `timeoutMs` runs out, with the signal's
 * reason when the caller aborts, and otherwise with the underlying socket or fetch error (`ECONNREFUSED`…).
 */
export type Transport = (url: string, request: TransportRequest) => Promise<TransportResponse>;

/** The exchange did not finish within its deadline. */
export class TransportTimeoutError extends Error {
  override readonly name = "TimeoutError";

  /** @param timeoutMs the deadline that ran out */
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

/** A {@link Transport} over a `fetch` function (the platform's by default); the deadline aborts the fetch. */
export function fetchTransport(
  fetchFn: typeof fetch = (input, init) => globalThis.fetch(input, init),
): Transport {
  return async (url, { headers, timeoutMs, signal }) => {
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new TransportTimeoutError(timeoutMs)), timeoutMs);
    try {
      const response = await fetchFn(url, {
        method: "GET",
        headers,
        signal: signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal,
      });
      return { status: response.status, headers: response.headers, body: await response.text() };
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      if (deadline.signal.aborted) throw deadline.signal.reason;
      throw error;
    } finally {
      clearTimeout(timer);
    }
  };
}
