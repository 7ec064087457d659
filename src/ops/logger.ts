/**
 * The gateway's logger: pino, one JSON object per line, with three layers of secret protection:
 * pino `redact` paths for the usual places, a deep key-based redaction of every logged object and
 * binding, and a scrubber over each finished line that removes registered secret values and
 * `app_secret=` query parameters wherever they ended up (messages, error stacks, URLs).
 */
import { destination as fileDestination, type Logger, pino } from "pino";
import { REDACTED, SecretRegistry } from "./secret-registry.js";
import { redactSensitiveKeys, sensitiveRedactPaths } from "./sensitive-keys.js";

export type { Logger } from "pino";
export { REDACTED, SecretRegistry } from "./secret-registry.js";

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  /** pino level: `fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`. */
  level: string;
  /**
   * Where the JSON lines go: file descriptor 1 (stdout, the default, for `npm start`), 2 (stderr, for
   * `npm run mcp` whose stdout is the MCP channel), or any writable stream (tests).
   */
  destination?: 1 | 2 | NodeJS.WritableStream;
  /** Secret values to scrub from every line; register more at any time. A fresh empty registry by default. */
  secrets?: SecretRegistry;
}

/** Creates the gateway logger. Nothing it writes contains a registered secret or a sensitive key's value. */
export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets ?? new SecretRegistry();
  const target = options.destination ?? 1;
  const stream = typeof target === "number" ? fileDestination({ dest: target, sync: true }) : target;
  return pino(
    {
      level: options.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: sensitiveRedactPaths(), censor: REDACTED },
      serializers: { err: (value: unknown) => value },
      formatters: {
        bindings: (bindings) => redactSensitiveKeys(bindings) as Record<string, unknown>,
        log: (object) => redactSensitiveKeys(object) as Record<string, unknown>,
      },
      hooks: { streamWrite: (line) => secrets.scrub(line) },
    },
    stream,
  );
}
