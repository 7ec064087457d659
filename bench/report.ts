/**
 * The benchmark's report: one row per judged figure (measured, target, PASS/FAIL, absolute figures beside
 * it), printed as a Markdown table and saved as JSON.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

/** One judged figure. */
export interface MetricRow {
  /** Stable key (`efficiency`, `overhead`, `cached_reads`, `mcp`, `memory`). */
  id: string;
  /** What is measured, as printed. */
  metric: string;
  /** The judged value (a ratio, or MB for memory); null when it could not be measured. */
  measured: number | null;
  /** Unit of `measured`: `ratio` or `MB`. */
  unit: "ratio" | "MB";
  /** Target as printed, e.g. `>= 0.80`. */
  target: string;
  /** PASS/FAIL; null when not measured (n/a or error). */
  pass: boolean | null;
  /** Absolute figures behind the ratio (printed, not judged). */
  absolute: string;
  /** Why the row has no value, when it has none. */
  note?: string;
  /** Raw figures for the JSON report. */
  details?: unknown;
  /** A table printed under the main one (e.g. every round of a comparison). */
  breakdown?: { title: string; header: string[]; rows: string[][] };
}

/** A ratio target. */
export type Target = { op: ">=" | "<=" | "<"; value: number };

/** Whether `measured` meets `target`. */
export function meets(measured: number, target: Target): boolean {
  if (target.op === ">=") return measured >= target.value;
  if (target.op === "<=") return measured <= target.value;
  return measured < target.value;
}

/** `>= 0.80`, `< 200 MB`... */
export function describeTarget(target: Target, unit: MetricRow["unit"]): string {
  return unit === "MB" ? `${target.op} ${target.value} MB` : `${target.op} ${target.value.toFixed(2)}`;
}

/** `1,234`. */
export function formatInt(value: number): string {
  return Math.round(value).toLocaleString("en-US");
}

/** Bytes as MB with one decimal. */
export function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

function measuredText(row: MetricRow): string {
  if (row.measured === null) return row.note ?? "n/a";
  return row.unit === "MB" ? `${row.measured.toFixed(1)} MB` : row.measured.toFixed(2);
}

function resultText(row: MetricRow): string {
  if (row.pass === null) return row.note?.startsWith("error") ? "ERROR" : "n/a";
  return row.pass ? "PASS" : "FAIL";
}

/** A Markdown table with aligned columns. */
export function markdownTable(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(" | ")} |`;
  return [line(header), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

/** The rows as a Markdown table. */
export function renderTable(rows: MetricRow[]): string {
  return markdownTable(
    ["metric", "measured", "target", "result", "absolute"],
    rows.map((row) => [row.metric, measuredText(row), row.target, resultText(row), row.absolute]),
  );
}

/** The rows' breakdowns, each a title line and a Markdown table. */
export function renderBreakdowns(rows: MetricRow[]): string {
  return rows
    .flatMap((row) => (row.breakdown ? [row.breakdown] : []))
    .map((b) => `${b.title}\n\n${markdownTable(b.header, b.rows)}\n`)
    .join("\n");
}

/** Writes the report as pretty JSON at `path`, creating its directory. */
export async function writeReport(path: string, report: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(report, null, 2)}\n`);
}
