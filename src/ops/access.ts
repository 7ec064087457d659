/**
 * Gateway access: who is calling, established from `Authorization: Bearer <token>` against the tokens
 * file (docs/CONTRACT.md "Gateway tokens"). Without a tokens file every request is anonymous
 * with every scope, which `main` only allows on a loopback host.
 */
import { timingSafeEqual } from "node:crypto";
import { GatewayError } from "../gateway/errors.js";
import type { Credentials } from "../quickcom/types.js";
import type { SecretRegistry } from "./secret-registry.js";
import { ALL_SCOPES, hashToken, type Scope, type TokenRecord, validateTokens } from "./token-records.js";

export { isLoopbackHost } from "./loopback.js";
export {
  ALL_SCOPES,
  hashToken,
  loadTokens,
  parseTokens,
  type Scope,
  type TokenRecord,
  TokensFileError,
  validateTokens,
} from "./token-records.js";

/** Who is calling. Never holds the token itself. */
export interface Principal {
  /** `token` when a gateway token authenticated the request; `anonymous` when no tokens file is configured. */
  kind: "token" | "anonymous";
  /** The token record's name, or `anonymous`. */
  name: string;
  /** What the caller may do. */
  scopes: ReadonlySet<Scope>;
  /** QuickCom credentials bound to the token, or null (then request headers or the server default apply). */
  credentials: Credentials | null;
}

/** Why a request was refused: no token at all, or a malformed or unknown one. */
export type AccessFailureReason = "missing" | "invalid";

/** The request carries no valid gateway token. The message is safe to show and never echoes the token. */
export class AccessError extends GatewayError {
  readonly code = "UNAUTHENTICATED" as const;

  /**
   * @param reason `missing` (no Authorization header) or `invalid` (malformed header or unknown token),
   *   for the `auth_failures_total` metric.
   */
  constructor(
    readonly reason: AccessFailureReason,
    message: string,
  ) {
    super(message);
  }
}

/** Options of {@link TokenAuthenticator}. */
export interface TokenAuthenticatorOptions {
  /** When given, each record's app secret and every token that authenticates are registered here. */
  secrets?: SecretRegistry;
}

interface Entry {
  record: TokenRecord;
  digest: Buffer;
}

const BEARER = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i;

/** Authenticates requests against the token records (or lets everyone in when there are none). */
export class TokenAuthenticator {
  readonly #entries: Entry[] | null;
  readonly #secrets: SecretRegistry | undefined;

  /**
   * @param tokens the validated tokens file, or null when there is none: then every request is anonymous
   *   with all scopes. Records are validated again here; invalid ones throw a `TokensFileError`.
   */
  constructor(tokens: TokenRecord[] | null, options: TokenAuthenticatorOptions = {}) {
    this.#secrets = options.secrets;
    this.#entries =
      tokens === null
        ? null
        : validateTokens(tokens).map((record) => ({ record, digest: Buffer.from(record.sha256, "hex") }));
    for (const entry of this.#entries ?? []) {
      if (entry.record.appSecret) this.#secrets?.register(entry.record.appSecret);
    }
  }

  /** True when a tokens file is configured, so every request needs a token. */
  get required(): boolean {
    return this.#entries !== null;
  }

  /**
   * The caller behind an `Authorization` header value (`Bearer <token>`). The presented token's sha-256 is
   * compared with every record's using `crypto.timingSafeEqual`, without stopping at a match, so timing
   * reveals neither which record matched nor whether any prefix did. Throws {@link AccessError} for a
   * missing, malformed or unknown token. Without a tokens file: the anonymous principal with all scopes.
   */
  authenticate(authorization: string | null | undefined): Principal {
    if (this.#entries === null) {
      return { kind: "anonymous", name: "anonymous", scopes: new Set(ALL_SCOPES), credentials: null };
    }
    if (authorization === null || authorization === undefined || authorization.trim() === "") {
      throw new AccessError(
        "missing",
        "A gateway token is required: send the header Authorization: Bearer <token>.",
      );
    }
    const token = BEARER.exec(authorization)?.[1];
    if (token === undefined) {
      throw new AccessError("invalid", 'The Authorization header must have the form "Bearer <token>".');
    }
    const presented = Buffer.from(hashToken(token), "hex");
    let match: TokenRecord | null = null;
    for (const entry of this.#entries) {
      const equal = timingSafeEqual(entry.digest, presented);
      match = equal && match === null ? entry.record : match;
    }
    if (match === null) throw new AccessError("invalid", "The gateway token is not valid.");
    this.#secrets?.register(token);
    const { appKey, appSecret } = match;
    return {
      kind: "token",
      name: match.name,
      scopes: new Set(match.scopes),
      credentials: appKey !== undefined && appSecret !== undefined ? { appKey, appSecret } : null,
    };
  }
}
