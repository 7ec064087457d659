import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll } from "vitest";
import { type Sandbox, startSandbox } from "../../src/sandbox/server.js";

/** Every own property of an error and of its cause chain (plus message and stack), as one JSON string. */
export function serializeError(error: unknown, depth = 5): string {
  const seen = new Set<unknown>();
  const walk = (value: unknown, level: number): unknown => {
    if (typeof value !== "object" || value === null) return value;
    if (seen.has(value) || level > depth) return "[seen]";
    seen.add(value);
    const out: Record<string, unknown> = {};
    for (const key of Reflect.ownKeys(value)) {
      out[String(key)] = walk((value as Record<string | symbol, unknown>)[key], level + 1);
    }
    if (value instanceof Error) {
      out.message = value.message;
      out.stack = value.stack;
      out.name = value.name;
      if (!("cause" in out)) out.cause = walk(value.cause, level + 1);
    }
    return out;
  };
  return JSON.stringify(walk(error, 0));
}

/** A throwaway HTTP server on 127.0.0.1:0 with a per-test handler; `url` ends in /api/v1. */
export interface StubUpstream {
  url: string;
  requests: IncomingMessage[];
  handle(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

/** Starts a {@link StubUpstream}. */
export async function startStub(): Promise<StubUpstream> {
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1`,
    requests,
    handle(next) {
      handler = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A base URL on which nothing listens (a port that was just released). */
export async function refusedUrl(): Promise<string> {
  const stub = await startStub();
  const url = stub.url;
  await stub.close();
  return url;
}

/** The documented success envelope around `data`. */
export function okEnvelope(data: unknown, message = "Information successfully retrieved.") {
  return JSON.stringify({
    status: true,
    intime: null,
    outtime: null,
    message,
    data,
    errors: {},
    error_code: null,
  });
}

/** Noon IST on a weekday: inside the promotional window. */
export const NOON_IST = new Date("2030-01-15T06:30:00Z");

/** A sandbox for one test file on a clock the tests set (`env.now`), back at noon IST and reset after each test. */
export interface NoonSandbox {
  readonly sandbox: Sandbox;
  now: Date;
}

/** Starts a {@link NoonSandbox} before the file's tests and closes it after them. */
export function useNoonSandbox(): NoonSandbox {
  let sandbox: Sandbox | undefined;
  const env = {
    now: NOON_IST,
    get sandbox(): Sandbox {
      if (!sandbox) throw new Error("the sandbox starts in beforeAll");
      return sandbox;
    },
  };
  beforeAll(async () => {
    sandbox = await startSandbox({ clock: () => env.now });
  });
  afterEach(() => {
    env.now = NOON_IST;
    sandbox?.reset();
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  return env;
}
