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

/** A fresh record of a send planned as `chunks` (every chunk PENDING, not in flight). */
export function newSendRecord(fingerprint: string, chunks: string[][], createdAt: number): SendRecord {
  return {
    fingerprint,
    chunks: chunks.map((numbers) => ({ numbers, status: "PENDING", response: null, error: null })),
    inFlight: false,
    createdAt,
  };
}

/**
 * Where send records live, per credential and idempotency key: in this process's memory, or in a store shared
 * by every replica. Claiming a key (or resuming a stored record) is one step, so of two concurrent sends of one
 * key, on any replica, exactly one goes ahead.
 */
export interface IdempotencyStore {
  /** How long a key is remembered. */
  readonly ttlMs: number;
  /** The live record of this key, if any; `inFlight` says whether a send holds it. */
  get(credentialKey: string, key: string): Promise<SendRecord | undefined>;
  /** Stores `record` for this key and holds it in flight; false (nothing stored) when the key has a record. */
  claim(credentialKey: string, key: string, record: SendRecord): Promise<boolean>;
  /** Holds this key's stored `record` in flight again (a retry); false when another send holds it. */
  resume(credentialKey: string, key: string, record: SendRecord): Promise<boolean>;
  /** Stores what the send did to `record` and releases the key. */
  settle(credentialKey: string, key: string, record: SendRecord): Promise<void>;
  /** Forgets a key (a send that certainly sent nothing can be retried from scratch). */
  delete(credentialKey: string, key: string): Promise<void>;
}

/** Options of {@link MemoryIdempotencyStore}. */
export interface IdempotencyOptions {
  /** How long a key is remembered (default 24 hours). */
  ttlMs?: number;
  now?: () => number;
}

/** Default time a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60_000;

/** In-memory idempotency records, keyed by credential and key; records are shared objects, mutated in place. */
export class MemoryIdempotencyStore implements IdempotencyStore {
  private readonly records = new Map<string, SendRecord>();
  /** {@inheritDoc IdempotencyStore.ttlMs} */
  readonly ttlMs: number;
  private readonly now: () => number;

  constructor(options: IdempotencyOptions = {}) {
    this.ttlMs = options.ttlMs ?? IDEMPOTENCY_TTL_MS;
    this.now = options.now ?? Date.now;
  }

  /** {@inheritDoc IdempotencyStore.get} */
  async get(credentialKey: string, key: string): Promise<SendRecord | undefined> {
    return this.live(`${credentialKey}\u0000${key}`);
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(credentialKey: string, key: string, record: SendRecord): Promise<boolean> {
    const id = `${credentialKey}\u0000${key}`;
    if (this.live(id)) return false;
    this.prune();
    record.inFlight = true;
    this.records.set(id, record);
    return true;
  }

  /** {@inheritDoc IdempotencyStore.resume} */
  async resume(credentialKey: string, key: string, record: SendRecord): Promise<boolean> {
    const stored = this.live(`${credentialKey}\u0000${key}`);
    if (stored !== record || stored.inFlight) return false;
    stored.inFlight = true;
    return true;
  }

  /** {@inheritDoc IdempotencyStore.settle} */
  async settle(credentialKey: string, key: string, record: SendRecord): Promise<void> {
    record.inFlight = false;
    this.records.set(`${credentialKey}\u0000${key}`, record);
  }

  /** {@inheritDoc IdempotencyStore.delete} */
  async delete(credentialKey: string, key: string): Promise<void> {
    this.records.delete(`${credentialKey}\u0000${key}`);
  }

  private live(id: string): SendRecord | undefined {
    const record = this.records.get(id);
    if (record && !record.inFlight && record.createdAt + this.ttlMs <= this.now()) {
      this.records.delete(id);
      return undefined;
    }
    return record;
  }

  private prune(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [id, record] of this.records) {
      if (record.createdAt > cutoff) return;
      if (!record.inFlight) this.records.delete(id);
    }
  }
}
