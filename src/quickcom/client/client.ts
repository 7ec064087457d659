import type { z } from "zod";
import type {
  AccountBalance,
  AccountStatus,
  AccountUsage,
  CampaignPage,
  CampaignReport,
  Credentials,
  NumberReportRow,
  QuickcomResult,
  SenderIdRecord,
  SendMessageRequest,
  SendMessageResponse,
  TemplateRecord,
  VoiceSendRequest,
  VoiceSendResponse,
  VoiceTemplate,
  WhatsAppFile,
  WhatsAppReport,
  WhatsAppSendRequest,
  WhatsAppSendResponse,
  WhatsAppTemplate,
} from "../types.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import type { Endpoint } from "./endpoints.js";
import {
  MalformedResponseError,
  QuickcomError,
  QuickcomInvalidPathParameterError,
  QuickcomRateLimitedError,
  QuickcomUpstreamUnavailableError,
  sanitizeCause,
  UpstreamTimeoutError,
} from "./errors.js";
import { readRateLimit } from "./rate-limit.js";
import {
  campaignListParams,
  sendMessageParams,
  voiceSendParams,
  whatsAppSendParams,
} from "./request-params.js";
import {
  campaignPage,
  envelope,
  READS,
  type ReadData,
  type ReadEndpoint,
  type ReadSpec,
  type ResponseParser,
  sendMessageResponse,
  voiceSendResponse,
  whatsAppSendResponse,
} from "./responses.js";
import { failedBeforeSending, markNotSent, toSendError } from "./send-outcome.js";
import {
  fetchTransport,
  type Transport,
  type TransportResponse,
  TransportTimeoutError,
} from "./transport.js";

/** Observation points for metrics and logs. All optional; they never receive a URL or a secret. */
export interface ClientHooks {
  /** After every attempt that reached for the network (not for calls refused by an open breaker). */
  onUpstreamCall?(e: {
    endpoint: Endpoint;
    outcome: "ok" | "error";
    /** Error code of the attempt (`"1017"`, `"UPSTREAM_TIMEOUT"`…), `null` on success. */
    code: string | null;
    status: number | null;
    durationMs: number;
    /** 1 for the first attempt, 2 for the first retry… */
    attempt: number;
  }): void;
  /** Before waiting to retry a read. */
  onRetry?(e: {
    endpoint: Endpoint;
    /** Number of the attempt about to be made (2 = first retry). */
    attempt: number;
    delayMs: number;
    /** Code of the error that caused the retry. */
    code: string;
  }): void;
}

/** One upstream attempt being traced; {@link UpstreamTracer.start} opens it, the client ends it once. */
export interface UpstreamSpan {
  /** Ends the span with the attempt's HTTP status (null: no answer) and error code (null: success). */
  end(outcome: { status: number | null; code: string | null }): void;
}

/**
 * Traces upstream attempts (the gateway's OpenTelemetry tracing implements it). It receives the endpoint name
 * and attempt number only: never a URL, a credential or a path parameter such as a phone number.
 */
export interface UpstreamTracer {
  /** Opens the span of one attempt that reaches for the network, or returns undefined to trace nothing. */
  start(endpoint: Endpoint, attempt: number): UpstreamSpan | undefined;
}

/** Retry policy of reads (send-message is never retried). */
export interface RetryOptions {
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  /** Base of the exponential backoff, in ms (default 200). */
  baseDelayMs?: number;
  /** Upper bound of any single wait, including one asked for by `Retry-After` (default 5000). */
  maxDelayMs?: number;
}

/** Options of {@link QuickcomClient}. */
export interface QuickcomClientOptions {
  /** Upstream base including `/api/v1`, e.g. `https://ok-go.in/api/v1` (trailing slash tolerated). */
  baseUrl: string;
  credentials: Credentials;
  /**
   * `"query"` (default): `app_key`/`app_secret` query parameters, which work on the real backend (the URL
   * then holds the secret: it is never logged or echoed). `"header"`: `Authorization: Basic KEY-SECRET`,
   * the form the backend really parses (it splits on `-`, so a key or secret containing `-` fails).
   */
  auth?: "query" | "header";
  /** How requests are made (the gateway passes `createUndiciTransport()`); wins over `fetch`. */
  transport?: Transport;
  /** A `fetch` to make requests with, when no `transport` is given (default `globalThis.fetch`). */
  fetch?: typeof fetch;
  /** Per-call timeout in ms, one for all or per endpoint (default 10000). */
  timeoutMs?: number | Partial<Record<Endpoint, number>>;
  /** Retry policy for reads only. */
  retry?: RetryOptions;
  /** Waits between retries (default `setTimeout`). */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1) (default `Math.random`). */
  random?: () => number;
  /** Clock in ms used for durations reported to hooks (default `performance.now`). */
  now?: () => number;
  /** Shared by all clients of one upstream; default: a new one. */
  breaker?: CircuitBreaker;
  hooks?: ClientHooks;
  /** Traces every attempt that reaches for the network (default: none, at no cost). */
  tracer?: UpstreamTracer;
}

/** Per-call options of the read methods. */
export interface CallOptions {
  /** Cancels the call (and any pending retry); the abort reason is rethrown. */
  signal?: AbortSignal;
}

/** Per-call options of {@link QuickcomClient.sendMessage}. */
export interface SendOptions extends CallOptions {
  /** Caller's key, carried by {@link QuickcomSendOutcomeUnknownError} so the caller can reconcile. */
  idempotencyKey?: string;
}

const DEFAULT_TIMEOUT_MS = 10_000;

/** Errors raised by an open breaker without touching the network. */
const breakerRefusals = new WeakSet<QuickcomError>();

interface ResolvedSettings {
  baseUrl: string;
  auth: "query" | "header";
  transport: Transport;
  timeoutMs: number | Partial<Record<Endpoint, number>>;
  retry: Required<RetryOptions>;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  now: () => number;
  breaker: CircuitBreaker;
  hooks: ClientHooks;
  tracer: UpstreamTracer | undefined;
}

interface Call<T> {
  endpoint: Endpoint;
  /** Named path parameters after the endpoint's name, checked by {@link checkPath} before any attempt. */
  path?: ReadonlyArray<readonly [name: string, value: string]>;
  params: Array<[string, string]>;
  shape: ResponseParser<T>;
  signal: AbortSignal | undefined;
}

/**
 * Typed client of the QuickCom REST API: zod-checked envelopes mapped to domain types, one error hierarchy,
 * a timeout on every call, retries with backoff for reads only, and a shared circuit breaker.
 */
export class QuickcomClient {
  readonly #settings: ResolvedSettings;
  readonly #credentials: Credentials;

  /** Creates a client; the breaker is shared with {@link QuickcomClient.withCredentials} copies. */
  constructor(options: QuickcomClientOptions) {
    this.#settings = {
      baseUrl: options.baseUrl.replace(/\/+$/, ""),
      auth: options.auth ?? "query",
      transport: options.transport ?? fetchTransport(options.fetch),
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      retry: {
        maxRetries: Math.max(0, options.retry?.maxRetries ?? 2),
        baseDelayMs: Math.max(0, options.retry?.baseDelayMs ?? 200),
        maxDelayMs: Math.max(0, options.retry?.maxDelayMs ?? 5000),
      },
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      random: options.random ?? Math.random,
      now: options.now ?? (() => performance.now()),
      breaker: options.breaker ?? new CircuitBreaker(),
      hooks: options.hooks ?? {},
      tracer: options.tracer,
    };
    this.#credentials = { appKey: options.credentials.appKey, appSecret: options.credentials.appSecret };
  }

  /** The breaker this client (and its credential copies) reports to. */
  get breaker(): CircuitBreaker {
    return this.#settings.breaker;
  }

  /** Same upstream, transport, breaker, hooks and tracer; other credentials. Cheap (used per request). */
  withCredentials(credentials: Credentials): QuickcomClient {
    const { baseUrl, auth, transport, timeoutMs, retry, sleep, random, now, breaker, hooks, tracer } =
      this.#settings;
    return new QuickcomClient({
      baseUrl,
      credentials,
      auth,
      transport,
      timeoutMs,
      retry,
      sleep,
      random,
      now,
      breaker,
      hooks,
      tracer,
    });
  }

  /**
   * `GET /<endpoint>/<path values>` of a read endpoint of {@link READS}: retried with backoff on transient faults,
   * its data checked against the endpoint's shape. `path` holds the values of its path parameters, in order (an
   * optional one may be left out; a required one missing or empty is refused before any call).
   */
  read<E extends ReadEndpoint>(
    endpoint: E,
    path: readonly string[] = [],
    options?: CallOptions,
  ): Promise<QuickcomResult<ReadData<E>>> {
    const spec = READS[endpoint] as ReadSpec<ReadData<E>>;
    const given = spec.pathParams.filter((name, i) => !name.endsWith("?") || path[i] !== undefined);
    return this.#read({
      endpoint,
      path: given.map((name, i) => [name.replace(/\?$/, ""), path[i] ?? ""] as const),
      params: [],
      shape: spec.shape,
      signal: options?.signal,
    });
  }

  /** `GET /account-status`. */
  accountStatus(options?: CallOptions): Promise<QuickcomResult<AccountStatus>> {
    return this.read("account-status", [], options);
  }

  /** `GET /check-balance`. */
  checkBalance(options?: CallOptions): Promise<QuickcomResult<AccountBalance>> {
    return this.read("check-balance", [], options);
  }

  /** `GET /approved-senderids` (active sender IDs only). */
  approvedSenderIds(options?: CallOptions): Promise<QuickcomResult<SenderIdRecord[]>> {
    return this.read("approved-senderids", [], options);
  }

  /** `GET /templates` (active templates only). */
  templates(options?: CallOptions): Promise<QuickcomResult<TemplateRecord[]>> {
    return this.read("templates", [], options);
  }

  /** `GET /campaign-list`, newest first; `perPage` is clamped to 1..50 and `page` to ≥ 1. */
  campaignList(
    page: { page: number; perPage: number },
    options?: CallOptions,
  ): Promise<QuickcomResult<CampaignPage>> {
    return this.#read({
      endpoint: "campaign-list",
      params: campaignListParams(page),
      shape: campaignPage,
      signal: options?.signal,
    });
  }

  /**
   * `GET /send-report/{uuid}`: the campaign's counters and every recipient's DLR. 1013 (no uuid) raises
   * QuickcomCampaignTokenMissingError; 1014 (unknown or another account's uuid) QuickcomNotFoundError.
   */
  sendReport(uuid: string, options?: CallOptions): Promise<QuickcomResult<CampaignReport>> {
    return this.read("send-report", [uuid], options);
  }

  /**
   * `GET /send-number-report/{mobile}/{uuid}`: the rows of one recipient (none: an empty list). `mobile` is
   * sent as given: the backend looks a 12-character value up as is and anything else with `91` in front (so
   * pass 10 digits or `91` + 10 digits), and answers 1015 (QuickcomNotFoundError) outside 10 to 12 characters.
   */
  sendNumberReport(
    mobile: string,
    uuid: string,
    options?: CallOptions,
  ): Promise<QuickcomResult<NumberReportRow[]>> {
    return this.read("send-number-report", [mobile, uuid], options);
  }

  /** `GET /sms-overall-report`: the account's totals over all campaigns (cached upstream for 30 minutes). */
  smsOverallReport(options?: CallOptions): Promise<QuickcomResult<AccountUsage>> {
    return this.read("sms-overall-report", [], options);
  }

  /** Never retried. Errors that leave the outcome unknown (timeout after the request left, connection reset after
   *  sending, bare 5xx, malformed body) become QuickcomSendOutcomeUnknownError carrying idempotencyKey. Connection refused
   *  / breaker open / enveloped upstream errors / 429 are known failures (nothing sent) — except the 1005
   *  envelope, which the backend also sends for exceptions after the campaign was created: outcome unknown. */
  sendMessage(
    request: SendMessageRequest,
    options?: SendOptions,
  ): Promise<QuickcomResult<SendMessageResponse>> {
    return this.#send(
      {
        endpoint: "send-message",
        params: sendMessageParams(request),
        shape: sendMessageResponse,
        signal: options?.signal,
      },
      options,
    );
  }

  /**
   * `GET /send-otp`: the send-message handler (same parameters, checks, billing on the route's balance, answer),
   * but delivered over the account's OTP route (1018 when it has none). Never retried, like {@link sendMessage}.
   */
  sendOtp(request: SendMessageRequest, options?: SendOptions): Promise<QuickcomResult<SendMessageResponse>> {
    return this.#send(
      {
        endpoint: "send-otp",
        params: sendMessageParams(request),
        shape: sendMessageResponse,
        signal: options?.signal,
      },
      options,
    );
  }

  /** `GET /voice-templates`: every voice file of the account, whatever its status. */
  voiceTemplates(options?: CallOptions): Promise<QuickcomResult<VoiceTemplate[]>> {
    return this.read("voice-templates", [], options);
  }

  /**
   * `GET /voice-send-sms`: a voice campaign billed numbers × the file's duration credit on the voice balance.
   * Never retried; a lost answer is QuickcomSendOutcomeUnknownError. 1022 (QuickcomVoiceProviderError) comes after
   * the charge. Invalid numbers are charged, so validate them before calling.
   */
  voiceSendSms(request: VoiceSendRequest, options?: SendOptions): Promise<QuickcomResult<VoiceSendResponse>> {
    return this.#send(
      {
        endpoint: "voice-send-sms",
        params: voiceSendParams(request),
        shape: voiceSendResponse,
        signal: options?.signal,
      },
      options,
    );
  }

  /**
   * `GET /send-wa-message`: one template message to one recipient, billed the template category's charge on the
   * WhatsApp credit. Never retried; a lost answer or a 1005 (the backend's payload errors after the charge) is
   * QuickcomSendOutcomeUnknownError.
   */
  sendWhatsApp(
    request: WhatsAppSendRequest,
    options?: SendOptions,
  ): Promise<QuickcomResult<WhatsAppSendResponse>> {
    return this.#send(
      {
        endpoint: "send-wa-message",
        params: whatsAppSendParams(request),
        shape: whatsAppSendResponse,
        signal: options?.signal,
      },
      options,
    );
  }

  /**
   * `GET /get-wa-report/{uuid}`: a WhatsApp campaign and its recipient rows. 1013 (QuickcomCampaignTokenMissingError)
   * for an empty token, 1014 (QuickcomNotFoundError) for one that is not the account's.
   */
  whatsappReport(uuid: string, options?: CallOptions): Promise<QuickcomResult<WhatsAppReport>> {
    return this.read("get-wa-report", [uuid], options);
  }

  /**
   * `GET /get-wa-templates/{name?}`: the account's WhatsApp templates of every review status, with buttons;
   * `name` filters with SQL `LIKE %name%` (case-insensitive; `_` and `%` are wildcards).
   */
  whatsappTemplates(name?: string, options?: CallOptions): Promise<QuickcomResult<WhatsAppTemplate[]>> {
    return this.read("get-wa-templates", name === undefined ? [] : [name], options);
  }

  /** `GET /get-wa-files/{type?}`: the account's uploaded media, `type` filtering like `LIKE %type%`. */
  whatsappFiles(type?: string, options?: CallOptions): Promise<QuickcomResult<WhatsAppFile[]>> {
    return this.read("get-wa-files", type === undefined ? [] : [type], options);
  }

  async #send<T>(call: Call<T>, options: SendOptions | undefined): Promise<QuickcomResult<T>> {
    options?.signal?.throwIfAborted();
    try {
      return await this.#attempt(call, 1);
    } catch (error) {
      throw toSendError(error, options?.idempotencyKey ?? null, call.endpoint);
    }
  }

  /** Length in bytes of the send-message URL this request would produce (for chunking bulk sends under a URL limit). */
  sendMessageUrlLength(request: SendMessageRequest): number {
    return Buffer.byteLength(this.#url("send-message", sendMessageParams(request)), "utf8");
  }

  /** Bytes of the `voice-send-sms` URL for `request`, credentials included (to keep chunks under a URL limit). */
  voiceSendUrlLength(request: VoiceSendRequest): number {
    return Buffer.byteLength(this.#url("voice-send-sms", voiceSendParams(request)), "utf8");
  }

  async #read<T>(call: Call<T>): Promise<QuickcomResult<T>> {
    checkPath(call);
    const { maxRetries } = this.#settings.retry;
    let previous: QuickcomError | null = null;
    for (let attempt = 1; ; attempt++) {
      call.signal?.throwIfAborted();
      try {
        return await this.#attempt(call, attempt);
      } catch (error) {
        if (previous && error instanceof QuickcomError && breakerRefusals.has(error)) throw previous;
        if (!(error instanceof QuickcomError) || !error.retryable || attempt > maxRetries) throw error;
        previous = error;
        if (call.signal?.aborted) throw call.signal.reason;
        const delayMs = this.#backoff(attempt, error);
        this.#emit("onRetry", { endpoint: call.endpoint, attempt: attempt + 1, delayMs, code: error.code });
        await this.#settings.sleep(delayMs);
      }
    }
  }

  #backoff(attempt: number, error: QuickcomError): number {
    const { baseDelayMs, maxDelayMs } = this.#settings.retry;
    if (error instanceof QuickcomRateLimitedError && error.retryAfterMs !== null) {
      return Math.min(maxDelayMs, error.retryAfterMs);
    }
    const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return Math.floor(this.#settings.random() * ceiling);
  }

  async #attempt<T>(call: Call<T>, attempt: number): Promise<QuickcomResult<T>> {
    const { breaker, now } = this.#settings;
    if (!breaker.tryAcquire()) {
      const refusal = new QuickcomUpstreamUnavailableError(
        "QuickCom is unavailable (circuit breaker open); the call was not made.",
        { code: "UPSTREAM_UNAVAILABLE", status: null, endpoint: call.endpoint, retryable: false },
      );
      breakerRefusals.add(refusal);
      throw markNotSent(refusal);
    }
    const started = now();
    const span = this.#startSpan(call.endpoint, attempt);
    try {
      const { result, status } = await this.#exchange(call);
      breaker.recordSuccess();
      this.#emitCall(call.endpoint, attempt, started, null, status, span);
      return result;
    } catch (error) {
      if (error instanceof QuickcomError) {
        if (error.retryable && !(error instanceof QuickcomRateLimitedError)) breaker.recordFailure();
        else if (error instanceof QuickcomRateLimitedError) breaker.recordNeutral();
        else breaker.recordSuccess();
        this.#emitCall(call.endpoint, attempt, started, error, error.status, span);
      } else {
        breaker.recordNeutral();
        this.#emitCall(call.endpoint, attempt, started, error, null, span);
      }
      throw error;
    }
  }

  async #exchange<T>(call: Call<T>): Promise<{ result: QuickcomResult<T>; status: number }> {
    const { endpoint } = call;
    const timeoutMs = this.#timeoutFor(endpoint);
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.#settings.auth === "header") {
      headers.authorization = `Basic ${this.#credentials.appKey}-${this.#credentials.appSecret}`;
    }
    let response: TransportResponse;
    try {
      response = await this.#settings.transport(this.#url(endpoint, call.params, call.path), {
        headers,
        timeoutMs,
        signal: call.signal,
      });
    } catch (error) {
      throw this.#transportError(endpoint, error, call.signal, timeoutMs);
    }
    const { status, body: text } = response;
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: kept as text for the error mapping.
    }
    if (status >= 200 && status < 300) {
      const answer = envelope.safeParse(body);
      if (answer.success && answer.data.status) {
        const data = call.shape.safeParse(answer.data.data);
        if (data.success) {
          const rateLimit = readRateLimit(response.headers);
          return { result: { data: data.data, message: answer.data.message, rateLimit }, status };
        }
        throw this.#malformed(endpoint, status, describeIssues(data.error));
      }
      if (!answer.success) throw this.#malformed(endpoint, status, describeIssues(answer.error));
    }
    throw QuickcomError.generate({
      endpoint,
      status,
      body,
      headers: response.headers,
      redact: [this.#credentials.appSecret],
    });
  }

  #malformed(endpoint: Endpoint, status: number, detail: string): MalformedResponseError {
    return new MalformedResponseError("QuickCom sent a response that does not match the documented format.", {
      code: "UPSTREAM_BAD_RESPONSE",
      status,
      endpoint,
      retryable: true,
      cause: new Error(detail),
    });
  }

  #transportError(
    endpoint: Endpoint,
    error: unknown,
    callerSignal: AbortSignal | undefined,
    timeoutMs: number,
  ): unknown {
    if (callerSignal?.aborted) return callerSignal.reason;
    const secrets = [this.#credentials.appSecret];
    if (error instanceof TransportTimeoutError) {
      return new UpstreamTimeoutError(`QuickCom did not answer within ${timeoutMs} ms.`, {
        code: "UPSTREAM_TIMEOUT",
        status: null,
        endpoint,
        retryable: true,
        cause: sanitizeCause(error, secrets),
      });
    }
    const unavailable = new QuickcomUpstreamUnavailableError(
      "Could not reach QuickCom (connection failed or was reset).",
      {
        code: "UPSTREAM_UNAVAILABLE",
        status: null,
        endpoint,
        retryable: true,
        cause: sanitizeCause(error, secrets),
      },
    );
    return failedBeforeSending(error) ? markNotSent(unavailable) : unavailable;
  }

  #timeoutFor(endpoint: Endpoint): number {
    const { timeoutMs } = this.#settings;
    if (typeof timeoutMs === "number") return timeoutMs;
    return timeoutMs[endpoint] ?? DEFAULT_TIMEOUT_MS;
  }

  #url(
    endpoint: Endpoint,
    params: Array<[string, string]>,
    path: ReadonlyArray<readonly [string, string]> = [],
  ): string {
    const query = new URLSearchParams();
    if (this.#settings.auth === "query") {
      query.append("app_key", this.#credentials.appKey);
      query.append("app_secret", this.#credentials.appSecret);
    }
    for (const [name, value] of params) query.append(name, value);
    const search = query.toString();
    const segments = path.map(([, value]) => `/${encodeURIComponent(value)}`).join("");
    return `${this.#settings.baseUrl}/${endpoint}${segments}${search ? `?${search}` : ""}`;
  }

  #emitCall(
    endpoint: Endpoint,
    attempt: number,
    started: number,
    error: unknown,
    status: number | null,
    span: UpstreamSpan | undefined,
  ): void {
    const code = error === null ? null : error instanceof QuickcomError ? error.code : "ABORTED";
    if (span) {
      try {
        span.end({ status, code });
      } catch {
        // A tracer is an observer; its failure must not change the call's outcome.
      }
    }
    this.#emit("onUpstreamCall", {
      endpoint,
      outcome: error === null ? "ok" : "error",
      code,
      status,
      durationMs: Math.max(0, this.#settings.now() - started),
      attempt,
    });
  }

  #startSpan(endpoint: Endpoint, attempt: number): UpstreamSpan | undefined {
    try {
      return this.#settings.tracer?.start(endpoint, attempt);
    } catch {
      return undefined;
    }
  }

  #emit<K extends keyof ClientHooks>(name: K, event: Parameters<NonNullable<ClientHooks[K]>>[0]): void {
    try {
      (this.#settings.hooks[name] as ((e: typeof event) => void) | undefined)?.call(
        this.#settings.hooks,
        event,
      );
    } catch {
      // Hooks are observers; their failures must not change the call's outcome.
    }
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Refuses, with QuickcomInvalidPathParameterError and before any attempt, a path parameter that cannot be a URL
 * segment: empty, `.` or `..` (URL parsers resolve those as path steps in any encoding) or not encodable (a
 * lone surrogate). Every other value is percent-encoded by {@link QuickcomClient}, so none leaves its segment.
 */
function checkPath(call: Call<unknown>): void {
  for (const [name, value] of call.path ?? []) {
    if (value !== "" && value !== "." && value !== ".." && !LONE_SURROGATE.test(value)) continue;
    throw new QuickcomInvalidPathParameterError(
      `The ${name} cannot be sent to QuickCom as a path segment (empty, "." or "..", or not valid text).`,
      {
        code: "INVALID_PATH_PARAMETER",
        status: null,
        endpoint: call.endpoint,
        retryable: false,
        parameter: name,
      },
    );
  }
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.join(".") || "(root)"}: ${issue.code}`)
    .join("; ");
}
