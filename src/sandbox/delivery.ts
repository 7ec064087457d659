/**
 * Delivery of immediate sends, on the sandbox's clock. Every non-blank number gets a `send_sms_queues` row:
 * an invalid one is final at once (`INVALID`, `XX1`), a valid one starts `Pending`, turns `ACCEPTED` when the
 * SMSC takes it (`submit_date`) and gets its final DLR word and code later (`done_date`). Each row's fate and
 * delays come from a PRNG seeded by (seed, campaign id, row index), so one seed and one sequence of sends give
 * the same outcome; {@link DELIVERY_TEST_NUMBERS} have a fixed fate whatever the seed. Nothing runs on a timer:
 * reads apply the DLRs that are due, then recount the campaign like the backend's `check:campaign` command.
 */
import { istDateTimeString } from "./ist.js";
import { phpEmpty, phpIsNumeric } from "./php.js";
import type {
  SandboxCampaign,
  SandboxDlrPlan,
  SandboxQueue,
  SandboxQueueRow,
  SandboxState,
} from "./state.js";

/** The final reports the sandbox produces: DLR word (`stat`) and response code (`err`). */
export const DLR_OUTCOMES = {
  delivered: { stat: "DELIVRD", err: "000" },
  undelivered: { stat: "UNDELIV", err: "001" },
  expired: { stat: "EXPIRED", err: "002" },
  rejectedByOperator: { stat: "REJECTD", err: "003" },
  /** The SMSC refused the submit (Kannel `d=16`): never `ACCEPTED`, so no `submit_date`. */
  rejectedBySmsc: { stat: "REJECTED", err: "16" },
} as const;

/** Name of one of the {@link DLR_OUTCOMES}. */
export type DlrOutcome = keyof typeof DLR_OUTCOMES;

/**
 * Numbers whose outcome is fixed whatever the seed and failure rate (10-digit form; `91…`, `+91…` and `0…`
 * spellings are the same number).
 */
export const DELIVERY_TEST_NUMBERS: Readonly<Record<DlrOutcome, string>> = {
  delivered: "9999900000",
  undelivered: "9999900001",
  expired: "9999900002",
  rejectedByOperator: "9999900003",
  rejectedBySmsc: "9999900004",
};

/** Options of the delivery simulation (`SandboxOptions.delivery`). */
export interface DeliveryOptions {
  /** Seed of the PRNG choosing each recipient's fate and delays (default 1). */
  seed?: number;
  /** Probability in [0, 1] that a recipient without a fixed fate fails (default 0.1). */
  failureRate?: number;
  /** Range of the delay from the send to the SMSC's acceptance, in ms (default [1000, 3000]). */
  acceptDelayMs?: readonly [number, number];
  /** Range of the delay from the acceptance to the final report, in ms (default [2000, 12000]). */
  finalDelayMs?: readonly [number, number];
}

/** {@link DeliveryOptions} with every value set. */
export type DeliverySettings = Required<DeliveryOptions>;

/** The defaults: every recipient is final at most 15 s after the send. */
export const DEFAULT_DELIVERY: DeliverySettings = {
  seed: 1,
  failureRate: 0.1,
  acceptDelayMs: [1000, 3000],
  finalDelayMs: [2000, 12000],
};

const FAILURES: readonly DlrOutcome[] = ["undelivered", "expired", "rejectedByOperator", "rejectedBySmsc"];

const FIXED_OUTCOMES = new Map<string, DlrOutcome>(
  Object.entries(DELIVERY_TEST_NUMBERS).map(([outcome, number]) => [`91${number}`, outcome as DlrOutcome]),
);

function checkRange(name: string, range: readonly [number, number]): void {
  const [min, max] = range;
  if (!Number.isFinite(min) || !Number.isFinite(max) || min < 0 || max < min) {
    throw new RangeError(`delivery.${name} must be [min, max] with 0 <= min <= max`);
  }
}

/** Fills in and checks {@link DeliveryOptions}; throws a RangeError on a value out of range. */
export function deliverySettings(options: DeliveryOptions = {}): DeliverySettings {
  const settings: DeliverySettings = { ...DEFAULT_DELIVERY, ...options };
  if (!Number.isFinite(settings.seed)) throw new RangeError("delivery.seed must be a finite number");
  if (!(settings.failureRate >= 0 && settings.failureRate <= 1)) {
    throw new RangeError("delivery.failureRate must be in [0, 1]");
  }
  checkRange("acceptDelayMs", settings.acceptDelayMs);
  checkRange("finalDelayMs", settings.finalDelayMs);
  return settings;
}

/**
 * `checkNumberValid` (no invalid series configured): the number as the queue stores it (10 digits → `91`
 * prefix, 11 digits → a leading 0 made `91`, 12 kept), or `null` when it is invalid.
 */
export function storedMobile(number: string): string | null {
  if (!phpIsNumeric(number)) return null;
  if (number.length === 10) return `91${number}`;
  if (number.length === 11) return number.replace(/^0/, "91");
  return number.length === 12 ? number : null;
}

function hash32(values: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const value of values) {
    h = Math.imul(h ^ (value | 0), 0x85ebca6b);
    h = Math.imul(h ^ Math.floor(value / 2 ** 32), 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function within([min, max]: readonly [number, number], roll: number): number {
  return min + Math.floor(roll * (max - min + 1));
}

/**
 * The fate and DLR times of row `index` of campaign `campaignId` (stored number `mobile`) sent at `sentAt` ms.
 * Pure: the same arguments give the same plan.
 */
export function planDelivery(
  settings: DeliverySettings,
  campaignId: number,
  index: number,
  mobile: string,
  sentAt: number,
): SandboxDlrPlan {
  const random = prng(hash32([settings.seed, campaignId, index]));
  const [failRoll, failurePick, acceptRoll, finalRoll] = [random(), random(), random(), random()];
  const outcome =
    FIXED_OUTCOMES.get(mobile) ??
    (failRoll < settings.failureRate
      ? (FAILURES[Math.floor(failurePick * FAILURES.length)] ?? "undelivered")
      : "delivered");
  const { stat, err } = DLR_OUTCOMES[outcome];
  const firstAt = sentAt + within(settings.acceptDelayMs, acceptRoll);
  if (outcome === "rejectedBySmsc") return { acceptAt: null, doneAt: firstAt, stat, err };
  return { acceptAt: firstAt, doneAt: firstAt + within(settings.finalDelayMs, finalRoll), stat, err };
}

function nextDlrAt(rows: readonly SandboxQueueRow[]): number {
  let next = Number.POSITIVE_INFINITY;
  for (const { plan, stat } of rows) {
    if (!plan) continue;
    const due = plan.acceptAt !== null && stat === "Pending" ? plan.acceptAt : plan.doneAt;
    if (due < next) next = due;
  }
  return next;
}

/**
 * Creates the queue rows of an immediate send from its cast number tokens (blank ones get no row) and
 * schedules their DLRs from `sentAt` (ms).
 */
export function enqueueCampaign(
  state: SandboxState,
  settings: DeliverySettings,
  campaign: SandboxCampaign,
  numbers: readonly string[],
  sentAt: number,
): SandboxQueue {
  const rows: SandboxQueueRow[] = [];
  numbers.forEach((number, index) => {
    if (phpEmpty(number)) return;
    const mobile = storedMobile(number);
    const base = { useCredit: campaign.messageCreditSize, message: campaign.message, submitDate: null };
    rows.push(
      mobile === null
        ? { ...base, mobile: number, stat: "INVALID", err: "XX1", doneDate: null, plan: null }
        : {
            ...base,
            mobile,
            stat: "Pending",
            err: null,
            doneDate: null,
            plan: planDelivery(settings, campaign.id, index, mobile, sentAt),
          },
    );
  });
  const queue: SandboxQueue = { campaign, rows, nextCheckAt: sentAt };
  state.sendSmsQueues.set(campaign.id, queue);
  state.deliveringCampaignIds.add(campaign.id);
  return queue;
}

/** Row counts by kind, as `check:campaign` groups the DLR words (case-insensitively). */
export interface RowCounts {
  delivered: number;
  pending: number;
  invalid: number;
  blocked: number;
  failed: number;
}

/** `check:campaign`'s grouping: `DELIVRD`; `Pending`/`Accepted`; `Invalid`; `BLACK`; anything else failed. */
export function countRows(rows: readonly SandboxQueueRow[]): RowCounts {
  const counts: RowCounts = { delivered: 0, pending: 0, invalid: 0, blocked: 0, failed: 0 };
  for (const { stat } of rows) {
    const word = stat.toLowerCase();
    if (word === "delivrd") counts.delivered++;
    else if (word === "pending" || word === "accepted") counts.pending++;
    else if (word === "invalid") counts.invalid++;
    else if (word === "black") counts.blocked++;
    else counts.failed++;
  }
  return counts;
}

function applyDue(queue: SandboxQueue, now: number): void {
  for (const row of queue.rows) {
    const { plan } = row;
    if (!plan) continue;
    if (plan.acceptAt !== null && plan.acceptAt <= now && row.stat === "Pending") {
      row.stat = "ACCEPTED";
      row.submitDate = istDateTimeString(new Date(plan.acceptAt));
    }
    if (plan.doneAt <= now) {
      row.stat = plan.stat;
      row.err = plan.err;
      row.doneDate = istDateTimeString(new Date(plan.doneAt));
      row.plan = null;
    }
  }
  queue.nextCheckAt = nextDlrAt(queue.rows);
}

/** `check:campaign` for one `Ready-to-complete` campaign: counters from the rows, `Completed` once all are final. */
function recount(queue: SandboxQueue): void {
  const { campaign } = queue;
  if (campaign.status !== "Ready-to-complete") return;
  const counts = countRows(queue.rows);
  campaign.totalDelivered = counts.delivered;
  campaign.totalFailed = counts.failed;
  campaign.totalBlockNumber = counts.blocked;
  campaign.totalInvalidNumber = counts.invalid;
  const done = counts.blocked + counts.invalid + counts.delivered + counts.failed;
  if (campaign.totalContacts <= done) campaign.status = "Completed";
}

/** Applies every DLR due at `now` (ms) and recounts the campaigns that changed. */
export function settleDeliveries(state: SandboxState, now: number): void {
  for (const id of state.deliveringCampaignIds) {
    const queue = state.sendSmsQueues.get(id);
    if (!queue || queue.nextCheckAt === Number.POSITIVE_INFINITY) {
      state.deliveringCampaignIds.delete(id);
      continue;
    }
    if (queue.nextCheckAt > now) continue;
    applyDue(queue, now);
    recount(queue);
  }
}
