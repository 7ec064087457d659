/**
 * The per-request context shared by GraphQL resolvers and MCP tools: the caller, the QuickCom client bound
 * to the request's credentials, per-request loaders, and the gateway's shared services.
 */
import { createHash } from "node:crypto";
import type { TraceHeaders } from "../ops/trace-headers.js";
import type { QuickcomClient } from "../quickcom/client/client.js";
import type { Credentials } from "../quickcom/types.js";
import type { AuditStore } from "./audit.js";
import { CampaignPager } from "./campaign-pager.js";
import { CredentialsRequiredError, ForbiddenError } from "./errors.js";
import type { OtpPricing, OtpSent } from "./otp-channel.js";
import type { ValidOtpInput } from "./otp-input.js";
import type { Preview } from "./preview.js";
import type { ProgressPollers } from "./progress-pollers.js";
import type { ReadCache } from "./read-cache.js";
import type { SendContext } from "./send-context.js";
import type { ValidSendInput } from "./send-input.js";
import type { ChannelSender, SendPipeline } from "./send-pipeline.js";
import type { SendOutcome, SendProgress } from "./send-types.js";
import { UpstreamLoaders } from "./upstream-loaders.js";
import type { VoiceCallSent } from "./voice-channel.js";
import type { ValidVoiceInput } from "./voice-input.js";
import type { VoicePreview } from "./voice-preview.js";
import type { WhatsAppSent } from "./whatsapp-channel.js";
import type { ValidWhatsAppInput } from "./whatsapp-input.js";
import type { WhatsAppPreview } from "./whatsapp-preview.js";

/** SMS previews and sends (`previewMessage`, `sendMessage`). */
export type SmsSender = ChannelSender<ValidSendInput, Preview, SendOutcome>;
/** OTP sends (`sendOtp`). */
export type OtpSender = ChannelSender<ValidOtpInput, OtpPricing, OtpSent>;
/** Voice previews and calls (`voicePreview`, `sendVoiceCall`). */
export type VoiceSender = ChannelSender<ValidVoiceInput, VoicePreview, VoiceCallSent>;
/** WhatsApp previews and sends (`whatsappPreview`, `sendWhatsApp`). */
export type WhatsAppSender = ChannelSender<ValidWhatsAppInput, WhatsAppPreview, WhatsAppSent>;

/** Scopes a gateway token can hold. */
export type Scope = "read" | "send" | "audit";

/** Who is calling, as the access layer established it. Never holds the token itself. */
export interface Caller {
  kind: "token" | "anonymous";
  name: string;
  scopes: ReadonlySet<Scope>;
  /** QuickCom credentials bound to the token, if the operator gave it its own. */
  credentials: Credentials | null;
}

/** Shared services a context draws on (one set per gateway). */
export interface ContextServices {
  client: QuickcomClient;
  readCache: ReadCache;
  /** Live campaign progress, shared by every request of the gateway. */
  progress: ProgressPollers;
  /** Every channel's sends (drained together at shutdown). */
  pipeline: SendPipeline;
  sends: SmsSender;
  otp: OtpSender;
  whatsapp: WhatsAppSender;
  voice: VoiceSender;
  audit: AuditStore;
  defaultCredentials: Credentials | null;
  /** Whether MCP sends need confirmation (MCP_SEND_CONFIRMATION). */
  mcpSendConfirmation: boolean;
  now: () => Date;
}

/** The context of one GraphQL operation or MCP tool call. */
export interface GatewayContext extends SendContext {
  caller: Caller;
  campaigns: CampaignPager;
  sends: SmsSender;
  otp: OtpSender;
  whatsapp: WhatsAppSender;
  voice: VoiceSender;
  audit: AuditStore;
  /** Live campaign progress pollers (shared; subscriptions are counted per credential). */
  progress: ProgressPollers;
  /** Throws unless the caller holds `scope`. */
  requireScope(scope: Scope): void;
  /** The caller's W3C trace context, when it sent one (the operation's span becomes its child). */
  trace?: TraceHeaders;
  /** Set when this operation was measured within the query complexity limits before it started. */
  complexityPrechecked?: boolean;
}

const credentialKeys = new Map<string, string>();

/** One-way key of a credential pair: identifies a tenant in caches, caps and audit without revealing it. */
export function credentialKeyOf(credentials: Credentials): string {
  const pair = `${credentials.appKey}\u0000${credentials.appSecret}`;
  let key = credentialKeys.get(pair);
  if (key === undefined) {
    key = createHash("sha256").update(pair).digest("hex").slice(0, 32);
    if (credentialKeys.size >= 1_000) credentialKeys.clear();
    credentialKeys.set(pair, key);
  }
  return key;
}

/** Request credentials from `x-quickcom-app-key` / `x-quickcom-app-secret`; "partial" when only one is given. */
export function credentialsFromHeaders(headers: Pick<Headers, "get">): Credentials | "partial" | null {
  const appKey = headers.get("x-quickcom-app-key")?.trim();
  const appSecret = headers.get("x-quickcom-app-secret")?.trim();
  if (appKey && appSecret) return { appKey, appSecret };
  return appKey || appSecret ? "partial" : null;
}

const NO_CREDENTIALS = { appKey: "", appSecret: "" };

/** Builds the context of one request. Credentials: request headers, else the token's, else the server default. */
export function createGatewayContext(
  services: ContextServices,
  request: {
    caller: Caller;
    requestId: string;
    transport: "graphql" | "mcp";
    headerCredentials: Credentials | "partial" | null;
    trace?: TraceHeaders;
    actor?: string;
    onProgress?: (progress: SendProgress) => void;
    askHuman?: SendContext["askHuman"];
  },
): GatewayContext {
  const fromHeaders = request.headerCredentials;
  const partial = fromHeaders === "partial";
  const credentials =
    fromHeaders === "partial"
      ? null
      : (fromHeaders ?? request.caller.credentials ?? services.defaultCredentials);
  const client = services.client.withCredentials(credentials ?? NO_CREDENTIALS);
  const credentialKey = credentials ? credentialKeyOf(credentials) : "none";
  const guarded = credentials
    ? client
    : refuseCalls(
        client,
        partial
          ? "Send both x-quickcom-app-key and x-quickcom-app-secret, or neither (to use the gateway's credentials)."
          : "No QuickCom credentials: send x-quickcom-app-key and x-quickcom-app-secret, or configure " +
              "QUICKCOM_APP_KEY/QUICKCOM_APP_SECRET on the gateway.",
      );
  const upstream = new UpstreamLoaders(guarded, credentialKey, services.readCache);
  const { caller } = request;
  return {
    caller,
    client: guarded,
    upstream,
    credentialKey,
    actor: request.actor ?? (caller.kind === "token" ? `token:${caller.name}` : "anonymous"),
    transport: request.transport,
    requestId: request.requestId,
    trace: request.trace,
    canSend: caller.scopes.has("send"),
    requireConfirmation: request.transport === "mcp" && services.mcpSendConfirmation,
    now: services.now,
    onProgress: request.onProgress,
    askHuman: request.askHuman,
    campaigns: new CampaignPager((page, perPage) => upstream.campaignPage(page, perPage)),
    sends: services.sends,
    otp: services.otp,
    whatsapp: services.whatsapp,
    voice: services.voice,
    audit: services.audit,
    progress: services.progress,
    complexityPrechecked: false,
    requireScope(scope) {
      if (!caller.scopes.has(scope)) {
        throw new ForbiddenError(`This gateway token lacks the \`${scope}\` scope.`);
      }
    },
  };
}

/** A client whose every upstream call fails with `message`, for requests without usable credentials. */
function refuseCalls(client: QuickcomClient, message: string): QuickcomClient {
  const refuse = () => Promise.reject(new CredentialsRequiredError(message));
  return new Proxy(client, {
    get(target, property, receiver) {
      if (property === "sendMessageUrlLength" || property === "withCredentials") {
        return Reflect.get(target, property, receiver).bind(target);
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === "function" ? refuse : value;
    },
  });
}
