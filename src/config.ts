/**
 * Gateway configuration, read from the environment once at start-up and validated with zod.
 * Every bad variable gets its own line in one clear error; nothing starts half-configured.
 */
import { z } from "zod";
import type { BalanceCaps } from "./gateway/credit-cap-ledger.js";
import {
  DEFAULT_OTP_THROTTLE,
  OTP_CODE_LENGTH,
  type OtpThrottleRule,
  parseOtpThrottle,
} from "./gateway/otp-throttle-rules.js";
import { parseWhatsAppCharges, type WhatsAppCharges } from "./gateway/whatsapp-charges.js";
import { isLoopbackHost } from "./ops/loopback.js";

const flag = z
  .enum(["on", "off", "true", "false", "1", "0"], { error: "must be on or off" })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === "on" || v === "true" || v === "1"));

const number = () => z.coerce.number({ error: "must be a number" }).int("must be a whole number");

const positiveInt = (fallback: number) => number().positive("must be greater than 0").default(fallback);

const optionalPositiveInt = number().positive("must be greater than 0").optional();

/** A cap of a balance billed in fractions (WhatsApp credit): any positive number. */
const optionalPositiveAmount = z.coerce
  .number({ error: "must be a number" })
  .positive("must be greater than 0")
  .optional();

const otlpProtocol = z
  .enum(["http/protobuf"], {
    error: "must be http/protobuf (the gateway exports OTLP over HTTP with protobuf)",
  })
  .optional();

const envSchema = z.object({
  QUICKCOM_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as https://ok-go.in/api/v1" })
    .optional(),
  QUICKCOM_APP_KEY: z.string().min(1).optional(),
  QUICKCOM_APP_SECRET: z.string().min(1).optional(),
  QUICKCOM_AUTH: z.enum(["query", "header"]).default("query"),
  QUICKCOM_TIMEOUT_MS: positiveInt(10_000),
  QUICKCOM_SEND_TIMEOUT_MS: optionalPositiveInt,
  PORT: number()
    .min(0, "must be a TCP port (0-65535)")
    .max(65_535, "must be a TCP port (0-65535)")
    .default(4000),
  HOST: z.string().min(1).default("127.0.0.1"),
  NODE_ENV: z.string().default("development"),
  GRAPHIQL: flag,
  INTROSPECTION: flag,
  GATEWAY_TOKENS_FILE: z.string().min(1).optional(),
  MCP_SEND_CONFIRMATION: flag,
  SEND_MAX_RECIPIENTS: positiveInt(100_000),
  SEND_MAX_CREDITS: optionalPositiveInt,
  DAILY_MAX_CREDITS: optionalPositiveInt,
  VOICE_SEND_MAX_CREDITS: optionalPositiveInt,
  VOICE_DAILY_MAX_CREDITS: optionalPositiveInt,
  WHATSAPP_SEND_MAX_CREDITS: optionalPositiveAmount,
  WHATSAPP_DAILY_MAX_CREDITS: optionalPositiveAmount,
  SEND_URL_MAX_BYTES: positiveInt(8_192),
  SEND_CONCURRENCY: positiveInt(4),
  READ_CACHE_TTL_MS: number().min(0, "must not be negative").default(60_000),
  SHUTDOWN_GRACE_MS: positiveInt(30_000),
  SUBSCRIPTION_MAX_PER_CREDENTIAL: positiveInt(10),
  CORS_ORIGINS: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  AUDIT_FILE: z.string().min(1).default(".data/send-audit.jsonl"),
  REDIS_URL: z
    .url({ protocol: /^rediss?$/, error: "must be a redis:// or rediss:// URL such as redis://redis:6379/0" })
    .optional(),
  OTP_THROTTLE: z
    .string()
    .transform((value, issue) => {
      const rules = parseOtpThrottle(value);
      if (typeof rules === "string") {
        issue.addIssue({ code: "custom", message: rules });
        return z.NEVER;
      }
      return rules;
    })
    .optional(),
  WHATSAPP_CHARGES: z
    .string()
    .transform((value, issue) => {
      const charges = parseWhatsAppCharges(value);
      if (typeof charges === "string") {
        issue.addIssue({ code: "custom", message: charges });
        return z.NEVER;
      }
      return charges;
    })
    .optional(),
  OTP_CODE_LENGTH: number()
    .min(OTP_CODE_LENGTH.min, `must be ${OTP_CODE_LENGTH.min} to ${OTP_CODE_LENGTH.max}`)
    .max(OTP_CODE_LENGTH.max, `must be ${OTP_CODE_LENGTH.min} to ${OTP_CODE_LENGTH.max}`)
    .default(OTP_CODE_LENGTH.default),
  OTEL_SDK_DISABLED: flag,
  OTEL_TRACES_EXPORTER: z.enum(["otlp", "none"], { error: "must be otlp or none" }).optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL such as http://otel-collector:4318" })
    .optional(),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z
    .url({
      protocol: /^https?$/,
      error: "must be an http(s) URL such as http://otel-collector:4318/v1/traces",
    })
    .optional(),
  OTEL_EXPORTER_OTLP_PROTOCOL: otlpProtocol,
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: otlpProtocol,
  OTEL_SERVICE_NAME: z.string().min(1).default("quickcom-gateway"),
  CONFIRMATION_SECRET: z
    .string()
    .min(32, "must be at least 32 characters (for example the output of: openssl rand -base64 32)")
    .optional(),
});

/** Every environment variable the gateway reads (docs and deployment files are checked against this list). */
export const ENV_VARIABLES: readonly string[] = Object.keys(envSchema.shape);

/** Options of {@link loadConfig}. */
export interface LoadConfigOptions {
  /**
   * Whether the process listens on HOST (default true); then a HOST other than loopback needs
   * GATEWAY_TOKENS_FILE. `npm run mcp` talks over stdio only and passes false.
   */
  listens?: boolean;
}

/** Rules between variables, checked on the raw environment so they are reported with every other problem. */
function crossVariableProblems(env: Record<string, string | undefined>, listens: boolean): string[] {
  const problems: string[] = [];
  if (listens && env.HOST && !env.GATEWAY_TOKENS_FILE && !isLoopbackHost(env.HOST)) {
    problems.push(
      `  HOST: Refusing to listen on ${env.HOST} without GATEWAY_TOKENS_FILE: anyone who can reach it could spend ` +
        "credits. Bind HOST=127.0.0.1 or configure gateway tokens.",
    );
  }
  const key = Boolean(env.QUICKCOM_APP_KEY);
  const secret = Boolean(env.QUICKCOM_APP_SECRET);
  if (key !== secret) {
    problems.push(
      `  ${key ? "QUICKCOM_APP_SECRET" : "QUICKCOM_APP_KEY"}: QUICKCOM_APP_KEY and QUICKCOM_APP_SECRET go together`,
    );
  } else if (env.QUICKCOM_BASE_URL && !key && !env.GATEWAY_TOKENS_FILE) {
    problems.push(
      "  QUICKCOM_APP_KEY: QUICKCOM_APP_KEY and QUICKCOM_APP_SECRET are required with QUICKCOM_BASE_URL (or give " +
        "every caller credentials through GATEWAY_TOKENS_FILE or the x-quickcom-app-key/secret headers)",
    );
  }
  if (env.REDIS_URL && !env.CONFIRMATION_SECRET) {
    problems.push(
      "  CONFIRMATION_SECRET: required with REDIS_URL: every replica must sign confirmation tokens with the same key",
    );
  }
  return problems;
}

/** Where the gateway exports its traces (OTLP over HTTP, protobuf). */
export interface TracingConfig {
  /** The full traces URL: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT, else OTEL_EXPORTER_OTLP_ENDPOINT + `/v1/traces`. */
  endpoint: string;
  /** OTEL_SERVICE_NAME (default `quickcom-gateway`). */
  serviceName: string;
}

/** The tracing settings: null (off) without an OTLP endpoint, or with OTEL_SDK_DISABLED / OTEL_TRACES_EXPORTER=none. */
function tracingOf(e: z.infer<typeof envSchema>): TracingConfig | null {
  if (e.OTEL_SDK_DISABLED || e.OTEL_TRACES_EXPORTER === "none") return null;
  const base = e.OTEL_EXPORTER_OTLP_ENDPOINT?.replace(/\/+$/, "");
  const endpoint =
    e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? (base === undefined ? undefined : `${base}/v1/traces`);
  return endpoint === undefined ? null : { endpoint, serviceName: e.OTEL_SERVICE_NAME };
}

/** The validated configuration. */
export interface GatewayConfig {
  /** Upstream base URL; null = start the embedded sandbox. */
  quickcomBaseUrl: string | null;
  /** Server-side default QuickCom credentials; null = callers must bring their own. */
  defaultCredentials: { appKey: string; appSecret: string } | null;
  quickcomAuth: "query" | "header";
  quickcomTimeoutMs: number;
  /** Deadline of a send-message call (QUICKCOM_SEND_TIMEOUT_MS, default the read timeout). */
  quickcomSendTimeoutMs: number;
  port: number;
  host: string;
  production: boolean;
  graphiql: boolean;
  introspection: boolean;
  tokensFile: string | null;
  mcpSendConfirmation: boolean;
  sendMaxRecipients: number;
  sendMaxCredits: number | null;
  dailyMaxCredits: number | null;
  /**
   * Caps of the voice and WhatsApp balances (VOICE_* and WHATSAPP_* SEND_MAX_CREDITS / DAILY_MAX_CREDITS); null
   * (unset) falls back to the SMS cap of the same kind, so a cap set once bounds every balance.
   */
  balanceCaps: Omit<BalanceCaps, "transaction_balance">;
  sendUrlMaxBytes: number;
  sendConcurrency: number;
  readCacheTtlMs: number;
  corsOrigins: string[];
  logLevel: string;
  auditFile: string;
  /** Signing key of MCP confirmation tokens (CONFIRMATION_SECRET); null = a key file beside the audit trail. */
  confirmationSecret: string | null;
  /** Redis holding the state every replica shares (REDIS_URL); null = memory and files of this node. */
  redisUrl: string | null;
  /** OpenTelemetry trace export (OTEL_EXPORTER_OTLP_*); null = tracing off, the SDK never loaded. */
  tracing: TracingConfig | null;
  /** Live campaign-progress subscriptions (GraphQL and MCP) one QuickCom credential may hold at once. */
  subscriptionMaxPerCredential: number;
  /** Delay of a progress poller between reads: the first and after a change (1 s), and the longest (30 s). */
  progressPollMs: { min: number; max: number };
  /** How long a shutdown waits for requests and sends under way before it exits anyway. */
  shutdownGraceMs: number;
  /** OTPs one credential may send to one number per window (OTP_THROTTLE, default 1 per 30 s and 5 per hour). */
  otpThrottle: readonly OtpThrottleRule[];
  /** The account's WhatsApp charge per template category (WHATSAPP_CHARGES; empty = unknown, priced upstream). */
  whatsappCharges: WhatsAppCharges;
  /** Digits of a code the gateway generates when the caller gives none (OTP_CODE_LENGTH, 4-8, default 6). */
  otpCodeLength: number;
}

/** Thrown when the environment is invalid; `message` lists every bad variable, one per line. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses and validates `env` (default `process.env`). Throws {@link ConfigError}. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  options: LoadConfigOptions = {},
): GatewayConfig {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  const lines = [
    ...(parsed.success ? [] : parsed.error.issues).map((issue) => {
      const name = String(issue.path[0] ?? "environment");
      const hidden =
        name.includes("SECRET") || name === "REDIS_URL" || /^OTEL_EXPORTER_OTLP_.*ENDPOINT$/.test(name);
      const value = hidden ? "" : ` (got ${JSON.stringify(cleaned[name] ?? null)})`;
      return `  ${name}: ${issue.message}${value}`;
    }),
    ...crossVariableProblems(cleaned, options.listens ?? true),
  ];
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  return {
    quickcomBaseUrl: e.QUICKCOM_BASE_URL ?? null,
    defaultCredentials:
      e.QUICKCOM_APP_KEY && e.QUICKCOM_APP_SECRET
        ? { appKey: e.QUICKCOM_APP_KEY, appSecret: e.QUICKCOM_APP_SECRET }
        : null,
    quickcomAuth: e.QUICKCOM_AUTH,
    quickcomTimeoutMs: e.QUICKCOM_TIMEOUT_MS,
    quickcomSendTimeoutMs: e.QUICKCOM_SEND_TIMEOUT_MS ?? e.QUICKCOM_TIMEOUT_MS,
    port: e.PORT,
    host: e.HOST,
    production,
    graphiql: e.GRAPHIQL ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    tokensFile: e.GATEWAY_TOKENS_FILE ?? null,
    mcpSendConfirmation: e.MCP_SEND_CONFIRMATION ?? true,
    sendMaxRecipients: e.SEND_MAX_RECIPIENTS,
    sendMaxCredits: e.SEND_MAX_CREDITS ?? null,
    dailyMaxCredits: e.DAILY_MAX_CREDITS ?? null,
    balanceCaps: {
      voice_sms_balance: {
        maxCreditsPerSend: e.VOICE_SEND_MAX_CREDITS ?? null,
        maxCreditsPerDay: e.VOICE_DAILY_MAX_CREDITS ?? null,
      },
      whatsapp_credit: {
        maxCreditsPerSend: e.WHATSAPP_SEND_MAX_CREDITS ?? null,
        maxCreditsPerDay: e.WHATSAPP_DAILY_MAX_CREDITS ?? null,
      },
    },
    sendUrlMaxBytes: e.SEND_URL_MAX_BYTES,
    sendConcurrency: e.SEND_CONCURRENCY,
    readCacheTtlMs: e.READ_CACHE_TTL_MS,
    corsOrigins: (e.CORS_ORIGINS ?? "")
      .split(",")
      .map((o) => o.trim())
      .filter(Boolean),
    logLevel: e.LOG_LEVEL,
    auditFile: e.AUDIT_FILE,
    confirmationSecret: e.CONFIRMATION_SECRET ?? null,
    redisUrl: e.REDIS_URL ?? null,
    tracing: tracingOf(e),
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    subscriptionMaxPerCredential: e.SUBSCRIPTION_MAX_PER_CREDENTIAL,
    progressPollMs: { min: 1_000, max: 30_000 },
    otpThrottle: e.OTP_THROTTLE ?? DEFAULT_OTP_THROTTLE,
    otpCodeLength: e.OTP_CODE_LENGTH,
    whatsappCharges: e.WHATSAPP_CHARGES ?? {},
  };
}
