/**
 * The QuickCom sandbox: a faithful local QuickCom backend on `node:http` (paths under `/api/v1`, the
 * backend's envelope, errors, quirks and rate-limit headers), with fault injection and call recording for
 * tests and benchmarks, and admin endpoints under `/__sandbox` for out-of-process control.
 */
import { createServer, type IncomingMessage, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo } from "node:net";
import { campaignList } from "./campaign-list.js";
import type { HandlerContext } from "./context.js";
import { type DeliveryOptions, deliverySettings, settleDeliveries } from "./delivery.js";
import { type ApiAnswer, exceptionOccurred } from "./envelope.js";
import {
  FaultRegistry,
  type FaultRule,
  parseFaultRule,
  type SandboxEndpoint,
  type SandboxFault,
} from "./faults.js";
import { bytesToText } from "./php.js";
import { RATE_LIMIT_PER_MINUTE, RateLimiter } from "./rate-limit.js";
import { accountStatus, approvedSenderIds, checkBalance, templates } from "./read-endpoints.js";
import { REPORT_HANDLERS } from "./report-endpoints.js";
import { parseQuery, presentedCredentials, withBody } from "./request.js";
import { allowsMethod, matchRoute, readsBody } from "./routes.js";
import { createSeedState } from "./seed.js";
import { sendMessage } from "./send-message.js";
import type { SandboxState } from "./state.js";
import { voiceSendSms, voiceTemplates } from "./voice-endpoints.js";
import { getWaFiles, getWaReport, getWaTemplates, sendWaMessage } from "./whatsapp-endpoints.js";

export type { DeliveryOptions, DlrOutcome } from "./delivery.js";
export { DEFAULT_DELIVERY, DELIVERY_TEST_NUMBERS, DLR_OUTCOMES } from "./delivery.js";
export type { FaultRule, SandboxEndpoint, SandboxFault } from "./faults.js";
export type {
  SandboxAccount,
  SandboxCampaign,
  SandboxQueue,
  SandboxQueueRow,
  SandboxRoutes,
  SandboxSenderId,
  SandboxState,
  SandboxTemplate,
} from "./state.js";

/** Options of {@link startSandbox}. */
export interface SandboxOptions {
  /** TCP port; default 0 (random). `npm run sandbox` uses SANDBOX_PORT or 4010. */
  port?: number;
  /** Interface to bind; default 127.0.0.1. */
  host?: string;
  /** Fixed latency added to every API answer (benchmarks); default 0. */
  latencyMs?: number;
  /**
   * Injectable "now": schedule checks, promotional window, campaign dates, `intime`/`outtime`, rate limit.
   * {@link Sandbox.advanceClock} moves the sandbox ahead of it.
   */
  clock?: () => Date;
  /** Injectable randomness (campaign uuids); default `Math.random`. */
  random?: () => number;
  /** Requests per client and minute before a genuine 429; default 100000 like the backend. */
  rateLimitPerMinute?: number;
  /** Delivery of immediate sends: seed, failure rate, delays (see `DEFAULT_DELIVERY`). */
  delivery?: DeliveryOptions;
  /** How long an idle keep-alive connection stays open, in milliseconds; default Node's (5 s). */
  keepAliveTimeoutMs?: number;
}

/** One API request received by the sandbox. */
export interface SandboxCall {
  endpoint: SandboxEndpoint | "unknown";
  /** The app key the request presented (query or `Authorization` header), valid or not. */
  appKey: string | null;
  at: Date;
  /** Query parameters (and, for any-method routes, body parameters) as received, WITHOUT `app_secret`. */
  params: Record<string, string>;
  /** Decoded path parameters after the endpoint's name (`send-report/{uuid}` → `[uuid]`). */
  pathParams: string[];
}

/** A running sandbox. */
export interface Sandbox {
  /** Base URL including `/api/v1`, e.g. `http://127.0.0.1:54321/api/v1`. */
  url: string;
  port: number;
  /** Mutable in-memory state (accounts, templates, sender ids, campaigns). */
  state: SandboxState;
  /** Every API request received, in order. */
  calls: SandboxCall[];
  /** Number of recorded calls, optionally only of one endpoint and/or one app key. */
  callCount(endpoint?: SandboxEndpoint, appKey?: string): number;
  /** Number of campaigns created by the send endpoints (SMS, OTP, voice, WhatsApp) since the last reset. */
  sends(): number;
  /** Adds a fault rule. */
  injectFault(rule: FaultRule): void;
  /** Removes every fault rule. */
  clearFaults(): void;
  /** The sandbox's current time: the injected clock plus every {@link Sandbox.advanceClock}. */
  now(): Date;
  /**
   * Moves the sandbox's time `ms` (≥ 0) ahead of its injected clock, for every time-dependent behaviour, and
   * applies the DLRs due by then (reads apply them too, also when the injected clock moved).
   */
  advanceClock(ms: number): Date;
  /** Back to the seed; faults, calls, rate-limit windows and clock advances cleared. */
  reset(): void;
  /** Stops listening and ends every open (also hung) request. */
  close(): Promise<void>;
}

const API_PREFIX = "/api/v1/";
const ADMIN_PREFIX = "/__sandbox/";

type Handler = (ctx: HandlerContext) => { answer: ApiAnswer; created: boolean };

/** A handler of a read: it creates nothing. */
const reading =
  (answer: (ctx: HandlerContext) => ApiAnswer): Handler =>
  (ctx) => ({ answer: answer(ctx), created: false });

const HANDLERS: Record<SandboxEndpoint, Handler> = {
  "account-status": (ctx) => ({ answer: accountStatus(ctx), created: false }),
  "check-balance": (ctx) => ({ answer: checkBalance(ctx), created: false }),
  "approved-senderids": (ctx) => ({ answer: approvedSenderIds(ctx), created: false }),
  templates: (ctx) => ({ answer: templates(ctx), created: false }),
  "campaign-list": (ctx) => ({ answer: campaignList(ctx), created: false }),
  "send-message": (ctx) => {
    const outcome = sendMessage(ctx);
    return { answer: outcome.answer, created: outcome.campaign !== undefined };
  },
  ...(Object.fromEntries(
    Object.entries(REPORT_HANDLERS).map(([e, answer]) => [e, reading(answer)]),
  ) as Record<keyof typeof REPORT_HANDLERS, Handler>),
  "send-otp": (ctx) => {
    const outcome = sendMessage(ctx, true);
    return { answer: outcome.answer, created: outcome.campaign !== undefined };
  },
  "voice-templates": reading(voiceTemplates),
  "voice-send-sms": voiceSendSms,
  "send-wa-message": sendWaMessage,
  "get-wa-report": reading(getWaReport),
  "get-wa-templates": reading(getWaTemplates),
  "get-wa-files": reading(getWaFiles),
};

/** Faults that come from the backend itself (so they carry its rate-limit headers), not from a proxy. */
function fromBackend(fault: SandboxFault): boolean {
  return fault.type === "error1005" || fault.type === "malformed";
}

function sleep(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("latin1");
}

function clientIp(req: IncomingMessage): string {
  const address = req.socket.remoteAddress ?? "";
  return address.startsWith("::ffff:") ? address.slice(7) : address;
}

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? "Error"}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

function send(res: ServerResponse, answer: ApiAnswer, headOnly: boolean): void {
  if (res.destroyed || res.socket?.destroyed) return;
  const headers: Record<string, string> = {
    "Content-Type": answer.contentType,
    "Cache-Control": "no-cache, private",
    ...answer.headers,
  };
  res.writeHead(answer.status, headers);
  res.end(headOnly ? undefined : answer.body);
}

function tooManyAttempts(retryAfterSeconds: number, resetAt: number, limit: number): ApiAnswer {
  return {
    status: 429,
    contentType: "text/plain; charset=UTF-8",
    body: "Too Many Attempts.",
    headers: {
      "X-RateLimit-Limit": String(limit),
      "X-RateLimit-Remaining": "0",
      "Retry-After": String(retryAfterSeconds),
      "X-RateLimit-Reset": String(resetAt),
    },
  };
}

/** Starts a sandbox on `host:port` and resolves once it listens. */
export function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const baseClock = options.clock ?? (() => new Date());
  let clockOffsetMs = 0;
  const clock = (): Date =>
    clockOffsetMs === 0 ? baseClock() : new Date(baseClock().getTime() + clockOffsetMs);
  const random = options.random ?? Math.random;
  const delivery = deliverySettings(options.delivery);
  const latencyMs = options.latencyMs ?? 0;
  const state: SandboxState = createSeedState();
  const calls: SandboxCall[] = [];
  const faults = new FaultRegistry();
  const limiter = new RateLimiter(clock, options.rateLimitPerMinute ?? RATE_LIMIT_PER_MINUTE);
  let created = 0;

  function faultAnswer(
    fault: SandboxFault,
    real: ApiAnswer | undefined,
    ctx: HandlerContext,
  ): ApiAnswer | null {
    switch (fault.type) {
      case "status":
        return { status: fault.status, contentType: "text/html", body: htmlPage(fault.status) };
      case "error1005":
        return exceptionOccurred(ctx.times, "SQLSTATE[HY000] [2002] Connection refused");
      case "rateLimit": {
        const resetAt = Math.floor(clock().getTime() / 1000) + fault.retryAfterSeconds;
        return tooManyAttempts(fault.retryAfterSeconds, resetAt, limiter.limitPerWindow);
      }
      case "malformed": {
        const body =
          real?.body ?? `{"status":true,"intime":"${clock().toISOString()}","message":"Information succ`;
        return {
          status: 200,
          contentType: "application/json",
          body: body.slice(0, Math.max(1, Math.floor(body.length / 2))),
        };
      }
      default:
        return null;
    }
  }

  async function handleApi(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    rawQuery: string,
  ): Promise<void> {
    const intime = clock();
    const { endpoint, pathParams } = matchRoute(path.slice(API_PREFIX.length));
    let params = parseQuery(rawQuery);
    if (endpoint !== "unknown" && readsBody(endpoint, req.method)) {
      params = withBody(params, req.headers["content-type"], await readBody(req));
    }
    const credentials = presentedCredentials(req.headers.authorization, params);
    const recorded: Record<string, string> = {};
    for (const [key, value] of params)
      if (key !== "app_secret") recorded[bytesToText(key)] = bytesToText(value ?? "");
    calls.push({
      endpoint,
      appKey: credentials.appKey === null ? null : bytesToText(credentials.appKey),
      at: intime,
      params: recorded,
      pathParams: pathParams.map(bytesToText),
    });

    const headOnly = req.method === "HEAD";
    const fault = faults.take(endpoint);
    const phase = fault?.phase ?? "before";
    await sleep(latencyMs);
    if (fault?.fault.type === "latency" && phase === "before") await sleep(fault.fault.ms);
    if (fault && phase === "before") {
      if (fault.fault.type === "drop") return void req.socket.destroy();
      if (fault.fault.type === "hang") return;
    }

    const ctx: HandlerContext = {
      state,
      params,
      pathParams,
      credentials,
      ip: clientIp(req),
      times: { intime, now: clock },
      random,
      delivery,
    };
    let answer: ApiAnswer;
    if (endpoint === "unknown") {
      answer = { status: 404, contentType: "text/html; charset=UTF-8", body: htmlPage(404) };
    } else if (!allowsMethod(endpoint, req.method)) {
      answer = {
        status: 405,
        contentType: "text/html; charset=UTF-8",
        body: htmlPage(405),
        headers: { Allow: "GET, HEAD" },
      };
    } else {
      const early = fault && phase === "before" ? fault.fault : undefined;
      if (early && !fromBackend(early)) {
        const faulted = faultAnswer(early, undefined, ctx);
        if (faulted) return send(res, faulted, headOnly);
      }
      const hit = limiter.hit(ctx.ip);
      if (!hit.allowed)
        return send(res, tooManyAttempts(hit.retryAfterSeconds, hit.resetAt, hit.limit), headOnly);
      const rateHeaders = {
        "X-RateLimit-Limit": String(hit.limit),
        "X-RateLimit-Remaining": String(hit.remaining),
      };
      const faulted = early ? faultAnswer(early, undefined, ctx) : null;
      if (faulted)
        return send(res, { ...faulted, headers: { ...faulted.headers, ...rateHeaders } }, headOnly);
      const result = HANDLERS[endpoint](ctx);
      if (result.created) created++;
      answer = { ...result.answer, headers: { ...result.answer.headers, ...rateHeaders } };
    }
    if (fault && phase === "after") {
      if (fault.fault.type === "latency") await sleep(fault.fault.ms);
      if (fault.fault.type === "drop") return void req.socket.destroy();
      if (fault.fault.type === "hang") return;
      const faulted = faultAnswer(fault.fault, answer, ctx);
      if (faulted) {
        answer = fromBackend(fault.fault)
          ? { ...faulted, headers: { ...answer.headers, ...faulted.headers } }
          : faulted;
      }
    }
    send(res, answer, headOnly);
  }

  async function readJson(req: IncomingMessage): Promise<unknown> {
    const text = Buffer.from(await readBody(req), "latin1").toString("utf8");
    return text === "" ? undefined : JSON.parse(text);
  }

  function adminJson(res: ServerResponse, status: number, value: unknown): void {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(value));
  }

  async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
    if (route === "POST faults") {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        return adminJson(res, 400, { error: "body is not JSON" });
      }
      const rule = parseFaultRule(body);
      if (typeof rule === "string") return adminJson(res, 400, { error: rule });
      sandbox.injectFault(rule);
      return adminJson(res, 201, { ok: true });
    }
    if (route === "DELETE faults") {
      sandbox.clearFaults();
      return adminJson(res, 200, { ok: true });
    }
    if (route === "POST reset") {
      sandbox.reset();
      return adminJson(res, 200, { ok: true });
    }
    if (route === "GET clock") return adminJson(res, 200, { now: clock().toISOString() });
    if (route === "POST clock") {
      let body: unknown;
      try {
        body = await readJson(req);
      } catch {
        return adminJson(res, 400, { error: "body is not JSON" });
      }
      const advanceMs = (body as { advanceMs?: unknown } | undefined)?.advanceMs;
      if (typeof advanceMs !== "number" || !Number.isFinite(advanceMs) || advanceMs < 0) {
        return adminJson(res, 400, { error: "advanceMs must be a number >= 0" });
      }
      return adminJson(res, 200, { now: sandbox.advanceClock(advanceMs).toISOString() });
    }
    if (route === "GET calls") {
      const byEndpoint: Record<string, number> = {};
      for (const call of calls) byEndpoint[call.endpoint] = (byEndpoint[call.endpoint] ?? 0) + 1;
      return adminJson(res, 200, { count: calls.length, byEndpoint, sends: created });
    }
    adminJson(res, 404, { error: "unknown admin route" });
  }

  const server = createServer((req, res) => {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const rawQuery = queryAt === -1 ? "" : url.slice(queryAt + 1);
    const work = path.startsWith(ADMIN_PREFIX)
      ? handleAdmin(req, res, path)
      : path.startsWith(API_PREFIX)
        ? handleApi(req, res, path, rawQuery)
        : Promise.resolve(
            send(res, { status: 404, contentType: "text/html; charset=UTF-8", body: htmlPage(404) }, false),
          );
    work.catch(() => {
      if (!res.headersSent) send(res, { status: 500, contentType: "text/html", body: htmlPage(500) }, false);
      else res.destroy();
    });
  });

  const sandbox: Sandbox = {
    url: "",
    port: 0,
    state,
    calls,
    callCount(endpoint, appKey) {
      return calls.filter(
        (call) =>
          (endpoint === undefined || call.endpoint === endpoint) &&
          (appKey === undefined || call.appKey === appKey),
      ).length;
    },
    sends: () => created,
    injectFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    now: clock,
    advanceClock(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new RangeError("advanceClock needs a finite ms >= 0");
      clockOffsetMs += ms;
      const now = clock();
      settleDeliveries(state, now.getTime());
      return now;
    },
    reset() {
      Object.assign(state, createSeedState());
      calls.length = 0;
      faults.clear();
      limiter.clear();
      created = 0;
      clockOffsetMs = 0;
    },
    close() {
      return new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };

  if (options.keepAliveTimeoutMs !== undefined) server.keepAliveTimeout = options.keepAliveTimeoutMs;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      server.off("error", reject);
      const address = server.address() as AddressInfo;
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      sandbox.port = address.port;
      sandbox.url = `http://${host}:${address.port}/api/v1`;
      resolve(sandbox);
    });
  });
}
