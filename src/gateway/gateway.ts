/**
 * Assembles the gateway's shared services from the configuration: one QuickCom client (with its breaker and
 * hooks), the read cache, the send pipeline with its channels, idempotency store, confirmations and audit trail.
 * Both front doors (GraphQL over HTTP and MCP) build their per-request contexts from this.
 */

import { randomBytes } from "node:crypto";
import { CircuitBreaker } from "../quickcom/client/circuit-breaker.js";
import { QuickcomClient, type UpstreamTracer } from "../quickcom/client/client.js";
import { ENDPOINTS, SEND_ENDPOINTS } from "../quickcom/client/endpoints.js";
import { fetchTransport } from "../quickcom/client/transport.js";
import { createUndiciTransport } from "../quickcom/client/undici-transport.js";
import type { SendState } from "../state/shared-state.js";
import type { AuditStore } from "./audit.js";
import { ConfirmationTokens } from "./confirmation.js";
import type { ContextServices } from "./context.js";
import {
  type BalanceCaps,
  CreditCapLedger,
  MemoryDailyCredits,
  resolveBalanceCaps,
} from "./credit-cap-ledger.js";
import { MemoryIdempotencyStore } from "./idempotency.js";
import type { NonceStore } from "./nonce-store.js";
import { OtpChannel, type TransientSecrets } from "./otp-channel.js";
import { OtpKeys } from "./otp-code.js";
import { MemoryOtpThrottle } from "./otp-throttle.js";
import { DEFAULT_OTP_THROTTLE, OTP_CODE_LENGTH, type OtpThrottleRule } from "./otp-throttle-rules.js";
import { type PollTimer, ProgressPollers } from "./progress-pollers.js";
import { ReadCache } from "./read-cache.js";
import { ChannelSender, SendPipeline } from "./send-pipeline.js";
import type { SendLogger } from "./send-types.js";
import { SmsChannel } from "./sms-channel.js";
import { VoiceChannel } from "./voice-channel.js";
import { WhatsAppChannel } from "./whatsapp-channel.js";
import type { WhatsAppCharges } from "./whatsapp-charges.js";

/** What the gateway observes, for metrics. All optional. */
export interface GatewayObservers {
  onUpstreamCall?(e: {
    endpoint: string;
    outcome: "ok" | "error";
    code: string | null;
    durationMs: number;
  }): void;
  onRetry?(e: { endpoint: string }): void;
  onBreakerState?(state: "closed" | "half-open" | "open"): void;
  onSendChunk?(e: { status: string; credits: number }): void;
}

/** Settings of {@link createGateway}, a subset of the validated configuration. */
export interface GatewaySettings {
  quickcomBaseUrl: string;
  defaultCredentials: { appKey: string; appSecret: string } | null;
  quickcomAuth: "query" | "header";
  quickcomTimeoutMs: number;
  quickcomSendTimeoutMs: number;
  mcpSendConfirmation: boolean;
  sendMaxRecipients: number;
  sendMaxCredits: number | null;
  dailyMaxCredits: number | null;
  /** Caps of the voice and WhatsApp balances; a null cap falls back to the SMS cap of its kind. */
  balanceCaps?: Partial<Omit<BalanceCaps, "transaction_balance">>;
  sendUrlMaxBytes: number;
  sendConcurrency: number;
  readCacheTtlMs: number;
  /** Live progress subscriptions per credential (default 10). */
  subscriptionMaxPerCredential?: number;
  /** Backoff of the progress pollers (default 1 s to 30 s). */
  progressPollMs?: { min: number; max: number };
  /** OTP resend throttle rules (default 1 per 30 s and 5 per hour per number). */
  otpThrottle?: readonly OtpThrottleRule[];
  /** Digits of a generated OTP code (default 6). */
  otpCodeLength?: number;
  /** The account's WhatsApp charge per template category (WHATSAPP_CHARGES; default none known). */
  whatsappCharges?: WhatsAppCharges;
}

/** How confirmation tokens are signed and their single use recorded (default: per process, in memory). */
export interface ConfirmationSettings {
  secret: Buffer;
  nonces: NonceStore;
}

/** Injected I/O. */
export interface GatewayDeps {
  audit: AuditStore;
  confirmations?: ConfirmationSettings;
  logger: SendLogger;
  /** Upstream requests go through this `fetch` instead of the keep-alive undici transport. */
  fetch?: typeof fetch;
  /** Traces every upstream attempt (OpenTelemetry, when configured); default none. */
  tracer?: UpstreamTracer;
  now?: () => Date;
  observers?: GatewayObservers;
  breaker?: CircuitBreaker;
  /** State shared by replicas (Redis); default: this process's memory. */
  state?: SendState;
  /** The progress pollers' timer (default real timers). */
  pollTimer?: PollTimer;
  /** The logger's scrubber: OTP codes are redacted from every line while their request runs. */
  secrets?: TransientSecrets;
}

/** The assembled gateway. */
export interface Gateway {
  services: ContextServices;
  breaker: CircuitBreaker;
  /** Whether the state engine answers (always true in memory). */
  stateAvailable: () => boolean;
}

/** Builds the shared services. */
export function createGateway(settings: GatewaySettings, deps: GatewayDeps): Gateway {
  const observers = deps.observers ?? {};
  const breaker = deps.breaker ?? new CircuitBreaker({ onStateChange: (s) => observers.onBreakerState?.(s) });
  const client = new QuickcomClient({
    baseUrl: settings.quickcomBaseUrl,
    credentials: settings.defaultCredentials ?? { appKey: "", appSecret: "" },
    auth: settings.quickcomAuth,
    transport: deps.fetch ? fetchTransport(deps.fetch) : createUndiciTransport(),
    timeoutMs: Object.fromEntries(
      ENDPOINTS.map((endpoint) => [
        endpoint,
        SEND_ENDPOINTS.has(endpoint) ? settings.quickcomSendTimeoutMs : settings.quickcomTimeoutMs,
      ]),
    ),
    breaker,
    hooks: {
      onUpstreamCall: (e) => observers.onUpstreamCall?.(e),
      onRetry: (e) => observers.onRetry?.(e),
    },
    tracer: deps.tracer,
  });
  const idempotency = deps.state?.idempotency ?? new MemoryIdempotencyStore();
  const dailyCredits = deps.state?.dailyCredits ?? new MemoryDailyCredits(deps.audit);
  const confirmations = new ConfirmationTokens({
    ...deps.confirmations,
    now: () => (deps.now ?? (() => new Date()))().getTime(),
  });
  const caps = resolveBalanceCaps(
    { maxCreditsPerSend: settings.sendMaxCredits, maxCreditsPerDay: settings.dailyMaxCredits },
    settings.balanceCaps,
  );
  const credits = new CreditCapLedger({ caps, audit: deps.audit, book: dailyCredits });
  const pipeline = new SendPipeline({
    idempotency,
    audit: deps.audit,
    credits,
    confirmations,
    logger: deps.logger,
    onChunk: (e) => observers.onSendChunk?.(e),
  });
  const sms = new SmsChannel({
    maxRecipients: settings.sendMaxRecipients,
    maxUrlBytes: settings.sendUrlMaxBytes,
    concurrency: settings.sendConcurrency,
  });
  const otpKeys = new OtpKeys(deps.confirmations?.secret ?? randomBytes(32));
  const otp = new OtpChannel({
    throttle: deps.state?.otpThrottle ?? new MemoryOtpThrottle(),
    throttleRules: settings.otpThrottle ?? DEFAULT_OTP_THROTTLE,
    keys: otpKeys,
    codeLength: settings.otpCodeLength ?? OTP_CODE_LENGTH.default,
    secrets: deps.secrets,
  });
  const voice = new VoiceChannel({
    limits: {
      maxRecipients: settings.sendMaxRecipients,
      maxUrlBytes: settings.sendUrlMaxBytes,
      concurrency: settings.sendConcurrency,
    },
    keys: otpKeys,
    secrets: deps.secrets,
  });
  const whatsapp = new WhatsAppChannel({
    charges: settings.whatsappCharges ?? {},
    capped: credits.capped("whatsapp_credit"),
  });
  const state = deps.state;
  let lastCacheWarning = 0;
  const warnCacheUnshared = (error: unknown) => {
    const at = Date.now();
    if (at - lastCacheWarning < 10_000) return;
    lastCacheWarning = at;
    deps.logger.warn({ err: String(error) }, "read cache generations unavailable; reading upstream");
  };
  return {
    breaker,
    stateAvailable: () => state?.available() ?? true,
    services: {
      client,
      readCache: new ReadCache({
        ttlMs: settings.readCacheTtlMs,
        generations: state?.cacheGenerations,
        onGenerationsError: warnCacheUnshared,
      }),
      progress: new ProgressPollers({
        maxPerCredential: settings.subscriptionMaxPerCredential ?? 10,
        minDelayMs: settings.progressPollMs?.min,
        maxDelayMs: settings.progressPollMs?.max,
        timer: deps.pollTimer,
      }),
      pipeline,
      sends: new ChannelSender(pipeline, sms),
      otp: new ChannelSender(pipeline, otp),
      whatsapp: new ChannelSender(pipeline, whatsapp),
      voice: new ChannelSender(pipeline, voice),
      audit: deps.audit,
      defaultCredentials: settings.defaultCredentials,
      mcpSendConfirmation: settings.mcpSendConfirmation,
      now: deps.now ?? (() => new Date()),
    },
  };
}
