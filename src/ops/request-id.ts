/** Request ids: the caller's `x-request-id` when it is safe to echo and log, else a fresh UUID. */
import { randomUUID } from "node:crypto";

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's `x-request-id` if it is 1-128 characters of `[A-Za-z0-9._:-]`, else a new random UUID.
 * @param newId makes the fresh id (injectable for tests); `crypto.randomUUID` by default.
 */
export function requestIdFrom(header: string | null | undefined, newId: () => string = randomUUID): string {
  return header !== null && header !== undefined && SAFE_REQUEST_ID.test(header) ? header : newId();
}
