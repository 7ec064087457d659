/**
 * Key-based redaction for log objects: the keys whose values are never logged, as pino `redact` paths
 * (fast, fixed depth) and as a deep copy that blanks them at any depth (slower, complete).
 */
import { stdSerializers } from "pino";
import { REDACTED } from "./secret-registry.js";

/** Key names that are redacted wherever they appear (pino redact paths list these at fixed depths). */
export const SENSITIVE_KEYS = [
  "secret",
  "password",
  "token",
  "authorization",
  "cookie",
  "set-cookie",
  "app_secret",
  "appSecret",
  "x-quickcom-app-secret",
] as const;

/** Any key that merely contains one of these words (case-insensitive) is treated as sensitive too. */
export const SENSITIVE_KEY_PATTERN = /secret|passw(?:or)?d|token|authorization|cookie/i;

const WILDCARD_DEPTH = 3;
const MAX_DEPTH = 12;

/** pino `redact` paths: every {@link SENSITIVE_KEYS} entry at the top level and under up to three wildcards. */
export function sensitiveRedactPaths(): string[] {
  const paths = ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-quickcom-app-secret"]'];
  for (const key of SENSITIVE_KEYS) {
    for (let depth = 0; depth <= WILDCARD_DEPTH; depth++) {
      paths.push(`${"*.".repeat(depth).replace(/\.$/, "")}["${key}"]`);
    }
  }
  return paths;
}

/** True when a value under this key must not be logged. */
export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEY_PATTERN.test(key);
}

/**
 * A JSON-ready copy of `value` with every sensitive key's value replaced by `[REDACTED]`, at any depth.
 * Errors anywhere become pino's serialized form (type, message, stack, own fields); objects with `toJSON`
 * are converted first, as `JSON.stringify` would; cycles become `"[Circular]"`.
 */
export function redactSensitiveKeys(value: unknown): unknown {
  return walk(value, new WeakSet(), 0);
}

function walk(value: unknown, ancestors: WeakSet<object>, depth: number): unknown {
  if (value === null || typeof value !== "object") return value;
  if (ancestors.has(value)) return "[Circular]";
  if (depth >= MAX_DEPTH) return "[...]";
  if (value instanceof Error) return walk({ ...stdSerializers.err(value) }, ancestors, depth);
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    const json: unknown = toJSON.call(value);
    if (json !== value) return walk(json, ancestors, depth + 1);
  }
  ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item) => walk(item, ancestors, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      copy[key] = isSensitiveKey(key) && item !== undefined ? REDACTED : walk(item, ancestors, depth + 1);
    }
    return copy;
  } finally {
    ancestors.delete(value);
  }
}
