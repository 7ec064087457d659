/** Public surface of the QuickCom REST client. */
export type { BreakerState, CircuitBreakerOptions } from "./circuit-breaker.js";
export { CircuitBreaker } from "./circuit-breaker.js";
export type { CallOptions, ClientHooks, QuickcomClientOptions, RetryOptions, SendOptions } from "./client.js";
export { QuickcomClient } from "./client.js";
export type { Endpoint } from "./endpoints.js";
export { ENDPOINTS } from "./endpoints.js";
export * from "./errors.js";
