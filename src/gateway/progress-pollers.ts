/**
 * Live campaign progress: one poller per (credential, campaign) shared by every subscriber, GraphQL or MCP.
 * It reads the report at once, then again with backoff (doubling from `minDelayMs` to `maxDelayMs`, back to
 * the minimum whenever the counts change), tells subscribers each change, ends them when the campaign is
 * complete, and stops when the last one leaves. Subscriptions per credential are capped.
 */
import { campaignNotFound } from "./campaign-reads.js";
import type { DeliveryReportView } from "./delivery-report.js";
import { progressFingerprint } from "./delivery-report.js";
import { SubscriptionLimitError } from "./errors.js";

/** The timer a poller waits with (injected so tests move time themselves). */
export interface PollTimer {
  /** Calls `callback` after `ms`; returns a handle for {@link PollTimer.clear}. */
  set(callback: () => void, ms: number): unknown;
  /** Cancels a pending callback. */
  clear(handle: unknown): void;
}

/** `setTimeout` / `clearTimeout`, unref'd so a poller never keeps the process alive. */
export const REAL_TIMER: PollTimer = {
  set: (callback, ms) => setTimeout(callback, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Options of {@link ProgressPollers}. */
export interface ProgressPollerOptions {
  /** Live subscriptions one credential may hold (SUBSCRIPTION_MAX_PER_CREDENTIAL). */
  maxPerCredential: number;
  /** First delay between reads, and the delay after a change (default 1000). */
  minDelayMs?: number;
  /** Longest delay between reads (default 30000). */
  maxDelayMs?: number;
  /** Failed reads in a row after which subscribers get the error (default 5). */
  maxConsecutiveErrors?: number;
  /** The timer (default {@link REAL_TIMER}). */
  timer?: PollTimer;
}

/** Reads the campaign's current report; null when the uuid is not the credential's. */
export type ReportFetcher = () => Promise<DeliveryReportView | null>;

/** What a subscriber is told. */
export interface ProgressListener {
  /** A report whose counts differ from the previous one (the first one too). */
  next(report: DeliveryReportView): void;
  /** The campaign is complete (after its final report) — nothing more comes. */
  complete(): void;
  /** Polling failed for good (e.g. NOT_FOUND) — nothing more comes. */
  error(error: unknown): void;
}

/** Codes after which polling again cannot help. */
const FATAL_CODES = new Set(["NOT_FOUND", "UNAUTHENTICATED", "FORBIDDEN"]);

class Poller {
  readonly listeners = new Set<ProgressListener>();
  #latest: DeliveryReportView | null = null;
  #fingerprint = "";
  #delay: number;
  #errors = 0;
  #handle: unknown = null;
  #stopped = false;

  constructor(
    private readonly fetch: ReportFetcher,
    private readonly settings: Required<Omit<ProgressPollerOptions, "maxPerCredential">>,
    private readonly onEnd: () => void,
  ) {
    this.#delay = settings.minDelayMs;
  }

  start(): void {
    void this.#poll();
  }

  add(listener: ProgressListener): void {
    this.listeners.add(listener);
    if (this.#latest) listener.next(this.#latest);
  }

  /** Stops polling and completes every subscriber. */
  finish(): void {
    this.#end((listener) => listener.complete());
  }

  stop(): void {
    this.#stopped = true;
    if (this.#handle !== null) this.settings.timer.clear(this.#handle);
    this.#handle = null;
  }

  async #poll(): Promise<void> {
    this.#handle = null;
    let report: DeliveryReportView | null;
    try {
      report = await this.fetch();
      if (!report) throw campaignNotFound();
      this.#errors = 0;
    } catch (error) {
      if (this.#stopped) return;
      const code = (error as { code?: unknown }).code;
      if (FATAL_CODES.has(String(code)) || ++this.#errors >= this.settings.maxConsecutiveErrors) {
        return this.#end((l) => l.error(error));
      }
      return this.#schedule(false);
    }
    if (this.#stopped) return;
    const fingerprint = progressFingerprint(report);
    const changed = fingerprint !== this.#fingerprint;
    if (changed) {
      this.#latest = report;
      this.#fingerprint = fingerprint;
      for (const listener of [...this.listeners]) listener.next(report);
    }
    if (report.completed) return this.#end((l) => l.complete());
    this.#schedule(changed);
  }

  #schedule(changed: boolean): void {
    if (this.#stopped) return;
    const { minDelayMs, maxDelayMs, timer } = this.settings;
    const delay = changed ? minDelayMs : this.#delay;
    this.#delay = changed ? minDelayMs * 2 : Math.min(this.#delay * 2, maxDelayMs);
    this.#handle = timer.set(() => void this.#poll(), Math.min(delay, maxDelayMs));
  }

  #end(tell: (listener: ProgressListener) => void): void {
    this.stop();
    const listeners = [...this.listeners];
    this.listeners.clear();
    this.onEnd();
    for (const listener of listeners) tell(listener);
  }
}

/** The registry of pollers of one gateway. */
export class ProgressPollers {
  readonly #pollers = new Map<string, Poller>();
  readonly #perCredential = new Map<string, number>();
  readonly #settings: Required<Omit<ProgressPollerOptions, "maxPerCredential">>;

  /** @param options the per-credential cap, backoff and timer */
  constructor(private readonly options: ProgressPollerOptions) {
    this.#settings = {
      minDelayMs: options.minDelayMs ?? 1_000,
      maxDelayMs: options.maxDelayMs ?? 30_000,
      maxConsecutiveErrors: options.maxConsecutiveErrors ?? 5,
      timer: options.timer ?? REAL_TIMER,
    };
  }

  /** Pollers running now (one per campaign and credential with subscribers). */
  get pollerCount(): number {
    return this.#pollers.size;
  }

  /** Ends every subscription as complete and stops every poller (at shutdown, so event streams close). */
  closeAll(): void {
    for (const poller of [...this.#pollers.values()]) poller.finish();
    this.#pollers.clear();
  }

  /** Live subscriptions over every credential. */
  get subscriptionCount(): number {
    let total = 0;
    for (const count of this.#perCredential.values()) total += count;
    return total;
  }

  /** Live subscriptions of `credentialKey`. */
  subscriptionsOf(credentialKey: string): number {
    return this.#perCredential.get(credentialKey) ?? 0;
  }

  /**
   * Subscribes `listener` to campaign `uuid` of `credentialKey`, starting its poller (reading with `fetch`)
   * unless one runs. Throws {@link SubscriptionLimitError} when the credential is at its cap. Returns the
   * unsubscribe function (idempotent; also called for the listener when the poller ends).
   */
  subscribe(
    credentialKey: string,
    uuid: string,
    fetch: ReportFetcher,
    listener: ProgressListener,
  ): () => void {
    const held = this.subscriptionsOf(credentialKey);
    if (held >= this.options.maxPerCredential) {
      throw new SubscriptionLimitError(
        `This credential already has ${held} live progress subscription(s), the limit; end one first.`,
      );
    }
    this.#perCredential.set(credentialKey, held + 1);
    const key = `${credentialKey}\u0000${uuid}`;
    let poller = this.#pollers.get(key);
    const fresh = !poller;
    if (!poller) {
      const created: Poller = new Poller(fetch, this.#settings, () => {
        if (this.#pollers.get(key) === created) this.#pollers.delete(key);
      });
      poller = created;
      this.#pollers.set(key, created);
    }
    let active = true;
    const release = () => {
      if (!active) return;
      active = false;
      const count = this.subscriptionsOf(credentialKey) - 1;
      if (count > 0) this.#perCredential.set(credentialKey, count);
      else this.#perCredential.delete(credentialKey);
    };
    const own = poller;
    const wrapped: ProgressListener = {
      next: (report) => listener.next(report),
      complete: () => {
        release();
        listener.complete();
      },
      error: (error) => {
        release();
        listener.error(error);
      },
    };
    own.add(wrapped);
    if (fresh) own.start();
    return () => {
      if (!active) return;
      release();
      own.listeners.delete(wrapped);
      if (own.listeners.size === 0 && this.#pollers.get(key) === own) {
        own.stop();
        this.#pollers.delete(key);
      }
    };
  }
}
