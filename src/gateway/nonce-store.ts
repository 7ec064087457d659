/**
 * Where the nonces of used confirmation tokens are recorded, so a token pays for one send only: in memory for
 * one process, or as one file per nonce in a directory, which makes a token single-use across every process
 * on the machine (an assistant that starts a stdio server per call previews in one process and sends from
 * another).
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

/** Records used nonces until their tokens would have expired anyway. */
export interface NonceStore {
  /** Whether a send already used this nonce. */
  isUsed(nonce: string, expiresAt: number): Promise<boolean>;
  /**
   * Records the nonce as used before the send goes out; false when it already was. The check and the record are
   * one step in the store (a synchronous map update, an exclusive file create, a Redis SET NX), so of concurrent
   * sends of one token exactly one gets true.
   */
  consume(nonce: string, expiresAt: number): Promise<boolean>;
}

/** Nonces in this process's memory. */
export class MemoryNonceStore implements NonceStore {
  private readonly used = new Map<string, number>();

  /** @param now clock in milliseconds, to forget nonces whose tokens have expired. */
  constructor(private readonly now: () => number = Date.now) {}

  async isUsed(nonce: string): Promise<boolean> {
    return this.used.has(nonce);
  }

  async consume(nonce: string, expiresAt: number): Promise<boolean> {
    if (this.used.has(nonce)) return false;
    const now = this.now();
    for (const [used, expiry] of this.used) if (expiry <= now) this.used.delete(used);
    this.used.set(nonce, expiresAt);
    return true;
  }
}

/** How often {@link FileNonceStore} sweeps the files of expired tokens. */
const SWEEP_INTERVAL_MS = 10 * 60_000;

/**
 * One empty file per used nonce, named `<expiresAt>-<nonce>` and created exclusively (`O_EXCL`), so of two
 * processes consuming one token exactly one succeeds.
 */
export class FileNonceStore implements NonceStore {
  private lastSweep = 0;

  /**
   * @param directory where the nonce files live (created if missing, mode 0700).
   * @param now clock in milliseconds.
   */
  constructor(
    private readonly directory: string,
    private readonly now: () => number = Date.now,
  ) {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  }

  async isUsed(nonce: string, expiresAt: number): Promise<boolean> {
    try {
      statSync(this.pathOf(nonce, expiresAt));
      return true;
    } catch {
      return false;
    }
  }

  async consume(nonce: string, expiresAt: number): Promise<boolean> {
    this.sweep();
    try {
      closeSync(openSync(this.pathOf(nonce, expiresAt), "wx", 0o600));
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
      throw error;
    }
  }

  private pathOf(nonce: string, expiresAt: number): string {
    return join(this.directory, `${expiresAt}-${nonce}`);
  }

  private sweep(): void {
    const now = this.now();
    if (now - this.lastSweep < SWEEP_INTERVAL_MS) return;
    this.lastSweep = now;
    for (const name of readdirSync(this.directory)) {
      const expiresAt = Number(name.split("-", 1)[0]);
      if (Number.isFinite(expiresAt) && expiresAt <= now) rmSync(join(this.directory, name), { force: true });
    }
  }
}
