import { seriesColor } from "@/app/_charts/css-color";
import type { SeriesGroup } from "@/app/_charts/group-series";
import { decodeValue, flattenParams, formatParamValue } from "@/app/_lib/runs";
import type { CompareRun } from "./compare-types";

/** A distinct colour per run: the theme's eight first, then hues spread by the golden angle. */
export function runColor(index: number): string {
  return index < 8 ? seriesColor(index) : `oklch(0.65 0.15 ${Math.round((index * 137.508) % 360)})`;
}

/** One param across the compared runs. */
export interface ParamRow {
  path: string;
  /** Per run, in run order; undefined where the run did not log it. */
  values: unknown[];
  /** Per run, as shown. */
  text: string[];
  /** Whether any two runs disagree (a missing value counts as a value). */
  differs: boolean;
  /** The value most runs share, as shown: cells that differ from it are highlighted. */
  common: string;
  /** Every logged value is a finite number. */
  numeric: boolean;
}

/** Every param path any run logged, with each run's value, sorted by path. */
export function paramRows(runs: readonly CompareRun[]): ParamRow[] {
  const flat = runs.map((run) => new Map(flattenParams(run.params)));
  const paths = [...new Set(flat.flatMap((m) => [...m.keys()]))].sort((a, b) => a.localeCompare(b));
  return paths.map((path) => {
    const values = flat.map((m) => m.get(path));
    const text = values.map(formatParamValue);
    const counts = new Map<string, number>();
    for (const t of text) counts.set(t, (counts.get(t) ?? 0) + 1);
    let common = text[0] ?? "";
    for (const [t, n] of counts) if (n > (counts.get(common) ?? 0)) common = t;
    const present = values.filter((v) => v !== undefined);
    return {
      path,
      values,
      text,
      differs: counts.size > 1,
      common,
      numeric: present.length > 0 && present.every((v) => typeof v === "number" && Number.isFinite(v)),
    };
  });
}

/** Runs with the same value of the param form a group; runs without it form their own. */
export function groupsByParam(runs: readonly CompareRun[], row: ParamRow): SeriesGroup[] {
  const byValue = new Map<string, string[]>();
  runs.forEach((run, i) => {
    const text = row.text[i] ?? "—";
    byValue.set(text, [...(byValue.get(text) ?? []), run.id]);
  });
  // In value order (numbers by size), runs without the param last.
  const entries = [...byValue.entries()].sort(([a], [b]) => (a === "—" ? 1 : b === "—" ? -1 : row.numeric ? Number(a) - Number(b) : a.localeCompare(b)));
  return entries.map(([value, runIds], i) => ({ id: `${row.path}=${value}`, label: `${row.path} = ${value}`, color: seriesColor(i), runIds }));
}

/** Which number of a metric's summary to compare runs by. */
export type Aggregate = "last" | "min" | "max";

/** A run's summary value of a metric key; null when it never logged the key or the value is not finite. */
export function metricValue(run: CompareRun, key: string, aggregate: Aggregate): number | null {
  const summary = run.metrics.find((m) => m.key === key);
  if (!summary) return null;
  const n = decodeValue(aggregate === "last" ? summary.last?.value : summary[aggregate]);
  return n !== null && Number.isFinite(n) ? n : null;
}

/** A param as an axis: numbers as they are, anything else as ordered categories. */
export interface Dimension {
  label: string;
  values: (number | null)[];
  /** For categories: where each sits on the axis, and its label. */
  ticks: { values: number[]; text: string[] } | null;
}

/** The param's values across runs as a plottable axis. */
export function paramDimension(row: ParamRow): Dimension {
  if (row.numeric) return { label: row.path, values: row.values.map((v) => (typeof v === "number" ? v : null)), ticks: null };
  const categories = [...new Set(row.text)].sort((a, b) => a.localeCompare(b));
  const index = new Map(categories.map((c, i) => [c, i]));
  return { label: row.path, values: row.text.map((t) => index.get(t) ?? null), ticks: { values: categories.map((_, i) => i), text: categories } };
}

/** The union of the runs' metric keys, each with how many runs logged it, sorted by key. */
export function metricKeys(runs: readonly CompareRun[]): { key: string; runs: number }[] {
  const counts = new Map<string, number>();
  for (const run of runs) for (const m of run.metrics) counts.set(m.key, (counts.get(m.key) ?? 0) + 1);
  return [...counts.entries()].map(([key, n]) => ({ key, runs: n })).sort((a, b) => a.key.localeCompare(b.key));
}
