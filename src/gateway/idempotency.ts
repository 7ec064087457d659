/**
 * Remembers sends by idempotency key (per credential) so a retried request returns the first result and
 * sends nothing, and a partly failed bulk send resends only the chunks that certainly were not sent.
 */
import type { SendMessageResponse } from "../quickcom/types.js";
import type { GatewayError } from "./errors.js";

/** Where one chunk of a send stands. */
export type ChunkStatus = "PENDING" | "SENT" | "FAILED" | "UNKNOWN";

/** One upstream request of a send. */
export interface ChunkState {
  numbers: string[];
  status: ChunkStatus;
  response: SendMessageResponse | null;
  /** Why the chunk was not (certainly) sent. */
  error: GatewayError | null;
}

/** Everything known about one idempotency key. */
export interface SendRecord {
  fingerprint: string;
  chunks: ChunkState[];
  /** True while a request is sending this record's chunks. */
  inFlight: boolean;
  createdAt: number;
}

/** Options of {@link IdempotencyStore}. */
export interface IdempotencyOptions {
  /** How long a key is remembered (default 24 hours). */
  ttlMs?: number;
  now?: () => number;
}

/** In-memory idempotency records, keyed by credential and key. */
export class IdempotencyStore {
  private readonly records = new Map<string, SendRecord>();
  /** How long a key is remembered. */
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? 24 * 60 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** The live record of this key, if any. */
  get(credentialKey: string, key: string): SendRecord | undefined {
    const id = `${credentialKey}\u0000${key}`;
    const record = this.records.get(id);
    if (record && record.createdAt + this.ttlMs <= this.now()) {
      this.records.delete(id);
      return undefined;
    }
    return record;
  }

  /** Stores a new record for this key. */
  create(credentialKey: string, key: string, fingerprint: string, chunks: string[][]): SendRecord {
    this.prune();
    const record: SendRecord = {
      fingerprint,
      chunks: chunks.map((numbers) => ({ numbers, status: "PENDING", response: null, error: null })),
      inFlight: false,
      createdAt: this.now(),
    };
    this.records.set(`${credentialKey}\u0000${key}`, record);
    return record;
  }

  /** Forgets a key (a send that certainly sent nothing can be retried from scratch). */
  delete(credentialKey: string, key: string): void {
    this.records.delete(`${credentialKey}\u0000${key}`);
  }

  private prune(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [id, record] of this.records) {
      if (record.createdAt > cutoff) return;
      if (!record.inFlight) this.records.delete(id);
    }
  }
}
