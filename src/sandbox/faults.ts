/** Injected upstream faults: rules, matching and consumption (`times`). */
import { ENDPOINTS, type Endpoint } from "../quickcom/client/endpoints.js";

/** The sandbox's API endpoints (paths under `/api/v1`): the upstream's own, as the client names them. */
export type SandboxEndpoint = Endpoint;

/** Every {@link SandboxEndpoint}, in path order. */
export const SANDBOX_ENDPOINTS: readonly SandboxEndpoint[] = ENDPOINTS;

/** One kind of failure the sandbox can simulate. */
export type SandboxFault =
  /** Adds `ms` of latency, then answers normally. */
  | { type: "latency"; ms: number }
  /** A bare 5xx (e.g. 500/502/503/504) with an HTML body, no envelope. */
  | { type: "status"; status: number }
  /** The backend's own 500 envelope with error_code 1005. */
  | { type: "error1005" }
  /** 429 with the plain body `Too Many Attempts.`. */
  | { type: "rateLimit"; retryAfterSeconds: number }
  /** 200 with a truncated, non-JSON body. */
  | { type: "malformed" }
  /** Destroys the socket without answering. */
  | { type: "drop" }
  /** Never answers (until `close()`). */
  | { type: "hang" };

/** When and how often a fault applies. */
export interface FaultRule {
  /** Endpoint the rule applies to; `"*"` = every API request. */
  endpoint: SandboxEndpoint | "*";
  fault: SandboxFault;
  /** How many matching requests it applies to; default: until cleared. */
  times?: number;
  /**
   * `"before"` (default): the request is not processed. `"after"`: the request is fully processed (a send is
   * made and billed) and then its answer is replaced by the fault.
   */
  phase?: "before" | "after";
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** The active fault rules of one sandbox, first injected first matched. */
export class FaultRegistry {
  private rules: ActiveRule[] = [];

  /** Adds a rule. */
  add(rule: FaultRule): void {
    this.rules.push({ rule, remaining: rule.times ?? Number.POSITIVE_INFINITY });
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** Takes (and consumes one use of) the first rule matching `endpoint`, if any. */
  take(endpoint: SandboxEndpoint | "unknown"): FaultRule | undefined {
    const active = this.rules.find((r) => r.rule.endpoint === "*" || r.rule.endpoint === endpoint);
    if (!active) return undefined;
    active.remaining--;
    if (active.remaining <= 0) this.rules = this.rules.filter((r) => r !== active);
    return active.rule;
  }
}

const FAULT_TYPES = new Set(["latency", "status", "error1005", "rateLimit", "malformed", "drop", "hang"]);

/** Checks an untrusted JSON value (admin endpoint) and returns it as a rule, or a reason it is not one. */
export function parseFaultRule(value: unknown): FaultRule | string {
  if (typeof value !== "object" || value === null) return "body must be a JSON object";
  const rule = value as Record<string, unknown>;
  const endpoint = rule.endpoint;
  if (endpoint !== "*" && !SANDBOX_ENDPOINTS.includes(endpoint as SandboxEndpoint)) return "unknown endpoint";
  const fault = rule.fault as Record<string, unknown> | undefined;
  if (typeof fault !== "object" || fault === null || !FAULT_TYPES.has(String(fault.type)))
    return "unknown fault type";
  if (fault.type === "latency" && typeof fault.ms !== "number") return "latency needs ms";
  if (fault.type === "status" && typeof fault.status !== "number") return "status needs status";
  if (fault.type === "rateLimit" && typeof fault.retryAfterSeconds !== "number") {
    return "rateLimit needs retryAfterSeconds";
  }
  if (rule.times !== undefined && (typeof rule.times !== "number" || rule.times < 1))
    return "times must be >= 1";
  if (rule.phase !== undefined && rule.phase !== "before" && rule.phase !== "after") return "bad phase";
  return value as FaultRule;
}
