/**
 * The sandbox's admin endpoints (`/__sandbox/...`), for a sandbox running in another process.
 */

/** What `GET /__sandbox/calls` reports. */
export interface SandboxCalls {
  count: number;
  byEndpoint: Record<string, number>;
  sends: number;
}

/** Admin client of the sandbox whose API base URL (ending in `/api/v1`) is `apiUrl`. */
export class SandboxAdmin {
  private readonly base: string;

  constructor(apiUrl: string) {
    this.base = `${apiUrl.replace(/\/api\/v1\/?$/, "")}/__sandbox`;
  }

  /** Calls received since the last reset, per endpoint. */
  async calls(): Promise<SandboxCalls> {
    const response = await fetch(`${this.base}/calls`);
    if (!response.ok) throw new Error(`sandbox /calls answered ${response.status}`);
    return (await response.json()) as SandboxCalls;
  }

  /** Back to the seed (balances, campaigns), calls and rate-limit windows cleared. */
  async reset(): Promise<void> {
    const response = await fetch(`${this.base}/reset`, { method: "POST" });
    if (!response.ok) throw new Error(`sandbox /reset answered ${response.status}`);
  }
}
