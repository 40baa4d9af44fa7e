import { flattenParams, type RunSummary } from "@/app/_lib/runs";

export type MetricAgg = "last" | "min" | "max";

/**
 * A user-chosen column. Its id is also its sort key in the API (`params.lr`,
 * `metrics.val/loss`, `metrics.val/loss.min`), so a header click sorts by the id.
 */
export type RunColumn = { id: string; kind: "param"; path: string } | { id: string; kind: "metric"; key: string; agg: MetricAgg };

export const metricAggs: readonly MetricAgg[] = ["last", "min", "max"];

/** Param columns shown before the user picks any. */
const DEFAULT_PARAM_COLUMNS = 4;

export function paramColumn(path: string): RunColumn {
  return { id: `params.${path}`, kind: "param", path };
}

export function metricColumn(key: string, agg: MetricAgg): RunColumn {
  return { id: agg === "last" ? `metrics.${key}` : `metrics.${key}.${agg}`, kind: "metric", key, agg };
}

/** The column an id names, or null for anything else (stale or hand-edited storage). */
export function parseColumnId(id: string): RunColumn | null {
  if (id.startsWith("params.") && id.length > "params.".length) return paramColumn(id.slice("params.".length));
  if (id.startsWith("metrics.") && id.length > "metrics.".length) {
    const rest = id.slice("metrics.".length);
    const match = /^(.+)\.(min|max)$/.exec(rest);
    return match?.[1] && (match[2] === "min" || match[2] === "max") ? metricColumn(match[1], match[2]) : metricColumn(rest, "last");
  }
  return null;
}

/** The columns of a list of ids, skipping any that name nothing. */
export function parseColumns(ids: readonly string[]): RunColumn[] {
  return ids.flatMap((id) => {
    const column = parseColumnId(id);
    return column ? [column] : [];
  });
}

/** Column ids as stored (a JSON array of strings); null when absent or unreadable. */
export function parseStoredColumns(raw: string | null): string[] | null {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string" && parseColumnId(v) !== null) : null;
  } catch {
    // A corrupt entry counts as no choice; the defaults apply and the next choice overwrites it.
    return null;
  }
}

/** Every flattened param path of the loaded runs, sorted. */
export function paramPathsOf(runs: readonly RunSummary[]): string[] {
  const paths = new Set<string>();
  for (const run of runs) for (const [path] of flattenParams(run.params)) paths.add(path);
  return [...paths].sort((a, b) => a.localeCompare(b));
}

/** The columns before the user chooses: the first few param paths. */
export function defaultColumnIds(paramPaths: readonly string[]): string[] {
  return paramPaths.slice(0, DEFAULT_PARAM_COLUMNS).map((path) => paramColumn(path).id);
}

export function columnLabel(column: RunColumn): string {
  if (column.kind === "param") return column.path;
  return column.agg === "last" ? column.key : `${column.key} (${column.agg})`;
}

/** Metric keys the chosen columns need summaries of, for the list API's `metrics=`. */
export function metricKeysOf(columns: readonly RunColumn[]): string[] {
  return [...new Set(columns.flatMap((c) => (c.kind === "metric" ? [c.key] : [])))].sort();
}
