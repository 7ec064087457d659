/**
 * The chunk runner on its own, with a fake upstream `send`: at most `concurrency` chunks in flight, no new chunk
 * launched after one fails, an upstream refusal classified FAILED and a lost or unexpected answer UNKNOWN, a
 * retry sending only unsent chunks; and the conclusion of a record (the whole outcome, a PartialSendError, or
 * the one chunk's error).
 */
import { describe, expect, it } from "vitest";
import {
  ChunkRunner,
  chunkReports,
  concludeSend,
  isUnsent,
  unsentRecipients,
} from "../../src/gateway/chunk-runner.js";
import {
  GatewayError,
  PartialSendError,
  RateLimitedError,
  SendOutcomeUnknownError,
  UpstreamRejectedError,
} from "../../src/gateway/errors.js";
import { type ChunkState, newSendRecord, type SendRecord } from "../../src/gateway/idempotency.js";
import type { SendProgress } from "../../src/gateway/send-types.js";
import {
  QuickcomRateLimitedError,
  QuickcomSendOutcomeUnknownError,
  UpstreamValidationError,
} from "../../src/quickcom/client/errors.js";
import type { SendMessageResponse } from "../../src/quickcom/types.js";

const UPSTREAM = { status: 429, endpoint: "send-message", retryable: false } as const;

/** A record with one chunk of `size` numbers per entry (numbers named after their chunk). */
function record(...sizes: number[]): SendRecord {
  const chunks = sizes.map((size, c) =>
    Array.from({ length: size }, (_, i) => `98${c}${String(i).padStart(7, "0")}`),
  );
  return newSendRecord("fingerprint", chunks, Date.now());
}

/** What QuickCom answers for a chunk of `numbers`. */
function response(numbers: string[], uuid = `uuid-${numbers[0]}`): SendMessageResponse {
  return {
    uuid,
    campaign: "c",
    senderId: "QCKCOM",
    routeType: 2,
    smsType: 1,
    message: "Hello",
    isFlash: false,
    sendDateTime: "2026-03-10 12:00",
    messageCount: 5,
    creditsPerMessage: 1,
    totalContacts: numbers.length,
    creditsDeducted: numbers.length,
    invalidNumbers: 0,
    status: "Ready-to-complete",
  };
}

/** A logger that keeps what it was told. */
function memoryLogger() {
  const lines: { level: "info" | "warn"; object: Record<string, unknown>; message: string }[] = [];
  return {
    lines,
    info: (object: object, message: string) =>
      lines.push({ level: "info", object: object as Record<string, unknown>, message }),
    warn: (object: object, message: string) =>
      lines.push({ level: "warn", object: object as Record<string, unknown>, message }),
  };
}

/** Runs `target` through a runner; `send` answers each chunk. */
async function run(
  target: SendRecord,
  send: (numbers: string[]) => Promise<SendMessageResponse>,
  concurrency = 4,
) {
  const logger = memoryLogger();
  const metered: { status: string; credits: number }[] = [];
  const progress: SendProgress[] = [];
  const ran: ChunkState[] = [];
  const runner = new ChunkRunner({ concurrency, logger, onChunk: (e) => metered.push(e) });
  await runner.run({
    record: target,
    idempotencyKey: "key-1",
    requestId: "req-1",
    send,
    onProgress: (p) => progress.push(p),
    ran,
  });
  return { logger, metered, progress, ran };
}

/** A `send` whose every call waits until released, counting how many are in flight at once. */
function gatedSend() {
  let active = 0;
  let peak = 0;
  const waiting: (() => void)[] = [];
  const send = async (numbers: string[]) => {
    active++;
    peak = Math.max(peak, active);
    await new Promise<void>((resolve) => waiting.push(resolve));
    active--;
    return response(numbers);
  };
  const releaseAll = async () => {
    while (waiting.length > 0 || active > 0) {
      waiting.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { send, releaseAll, peak: () => peak, waiting };
}

describe("ChunkRunner: concurrency", () => {
  it("keeps at most `concurrency` chunks in flight and sends every chunk exactly once", async () => {
    const target = record(2, 2, 2, 2, 2, 2, 2);
    const gate = gatedSend();
    const sent: string[][] = [];
    const running = run(
      target,
      (numbers) => {
        sent.push(numbers);
        return gate.send(numbers);
      },
      3,
    );
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.waiting).toHaveLength(3);
    await gate.releaseAll();
    const { ran, progress } = await running;
    expect(gate.peak()).toBe(3);
    expect(sent).toEqual(target.chunks.map((c) => c.numbers));
    expect(ran).toHaveLength(7);
    expect(target.chunks.every((c) => c.status === "SENT")).toBe(true);
    expect(progress.map((p) => p.chunk)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(progress.at(-1)).toEqual({ chunk: 7, chunks: 7, sentRecipients: 14, totalRecipients: 14 });
  });

  it("with fewer chunks than workers runs each once", async () => {
    const gate = gatedSend();
    const running = run(record(1, 1), gate.send, 8);
    await new Promise((resolve) => setImmediate(resolve));
    expect(gate.waiting).toHaveLength(2);
    await gate.releaseAll();
    expect((await running).ran).toHaveLength(2);
  });

  it("launches no chunk after one fails; chunks not tried stay PENDING", async () => {
    const target = record(1, 1, 1, 1);
    let calls = 0;
    const { ran, metered } = await run(
      target,
      async (numbers) => {
        calls++;
        if (calls === 2)
          throw new QuickcomRateLimitedError("Too Many Attempts.", {
            ...UPSTREAM,
            code: "429",
            retryAfterMs: 5_000,
          });
        return response(numbers);
      },
      1,
    );
    expect(calls).toBe(2);
    expect(ran).toEqual([target.chunks[0], target.chunks[1]]);
    expect(target.chunks.map((c) => c.status)).toEqual(["SENT", "FAILED", "PENDING", "PENDING"]);
    expect(metered).toEqual([
      { status: "SENT", credits: 1 },
      { status: "FAILED", credits: 0 },
    ]);
    expect(unsentRecipients(target)).toBe(3);
  });

  it("a retry sends only FAILED and PENDING chunks, and reports progress over the whole record", async () => {
    const target = record(2, 3, 4);
    const [sent, failed, pending] = target.chunks as [ChunkState, ChunkState, ChunkState];
    sent.status = "SENT";
    sent.response = response(sent.numbers);
    failed.status = "FAILED";
    failed.error = new RateLimitedError("throttled", 5);
    expect([sent, failed, pending].map(isUnsent)).toEqual([false, true, true]);
    const asked: string[][] = [];
    const { progress } = await run(
      target,
      async (numbers) => {
        asked.push(numbers);
        return response(numbers);
      },
      1,
    );
    expect(asked).toEqual([failed.numbers, pending.numbers]);
    expect(failed).toMatchObject({ status: "SENT", error: null });
    expect(progress).toEqual([
      { chunk: 1, chunks: 3, sentRecipients: 5, totalRecipients: 9 },
      { chunk: 2, chunks: 3, sentRecipients: 9, totalRecipients: 9 },
    ]);
  });
});

describe("ChunkRunner: FAILED or UNKNOWN", () => {
  it("an upstream refusal is FAILED (certainly not sent), with the gateway's error", async () => {
    const target = record(3);
    await run(target, () =>
      Promise.reject(
        new UpstreamValidationError("The given data was invalid.", {
          ...UPSTREAM,
          status: 422,
          code: "1002",
          fieldErrors: { message: ["too long"] },
        }),
      ),
    );
    const [chunk] = target.chunks;
    expect(chunk?.status).toBe("FAILED");
    expect(chunk?.error).toBeInstanceOf(UpstreamRejectedError);
    expect(chunk?.error?.code).toBe("1002");
    expect(chunk?.response).toBeNull();
  });

  it("a lost answer is UNKNOWN, carrying the idempotency key", async () => {
    const target = record(3);
    const { metered, logger } = await run(target, () =>
      Promise.reject(
        new QuickcomSendOutcomeUnknownError("no answer", {
          ...UPSTREAM,
          status: null,
          code: "UPSTREAM_TIMEOUT",
          idempotencyKey: "key-1",
        }),
      ),
    );
    expect(target.chunks[0]?.status).toBe("UNKNOWN");
    expect(target.chunks[0]?.error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(target.chunks[0]?.error).toMatchObject({ idempotencyKey: "key-1", code: "SEND_OUTCOME_UNKNOWN" });
    expect(metered).toEqual([{ status: "UNKNOWN", credits: 0 }]);
    expect(logger.lines.filter((l) => l.level === "warn")).toEqual([]);
    expect(isUnsent(target.chunks[0] as ChunkState)).toBe(false);
  });

  it("an unexpected failure (not a QuickcomError) is UNKNOWN and logged as a warning", async () => {
    const target = record(2);
    const { logger } = await run(target, () => Promise.reject(new TypeError("socket went away")));
    expect(target.chunks[0]?.status).toBe("UNKNOWN");
    expect(target.chunks[0]?.error?.message).toBe(
      "The send failed in an unexpected way; its outcome is unknown.",
    );
    expect(logger.lines).toContainEqual({
      level: "warn",
      object: { requestId: "req-1", err: "TypeError: socket went away" },
      message: "unexpected send failure",
    });
    expect(logger.lines).toContainEqual(
      expect.objectContaining({
        level: "info",
        message: "send chunk finished",
        object: expect.objectContaining({
          chunk: 1,
          chunks: 1,
          status: "UNKNOWN",
          code: "SEND_OUTCOME_UNKNOWN",
        }),
      }),
    );
  });
});

describe("concludeSend", () => {
  it("sums a send whose every chunk went out", () => {
    const target = record(2, 3);
    for (const chunk of target.chunks) {
      chunk.status = "SENT";
      chunk.response = response(chunk.numbers);
    }
    const scheduledAt = new Date("2026-03-11T04:30:00Z");
    const outcome = concludeSend(target, "key-1", scheduledAt);
    expect(outcome).toMatchObject({
      uuid: `uuid-${target.chunks[0]?.numbers[0]}`,
      totalContacts: 5,
      creditsDeducted: 5,
      scheduledAt,
      idempotencyKey: "key-1",
      replayed: false,
    });
    expect(outcome.chunks.map((c) => [c.status, c.recipients, c.code])).toEqual([
      ["SENT", 2, null],
      ["SENT", 3, null],
    ]);
  });

  it("some chunks sent: a PartialSendError in the gateway hierarchy; untried chunks read FAILED/NOT_ATTEMPTED", () => {
    const target = record(2, 3, 4, 1);
    const [sent, failed, unknown] = target.chunks as [ChunkState, ChunkState, ChunkState];
    sent.status = "SENT";
    sent.response = response(sent.numbers);
    failed.status = "FAILED";
    failed.error = new RateLimitedError("throttled", 5);
    unknown.status = "UNKNOWN";
    unknown.error = new SendOutcomeUnknownError("lost", "key-1");
    const error = (() => {
      try {
        concludeSend(target, "key-1", null);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PartialSendError);
    expect(error).toBeInstanceOf(GatewayError);
    const partial = error as PartialSendError;
    expect(partial.code).toBe("PARTIAL_SEND");
    expect(partial.name).toBe("PartialSendError");
    expect(partial.idempotencyKey).toBe("key-1");
    expect(partial.message).toBe(
      "Sent to 2 recipient(s); 4 not sent (retry with the same idempotencyKey to send only those); 4 unknown " +
        "(never resent automatically).",
    );
    expect(partial.chunks).toEqual(chunkReports(target.chunks));
    expect(partial.chunks.map((c) => [c.status, c.code, c.uuid])).toEqual([
      ["SENT", null, `uuid-${sent.numbers[0]}`],
      ["FAILED", "RATE_LIMITED", null],
      ["UNKNOWN", "SEND_OUTCOME_UNKNOWN", null],
      ["FAILED", "NOT_ATTEMPTED", null],
    ]);
  });

  it("several chunks, none sent but one unknown: partial (something may have gone out)", () => {
    const target = record(1, 1);
    const [unknown, failed] = target.chunks as [ChunkState, ChunkState];
    unknown.status = "UNKNOWN";
    unknown.error = new SendOutcomeUnknownError("lost", "key-1");
    failed.status = "FAILED";
    failed.error = new RateLimitedError("throttled", null);
    expect(() => concludeSend(target, "key-1", null)).toThrow(PartialSendError);
  });

  it("nothing sent and nothing unknown, or one chunk unknown: the chunk's own error", () => {
    const refused = record(1, 1);
    const limited = new RateLimitedError("throttled", null);
    (refused.chunks[0] as ChunkState).status = "FAILED";
    (refused.chunks[0] as ChunkState).error = limited;
    expect(() => concludeSend(refused, "key-1", null)).toThrow(limited);

    const single = record(3);
    const lost = new SendOutcomeUnknownError("lost", "key-1");
    (single.chunks[0] as ChunkState).status = "UNKNOWN";
    (single.chunks[0] as ChunkState).error = lost;
    expect(() => concludeSend(single, "key-1", null)).toThrow(lost);
  });
});
