/**
 * A real redis-server for tests: a free port (found by listening on port 0), no persistence, killed afterwards.
 * It can be stopped and started again on the same port to test a lost and recovered engine. A watchdog shell kills
 * it when the test process is gone without closing it (a killed worker leaves no redis-server behind).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createConnection, createServer } from "node:net";
import type { Redis } from "ioredis";
import { connectRedis } from "../../src/state/redis-connection.js";

/** A running test redis-server. */
export interface TestRedis {
  port: number;
  url: string;
  /** A new client of this server (closed by `close()`). */
  client(): Promise<Redis>;
  /** Kills the server (SIGKILL: a lost engine). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
  /** Deletes every key. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPort(port: number, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const up = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (up) return;
    if (Date.now() > deadline) throw new Error(`redis-server did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts `redis-server` on a free port. */
export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const clients: Redis[] = [];
  let server: ChildProcess | null = null;
  let watchdog: ChildProcess | null = null;
  const start = async () => {
    const spawned = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    const failed = new Promise<never>((_, reject) =>
      spawned.once("error", (error) => reject(new Error(`cannot start redis-server: ${error.message}`))),
    );
    server = spawned;
    watchdog = spawn(
      "sh",
      [
        "-c",
        'while kill -0 "$0" 2>/dev/null; do sleep 1; done; kill -9 "$1" 2>/dev/null',
        String(process.pid),
        String(spawned.pid),
      ],
      { stdio: "ignore" },
    );
    watchdog.unref();
    await Promise.race([waitForPort(port), failed]);
  };
  const stop = async () => {
    watchdog?.kill();
    watchdog = null;
    const running = server;
    server = null;
    if (!running || running.exitCode !== null) return;
    const exited = once(running, "exit");
    running.kill("SIGKILL");
    await exited;
  };
  await start();
  const admin = await connectRedis({ url });
  clients.push(admin);
  return {
    port,
    url,
    async client() {
      const client = await connectRedis({ url });
      clients.push(client);
      return client;
    },
    stop,
    start,
    async flush() {
      await admin.flushall();
    },
    async close() {
      for (const client of clients) client.disconnect();
      await stop();
    },
  };
}
