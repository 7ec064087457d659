/**
 * A small TTL cache for upstream reads that change rarely (templates, sender IDs), shared across requests
 * and keyed per credential so one tenant never sees another's data. Sends invalidate their credential. With
 * {@link CacheGenerations} shared by replicas (Redis), a send on one replica invalidates the entries of every
 * replica: each entry remembers its credential's generation, and a read reuses it only while the generation holds.
 */

/** A per-credential counter bumped by every send, shared by the replicas. */
export interface CacheGenerations {
  /** The credential's current generation. */
  current(credentialKey: string): Promise<string>;
  /** Starts a new generation: every replica's entries of the credential become stale. */
  bump(credentialKey: string): Promise<void>;
}

/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** How long an answer is reused, in milliseconds. 0 disables caching. */
  ttlMs: number;
  /** Clock in milliseconds (injectable for tests). */
  now?: () => number;
  /** Most entries kept; the oldest are dropped first. */
  maxEntries?: number;
  /** Shared generations (default: none; a send invalidates this process's entries only). */
  generations?: CacheGenerations;
  /** Told when the shared generations cannot be read or bumped (reads then go upstream). */
  onGenerationsError?: (error: unknown) => void;
}

interface Entry {
  expiresAt: number;
  generation: string;
  value: Promise<unknown>;
}

/** Per-credential TTL cache of in-flight or settled reads; failed reads are never cached. */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: ReadCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * Returns the cached value of `resource` for `credentialKey`, or loads and caches it. When the shared
   * generations cannot be read, loads without caching.
   */
  get<T>(credentialKey: string, resource: string, load: () => Promise<T>): Promise<T> {
    if (this.options.ttlMs <= 0) return load();
    const { generations } = this.options;
    if (!generations) return this.lookup(credentialKey, resource, "", load);
    return generations.current(credentialKey).then(
      (generation) => this.lookup(credentialKey, resource, generation, load),
      (error: unknown) => {
        this.options.onGenerationsError?.(error);
        return load();
      },
    );
  }

  /** Forgets everything cached for one credential (after a send), on every replica sharing the generations. */
  async invalidate(credentialKey: string): Promise<void> {
    const prefix = `${credentialKey}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
    await this.options.generations?.bump(credentialKey).catch((error: unknown) => {
      this.options.onGenerationsError?.(error);
    });
  }

  private lookup<T>(
    credentialKey: string,
    resource: string,
    generation: string,
    load: () => Promise<T>,
  ): Promise<T> {
    const key = `${credentialKey}\u0000${resource}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now() && hit.generation === generation) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { expiresAt: this.now() + this.options.ttlMs, generation, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.evict();
    return value;
  }

  private evict(): void {
    const max = this.options.maxEntries ?? 10_000;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= max) return;
      this.entries.delete(key);
    }
  }
}
