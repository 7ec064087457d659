/**
 * The child side of the runner's IPC: announce readiness or results, and answer the runner's requests.
 */

/** Sends one message to the runner; resolves once it is handed over (at once when there is no IPC channel). */
export function tell(message: { type: string; [key: string]: unknown }): Promise<void> {
  return new Promise((resolve) => {
    if (!process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

/** Answers every request of the runner: `handler`'s result is sent back with the request's `id`. */
export function answerRequests(
  handler: (message: { type: string; [key: string]: unknown }) => Promise<Record<string, unknown>>,
): void {
  process.on("message", (raw) => {
    const message = raw as { type: string; id?: number; [key: string]: unknown };
    handler(message).then(
      (reply) => void tell({ type: "reply", ...reply, id: message.id }),
      (error: unknown) => void tell({ type: "error", error: String(error), id: message.id }),
    );
  });
}

/** Exits quietly on SIGTERM/SIGINT after `close` (servers close their sockets first). */
export function exitOnSignal(close: () => Promise<unknown> | undefined = () => undefined): void {
  const stop = () => {
    Promise.resolve(close()).finally(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
}

/** A non-negative integer from the environment, else `fallback`. */
export function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a non-negative integer`);
  return value;
}
