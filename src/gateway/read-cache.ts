/**
 * A small TTL cache for upstream reads that change rarely (templates, sender IDs), shared across requests
 * and keyed per credential so one tenant never sees another's data. Sends invalidate their credential.
 */

/** Options of {@link ReadCache}. */
export interface ReadCacheOptions {
  /** How long an answer is reused, in milliseconds. 0 disables caching. */
  ttlMs: number;
  /** Clock in milliseconds (injectable for tests). */
  now?: () => number;
  /** Most entries kept; the oldest are dropped first. */
  maxEntries?: number;
}

interface Entry {
  expiresAt: number;
  value: Promise<unknown>;
}

/** Per-credential TTL cache of in-flight or settled reads; failed reads are never cached. */
export class ReadCache {
  private readonly entries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly options: ReadCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  /** Returns the cached value of `resource` for `credentialKey`, or loads and caches it. */
  get<T>(credentialKey: string, resource: string, load: () => Promise<T>): Promise<T> {
    if (this.options.ttlMs <= 0) return load();
    const key = `${credentialKey}\u0000${resource}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > this.now()) return hit.value as Promise<T>;
    const value = load();
    this.entries.set(key, { expiresAt: this.now() + this.options.ttlMs, value });
    value.catch(() => {
      if (this.entries.get(key)?.value === value) this.entries.delete(key);
    });
    this.evict();
    return value;
  }

  /** Forgets everything cached for one credential (after a send). */
  invalidate(credentialKey: string): void {
    const prefix = `${credentialKey}\u0000`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  private evict(): void {
    const max = this.options.maxEntries ?? 10_000;
    for (const key of this.entries.keys()) {
      if (this.entries.size <= max) return;
      this.entries.delete(key);
    }
  }
}
