/**
 * Relay-style windows over QuickCom's page-numbered, newest-first campaign list.
 *
 * A cursor remembers the campaign's id and the offset where it was seen. Because the upstream orders by
 * id descending and new campaigns only ever get larger ids, "the campaigns after cursor X" are exactly the
 * rows with id < X, wherever inserts have shifted them. The pager finds that boundary starting from the
 * remembered offset, so a walk page by page returns every campaign that existed at its start exactly once,
 * in order, while reading the fewest upstream pages that cover each window.
 */
import type { CampaignPage, CampaignRecord } from "../quickcom/types.js";

/** Largest `per_page_record` the upstream honours. */
export const UPSTREAM_MAX_PAGE_SIZE = 50;

/** Position of one campaign as a cursor remembers it. */
export interface CampaignCursor {
  id: number;
  offset: number;
}

/** A campaign row with the offset it was read at. */
export interface PositionedCampaign {
  record: CampaignRecord;
  offset: number;
}

/** One window of campaigns as a connection needs it. */
export interface CampaignWindow {
  items: PositionedCampaign[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  totalCount: number;
}

/** Reads one upstream page (1-based) of `perPage` rows. */
export type FetchCampaignPage = (page: number, perPage: number) => Promise<CampaignPage>;

const CURSOR_PREFIX = "campaign:";

/** Opaque cursor for a campaign seen at `offset`. */
export function encodeCampaignCursor(cursor: CampaignCursor): string {
  return Buffer.from(`${CURSOR_PREFIX}${cursor.id}:${cursor.offset}`, "utf8").toString("base64url");
}

/** Decodes a cursor made by {@link encodeCampaignCursor}; null when it is not one. */
export function decodeCampaignCursor(cursor: string): CampaignCursor | null {
  const text = Buffer.from(cursor, "base64url").toString("utf8");
  const match = /^campaign:(\d{1,15}):(\d{1,9})$/.exec(text);
  if (!match) return null;
  return { id: Number(match[1]), offset: Number(match[2]) };
}

/**
 * The upstream pages (all of one size, at most `maxPageSize`) that cover offsets [start, end) in the fewest
 * requests, and among those the fewest rows.
 */
export function planPages(
  start: number,
  end: number,
  maxPageSize = UPSTREAM_MAX_PAGE_SIZE,
): { perPage: number; pages: number[] } {
  let best: { perPage: number; first: number; count: number } | null = null;
  for (let perPage = 1; perPage <= maxPageSize; perPage++) {
    const first = Math.floor(start / perPage);
    const count = Math.floor((end - 1) / perPage) - first + 1;
    if (
      !best ||
      count < best.count ||
      (count === best.count && count * perPage < best.count * best.perPage)
    ) {
      best = { perPage, first, count };
    }
  }
  const plan = best ?? { perPage: 1, first: 0, count: 0 };
  return {
    perPage: plan.perPage,
    pages: Array.from({ length: plan.count }, (_, i) => plan.first + i + 1),
  };
}

/** Per-request pager: remembers every row it has read, so overlapping windows cost nothing extra. */
export class CampaignPager {
  private readonly rows = new Map<number, CampaignRecord>();
  private total: number | null = null;

  /** @param fetchPage reads one upstream page; pass a per-request DataLoader-backed function. */
  constructor(private readonly fetchPage: FetchCampaignPage) {}

  /** The first `count` campaigns, or the `count` campaigns after `after`. */
  async first(count: number, after?: CampaignCursor): Promise<CampaignWindow> {
    const start = after ? await this.boundary(after.id, after.offset + 1, after.offset + 1 + count) : 0;
    const total = await this.ensureTotal(count);
    const end = Math.min(total, start + count);
    await this.read(start, end);
    return this.window(start, end, total);
  }

  /** The last `count` campaigns, or the `count` campaigns just before `before`. */
  async last(count: number, before?: CampaignCursor): Promise<CampaignWindow> {
    const end = before
      ? await this.boundary(before.id + 1, Math.max(0, before.offset - count), before.offset + 1)
      : await this.ensureTotal(count);
    const start = Math.max(0, end - count);
    await this.read(start, end);
    return this.window(start, end, this.total ?? end);
  }

  /**
   * The campaign with this id, or null when the account has none. Rows are sorted by id descending, so this is
   * a search for the first offset holding an id <= `id`: a span that one upstream page can cover is read whole,
   * a longer one is halved by reading a full page around its middle.
   */
  async findById(id: number): Promise<CampaignRecord | null> {
    let low = 0;
    let high = await this.ensureTotal(UPSTREAM_MAX_PAGE_SIZE);
    for (let step = 0; low < high && step < 64; step++) {
      while (low < high && this.rows.has(low)) {
        if ((this.rows.get(low)?.id ?? 0) <= id) high = low;
        else low++;
      }
      while (high > low && this.rows.has(high - 1)) {
        if ((this.rows.get(high - 1)?.id ?? 0) > id) low = high;
        else high--;
      }
      if (low >= high) break;
      if (high - low <= UPSTREAM_MAX_PAGE_SIZE) {
        await this.read(low, high);
      } else {
        const middle = (low + high) >> 1;
        const start = Math.floor(middle / UPSTREAM_MAX_PAGE_SIZE) * UPSTREAM_MAX_PAGE_SIZE;
        await this.read(start, start + UPSTREAM_MAX_PAGE_SIZE);
      }
    }
    const row = this.rows.get(low);
    return row?.id === id ? row : null;
  }

  /** Total campaigns, reading the first `atLeast` rows (at most one full page) if nothing was read yet. */
  private async ensureTotal(atLeast: number): Promise<number> {
    if (this.total === null) await this.read(0, Math.min(Math.max(atLeast, 1), UPSTREAM_MAX_PAGE_SIZE));
    return this.total ?? 0;
  }

  /**
   * First offset whose id is below `id` (rows are sorted by id descending). Reads [from, to) first, where the
   * boundary is when nothing changed, then further forward while inserts have pushed rows down. Rows before
   * `from` hold larger ids: the upstream never deletes campaigns and new ones always come first.
   */
  private async boundary(id: number, from: number, to: number): Promise<number> {
    let start = Math.max(0, from);
    let end = Math.max(to, start + 1);
    for (;;) {
      await this.read(start, end);
      const total = this.total ?? 0;
      const stop = Math.min(end, total);
      for (let offset = start; offset < stop; offset++) {
        const row = this.rows.get(offset);
        if (!row || row.id < id) return offset;
      }
      if (stop >= total) return total;
      const size = Math.min(2 * (end - start), 10 * UPSTREAM_MAX_PAGE_SIZE);
      start = stop;
      end = stop + size;
    }
  }

  /** Makes sure rows [start, end) are known, fetching only the missing span. */
  private async read(start: number, end: number): Promise<void> {
    let from = start;
    while (from < end && this.rows.has(from)) from++;
    let to = end;
    while (to > from && this.rows.has(to - 1)) to--;
    if (from >= to) return;
    const plan = planPages(from, to);
    const pages = await Promise.all(plan.pages.map((page) => this.fetchPage(page, plan.perPage)));
    pages.forEach((result, i) => {
      const base = ((plan.pages[i] ?? 1) - 1) * plan.perPage;
      result.campaigns.forEach((record, j) => {
        this.rows.set(base + j, record);
      });
      this.total = result.total;
    });
  }

  private window(start: number, end: number, total: number): CampaignWindow {
    const items: PositionedCampaign[] = [];
    for (let offset = start; offset < end; offset++) {
      const record = this.rows.get(offset);
      if (record) items.push({ record, offset });
    }
    return { items, hasNextPage: end < total, hasPreviousPage: start > 0, totalCount: total };
  }
}
