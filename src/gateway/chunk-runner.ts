/**
 * Runs the URL-bounded chunks of one send, a few at a time, and turns their states into the caller's result.
 * A chunk is PENDING until tried, SENT once QuickCom accepted it, FAILED when QuickCom certainly did not send
 * it, and UNKNOWN when it may have gone out. Only PENDING and FAILED chunks are ever (re)sent.
 */
import { QuickcomError } from "../quickcom/client/errors.js";
import type { SendMessageResponse } from "../quickcom/types.js";
import { fromUpstreamError, type GatewayError, PartialSendError, SendOutcomeUnknownError } from "./errors.js";
import type { ChunkState, ChunkStatus, SendRecord } from "./idempotency.js";
import type { ChunkReport, SendLogger, SendOutcome, SendProgress } from "./send-types.js";

/** A chunk that certainly was not sent (a retry of its key sends it). */
export function isUnsent(chunk: ChunkState): boolean {
  return chunk.status === "FAILED" || chunk.status === "PENDING";
}

/** Recipients of the chunks a send of this record would (re)send. */
export function unsentRecipients(record: SendRecord): number {
  return record.chunks.filter(isUnsent).reduce((n, c) => n + c.numbers.length, 0);
}

/** Dependencies of {@link ChunkRunner}. */
export interface ChunkRunnerDeps {
  /** How many chunks of one send may be in flight at once. */
  concurrency: number;
  logger: SendLogger;
  /** Called after every chunk tried, with the credits it deducted (metrics). */
  onChunk?: (e: { status: ChunkStatus; credits: number }) => void;
}

/** One run over a send's record. */
export interface ChunkRun {
  record: SendRecord;
  idempotencyKey: string;
  requestId: string;
  /** Sends one chunk's recipients upstream. Throwing a `QuickcomError` says how certainly it failed. */
  send(numbers: string[]): Promise<SendMessageResponse>;
  onProgress?: (progress: SendProgress) => void;
  /** Each chunk this run sends (or tries to) is pushed here as it starts, so an interrupted run is accounted. */
  ran: ChunkState[];
  /** The gateway error of an upstream failure (default {@link fromUpstreamError}). */
  toError?: (error: QuickcomError) => GatewayError;
}

/** Sends the unsent chunks of a record with bounded concurrency. Nothing here retries a chunk. */
export class ChunkRunner {
  /** Builds a runner; it holds no state between runs. */
  constructor(private readonly deps: ChunkRunnerDeps) {}

  /** Sends every PENDING or FAILED chunk once, a few at a time; stops launching chunks after one fails. */
  async run(job: ChunkRun): Promise<void> {
    const { record } = job;
    const todo = record.chunks.filter(isUnsent);
    const total = record.chunks.reduce((n, c) => n + c.numbers.length, 0);
    let stopped = false;
    let done = 0;
    const worker = async () => {
      for (let chunk = todo.shift(); chunk && !stopped; chunk = todo.shift()) {
        job.ran.push(chunk);
        await this.sendChunk(job, chunk);
        if (chunk.status !== "SENT") stopped = true;
        done++;
        this.deps.logger.info(
          {
            requestId: job.requestId,
            idempotencyKey: job.idempotencyKey,
            chunk: record.chunks.indexOf(chunk) + 1,
            chunks: record.chunks.length,
            status: chunk.status,
            recipients: chunk.numbers.length,
            code: chunk.error?.code ?? null,
          },
          "send chunk finished",
        );
        job.onProgress?.({
          chunk: done,
          chunks: record.chunks.length,
          sentRecipients: record.chunks
            .filter((c) => c.status === "SENT")
            .reduce((n, c) => n + c.numbers.length, 0),
          totalRecipients: total,
        });
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.deps.concurrency, todo.length) }, worker));
  }

  /** Sends one chunk and records its state: an upstream refusal is FAILED, anything else unexpected UNKNOWN. */
  private async sendChunk(job: ChunkRun, chunk: ChunkState): Promise<void> {
    chunk.status = "PENDING";
    try {
      const data = await job.send(chunk.numbers);
      chunk.status = "SENT";
      chunk.response = data;
      chunk.error = null;
      this.deps.onChunk?.({ status: "SENT", credits: data.creditsDeducted });
    } catch (error) {
      chunk.error =
        error instanceof QuickcomError
          ? (job.toError ?? fromUpstreamError)(error)
          : new SendOutcomeUnknownError(
              "The send failed in an unexpected way; its outcome is unknown.",
              job.idempotencyKey,
            );
      chunk.status = chunk.error instanceof SendOutcomeUnknownError ? "UNKNOWN" : "FAILED";
      this.deps.onChunk?.({ status: chunk.status, credits: 0 });
      if (!(error instanceof QuickcomError)) {
        this.deps.logger.warn({ requestId: job.requestId, err: String(error) }, "unexpected send failure");
      }
    }
  }
}

/** The chunks as callers see them: a chunk never tried is FAILED with code NOT_ATTEMPTED. */
export function chunkReports(chunks: readonly ChunkState[]): ChunkReport[] {
  return chunks.map((c, index) => ({
    index,
    recipients: c.numbers.length,
    status: c.status === "PENDING" ? "FAILED" : c.status,
    uuid: c.response?.uuid ?? null,
    creditsDeducted: c.response?.creditsDeducted ?? 0,
    code: c.status === "PENDING" ? "NOT_ATTEMPTED" : (c.error?.code ?? null),
    message:
      c.status === "PENDING" ? "Not attempted because an earlier chunk failed." : (c.error?.message ?? null),
  }));
}

/**
 * The result of a record whose every chunk was sent; otherwise throws a {@link PartialSendError} (some chunks
 * sent, or several chunks of which some may have been), or the error of the chunk that went wrong.
 */
export function concludeSend(
  record: SendRecord,
  idempotencyKey: string,
  scheduledAt: Date | null,
): SendOutcome {
  const chunks = chunkReports(record.chunks);
  const responses = record.chunks.flatMap((c) => (c.status === "SENT" && c.response ? [c.response] : []));
  const first = responses[0];
  if (first && responses.length === record.chunks.length) {
    return {
      uuid: first.uuid,
      senderId: first.senderId,
      message: first.message,
      status: first.status,
      totalContacts: responses.reduce((n, r) => n + r.totalContacts, 0),
      creditsPerMessage: first.creditsPerMessage,
      creditsDeducted: responses.reduce((n, r) => n + r.creditsDeducted, 0),
      invalidNumbers: responses.reduce((n, r) => n + r.invalidNumbers, 0),
      scheduledAt,
      idempotencyKey,
      replayed: false,
      chunks,
    };
  }
  const sent = record.chunks.some((c) => c.status === "SENT");
  if (sent || (record.chunks.length > 1 && record.chunks.some((c) => c.status === "UNKNOWN"))) {
    throw new PartialSendError(idempotencyKey, chunks);
  }
  throw (
    record.chunks.find((c) => c.error)?.error ??
    new SendOutcomeUnknownError("No chunk was sent.", idempotencyKey)
  );
}
