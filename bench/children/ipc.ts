/**
 * The child side of the runner's IPC: announce readiness or results, and answer the runner's requests.
 */

/** Sends one message to the runner (no-op when the process was not forked with IPC). */
export function tell(message: { type: string; [key: string]: unknown }): void {
  process.send?.(message);
}

/** Answers every request of the runner: `handler`'s result is sent back with the request's `id`. */
export function answerRequests(
  handler: (message: { type: string; [key: string]: unknown }) => Promise<Record<string, unknown>>,
): void {
  process.on("message", (raw) => {
    const message = raw as { type: string; id?: number; [key: string]: unknown };
    handler(message).then(
      (reply) => tell({ type: "reply", ...reply, id: message.id }),
      (error: unknown) => tell({ type: "error", error: String(error), id: message.id }),
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
