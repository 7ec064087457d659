/**
 * The W3C Trace Context headers a caller sent (`traceparent`, `tracestate`), carried to the operation's span so
 * the gateway's span becomes a child of the caller's. Read on every request whether tracing is on or not: two
 * header look-ups, no parsing (the tracer validates them).
 */

/** The caller's trace context, as sent. */
export interface TraceHeaders {
  traceparent: string;
  tracestate?: string;
}

/** The caller's `traceparent` (and `tracestate`), or undefined when it sent none. */
export function traceHeadersFrom(headers: Pick<Headers, "get">): TraceHeaders | undefined {
  const traceparent = headers.get("traceparent");
  if (!traceparent) return undefined;
  const tracestate = headers.get("tracestate");
  return tracestate ? { traceparent, tracestate } : { traceparent };
}
