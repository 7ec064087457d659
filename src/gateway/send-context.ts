/**
 * What a send needs from the request it came in: the QuickCom client and reads of the caller's credentials, who
 * the caller is, what the caller may do, and how to ask a human.
 */
import type { QuickcomClient } from "../quickcom/client/client.js";
import type { AccountBalance } from "../quickcom/types.js";
import type { Preview } from "./preview.js";
import type { SendProgress } from "./send-types.js";
import type { UpstreamLoaders } from "./upstream-loaders.js";
import type { VoicePreview } from "./voice-preview.js";
import type { WhatsAppPreview } from "./whatsapp-preview.js";

/** What a send needs from one request. */
export interface SendContext {
  client: QuickcomClient;
  upstream: UpstreamLoaders;
  /** One-way key of the QuickCom credentials (never the secret). */
  credentialKey: string;
  actor: string;
  transport: "graphql" | "mcp";
  requestId: string;
  /** Whether the caller's gateway token has the `send` scope. */
  canSend: boolean;
  /** Whether a send needs a confirmation token (MCP, unless the operator turned it off). */
  requireConfirmation: boolean;
  /**
   * Asks the human to confirm this preview (MCP elicitation); when present it replaces the confirmation token, so
   * a confirmed send previews once and needs no token. Resolves true to send.
   */
  askHuman?: (preview: Preview | WhatsAppPreview | VoicePreview) => Promise<boolean>;
  now: () => Date;
  onProgress?: (progress: SendProgress) => void;
}

/** The account's balance: required for a send (a failed read fails it), best effort (null) for a preview. */
export function readBalance(ctx: SendContext, forSend: boolean): Promise<AccountBalance | null> {
  const balance = ctx.upstream.balance.load("self");
  return forSend ? balance : balance.catch(() => null);
}
