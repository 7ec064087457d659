/**
 * Peak resident set size of the current process while something runs: `process.memoryUsage.rss()` sampled
 * on a timer, cross-checked with the kernel's high-water mark (`resourceUsage().maxRSS`), which also sees
 * peaks that happen while the event loop is blocked between two samples.
 */

/** What {@link RssSampler.stop} reports, in bytes. */
export interface RssReport {
  /** RSS when sampling started. */
  baselineBytes: number;
  /** Largest sampled RSS. */
  sampledPeakBytes: number;
  /** Kernel high-water mark when sampling started and stopped (it only ever grows). */
  highWaterBeforeBytes: number;
  highWaterAfterBytes: number;
  /**
   * The peak during the sampled span: the sampled peak, or the kernel's high-water mark when it grew
   * during the span (then it is the true peak, including moments no sample caught).
   */
  peakBytes: number;
  samples: number;
}

/** Samples RSS every `intervalMs` between {@link start} and {@link stop}. */
export class RssSampler {
  private timer: NodeJS.Timeout | null = null;
  private peak = 0;
  private baseline = 0;
  private highWaterBefore = 0;
  private samples = 0;

  /** @param intervalMs sampling period (default 10 ms) */
  constructor(private readonly intervalMs = 10) {}

  /** Starts (or restarts) sampling. */
  start(): void {
    this.stopTimer();
    this.baseline = process.memoryUsage.rss();
    this.peak = this.baseline;
    this.samples = 1;
    this.highWaterBefore = process.resourceUsage().maxRSS * 1024;
    this.timer = setInterval(() => this.sample(), this.intervalMs);
  }

  /** Stops sampling and reports. */
  stop(): RssReport {
    this.sample();
    this.stopTimer();
    const highWaterAfter = process.resourceUsage().maxRSS * 1024;
    return {
      baselineBytes: this.baseline,
      sampledPeakBytes: this.peak,
      highWaterBeforeBytes: this.highWaterBefore,
      highWaterAfterBytes: highWaterAfter,
      peakBytes: highWaterAfter > this.highWaterBefore ? Math.max(highWaterAfter, this.peak) : this.peak,
      samples: this.samples,
    };
  }

  private sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
    this.samples++;
  }

  private stopTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
