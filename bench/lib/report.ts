// Statistics, the printed table and the JSON results file.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid] ?? Number.NaN;
  return sorted.length % 2 === 1 ? hi : ((sorted[mid - 1] ?? Number.NaN) + hi) / 2;
}

export interface Summary {
  runs: number;
  median: number;
  best: number;
  worst: number;
}

export function summarize(rates: readonly number[]): Summary {
  return { runs: rates.length, median: median(rates), best: Math.max(...rates), worst: Math.min(...rates) };
}

/** Left-aligns the first column, right-aligns the others. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function fmtRate(rate: number): string {
  return Number.isFinite(rate) ? Math.round(rate).toLocaleString("en-US") : "n/a";
}

export async function writeJson(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify(value, null, 2)}\n`);
}
