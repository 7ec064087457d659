/**
 * The gateway tokens file (`GATEWAY_TOKENS_FILE`): a JSON array of token records, each holding the
 * sha-256 of a token (never the token), its scopes and optionally its own QuickCom credentials.
 * Validation errors name the bad entry by index and name and never print a value from the file.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { z } from "zod";

/** What a gateway token may do: read data, send messages, read the send audit trail. */
export type Scope = "read" | "send" | "audit";

/** Every scope, in a stable order. */
export const ALL_SCOPES: readonly Scope[] = ["read", "send", "audit"];

/** One entry of the tokens file. */
export interface TokenRecord {
  /** Who holds the token (shown in logs and the audit trail). Unique within the file. */
  name: string;
  /** Lower-case hex sha-256 of the token. */
  sha256: string;
  /** What the token may do; never empty, no duplicates. */
  scopes: Scope[];
  /** QuickCom app key used for this token's requests (given together with `appSecret`). */
  appKey?: string;
  /** QuickCom app secret used for this token's requests (given together with `appKey`). */
  appSecret?: string;
}

/** The tokens file is unreadable or invalid; `problems` lists each one (no secret values). */
export class TokensFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid gateway tokens file:\n  ${problems.join("\n  ")}`);
    this.name = "TokensFileError";
  }
}

const stringError = {
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : "must be a string"),
};

const recordSchema = z
  .strictObject({
    name: z.string(stringError).trim().min(1, "must not be empty"),
    sha256: z
      .string(stringError)
      .regex(
        /^[0-9a-fA-F]{64}$/,
        "must be 64 hexadecimal characters (the sha-256 of the token, not the token)",
      )
      .transform((hex) => hex.toLowerCase()),
    scopes: z
      .array(z.enum(["read", "send", "audit"], { error: 'must be "read", "send" or "audit"' }), {
        error: (issue) => (issue.input === undefined ? "is required" : "must be an array of scopes"),
      })
      .min(1, "must list at least one scope")
      .transform((scopes) => [...new Set(scopes)]),
    appKey: z.string(stringError).min(1, "must not be empty").optional(),
    appSecret: z.string(stringError).min(1, "must not be empty").optional(),
  })
  .refine((record) => (record.appKey === undefined) === (record.appSecret === undefined), {
    error: "appKey and appSecret must be given together or not at all",
  });

function describeEntry(index: number, entry: unknown): string {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === "string" && name.trim() !== ""
    ? `entry at index ${index} (${JSON.stringify(name.trim())})`
    : `entry at index ${index}`;
}

function duplicateProblems(records: TokenRecord[]): string[] {
  const problems: string[] = [];
  const byName = new Map<string, number>();
  const byHash = new Map<string, number>();
  records.forEach((record, index) => {
    const where = describeEntry(index, record);
    const sameName = byName.get(record.name);
    if (sameName !== undefined)
      problems.push(`${where}: name is already used by the entry at index ${sameName}`);
    else byName.set(record.name, index);
    const sameHash = byHash.get(record.sha256);
    if (sameHash !== undefined) {
      problems.push(
        `${where}: sha256 is the same as the entry at index ${sameHash}'s; each token must be distinct`,
      );
    } else byHash.set(record.sha256, index);
  });
  return problems;
}

/**
 * Validates already-parsed tokens-file content: a non-empty array of records (see {@link TokenRecord}).
 * Throws a {@link TokensFileError} listing every bad entry by index and name.
 */
export function validateTokens(value: unknown): TokenRecord[] {
  if (!Array.isArray(value)) throw new TokensFileError(["must be a JSON array of token entries"]);
  if (value.length === 0)
    throw new TokensFileError(["lists no tokens, so no request could be authenticated"]);
  const problems: string[] = [];
  const records: TokenRecord[] = [];
  value.forEach((entry, index) => {
    const result = recordSchema.safeParse(entry);
    if (result.success) {
      records.push(result.data);
      return;
    }
    for (const issue of result.error.issues) {
      const field = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
      problems.push(`${describeEntry(index, entry)}: ${field}${issue.message}`);
    }
  });
  if (problems.length === 0) problems.push(...duplicateProblems(records));
  if (problems.length > 0) throw new TokensFileError(problems);
  return records;
}

/** Parses and validates the text of a tokens file. Throws a {@link TokensFileError} (never echoing the text). */
export function parseTokens(json: string): TokenRecord[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new TokensFileError(["is not valid JSON"]);
  }
  return validateTokens(value);
}

/** Reads, parses and validates the tokens file at `path`; the error names the path and each problem. */
export async function loadTokens(path: string): Promise<TokenRecord[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    throw new TokensFileError([`GATEWAY_TOKENS_FILE ${path} cannot be read (${code})`]);
  }
  try {
    return parseTokens(text);
  } catch (error) {
    if (!(error instanceof TokensFileError)) throw error;
    throw new TokensFileError(error.problems.map((problem) => `GATEWAY_TOKENS_FILE ${path}: ${problem}`));
  }
}

/** Lower-case hex sha-256 of a token (UTF-8), as the tokens file stores it. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}
