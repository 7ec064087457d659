/**
 * A progress subscription as an async iterator (what a GraphQL subscription resolver returns): reports are
 * queued until read, the iterator ends when the campaign completes, and `return()` unsubscribes.
 */
import type { DeliveryReportView } from "./delivery-report.js";
import type { ProgressListener } from "./progress-pollers.js";

/**
 * Runs `subscribe` with a listener feeding the iterator. `subscribe` may throw (e.g. the subscription limit):
 * the error surfaces at once. It returns the unsubscribe function, called when the consumer stops.
 */
export function progressIterator(
  subscribe: (listener: ProgressListener) => () => void,
): AsyncIterableIterator<DeliveryReportView> {
  const queue: DeliveryReportView[] = [];
  let waiting: ((result: IteratorResult<DeliveryReportView>) => void) | null = null;
  let failWaiting: ((error: unknown) => void) | null = null;
  let done = false;
  let failure: { error: unknown } | null = null;
  const wake = () => {
    if (!waiting) return;
    const resolve = waiting;
    const reject = failWaiting;
    waiting = null;
    failWaiting = null;
    const next = queue.shift();
    if (next) resolve({ value: next, done: false });
    else if (failure) {
      const { error } = failure;
      failure = null;
      reject?.(error);
    } else resolve({ value: undefined, done: true });
  };
  const unsubscribe = subscribe({
    next(report) {
      queue.push(report);
      wake();
    },
    complete() {
      done = true;
      wake();
    },
    error(error) {
      failure = { error };
      done = true;
      wake();
    },
  });
  const finish = async (): Promise<IteratorResult<DeliveryReportView>> => {
    done = true;
    queue.length = 0;
    unsubscribe();
    wake();
    return { value: undefined, done: true };
  };
  return {
    next() {
      const value = queue.shift();
      if (value) return Promise.resolve({ value, done: false });
      if (failure) {
        const { error } = failure;
        failure = null;
        return Promise.reject(error);
      }
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve, reject) => {
        waiting = resolve;
        failWaiting = reject;
      });
    },
    return: finish,
    throw: async (error) => {
      await finish();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
