import type { MetricSeries } from "@/lib/metrics/get-metric-series";
import type { RunRow } from "@/lib/runs/list-runs";
import type { RunStatus } from "@/lib/runs/run-status";
import { formatNumber } from "./format";

export type { MetricSeries, RunStatus };

/** A row of the runs table, as the list API returns it. */
export type RunSummary = RunRow;

/** One page of `GET /projects/:ws/:project/runs`. */
export interface RunsPage {
  runs: RunSummary[];
  nextCursor: string | null;
  total: number;
}

/** A metric value as JSON carries it: there is no NaN or infinity in JSON, so they travel as strings. */
export type WireValue = number | "NaN" | "Infinity" | "-Infinity";

export interface MetricSummary {
  key: string;
  count: number;
  min: WireValue | null;
  max: WireValue | null;
  last: { step: number; value: WireValue | null; time: string | null } | null;
}

/** A run as the run page shows it (`GET /runs/:id`, with times as ISO strings). */
export interface RunDetail {
  id: string;
  name: string;
  project: string;
  status: RunStatus;
  author: { id: string; name: string } | null;
  startedAt: string;
  endedAt: string | null;
  lastSeenAt: string;
  params: Record<string, unknown>;
  tags: string[];
  notes: string;
  group: string | null;
  metrics: MetricSummary[];
}

/** Where a run's page lives. */
export function runHref(project: string, runId: string): string {
  return `/${project}/runs/${runId}`;
}

/** The number a wire value stands for; null for a missing value. */
export function decodeValue(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (value === "NaN") return Number.NaN;
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  return null;
}

/** A metric value for a table cell; "—" when the run never logged it. */
export function formatMetricValue(value: unknown): string {
  const n = decodeValue(value);
  return n === null ? "—" : formatNumber(n);
}

/** A param value as written: strings bare, everything else as JSON. */
export function formatParamValue(value: unknown): string {
  if (value === undefined) return "—";
  if (typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A param value for a narrow cell: numbers to four significant digits (the exact value goes in a tooltip). */
export function formatParamCell(value: unknown): string {
  return typeof value === "number" ? formatNumber(value) : formatParamValue(value);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * Nested params as dotted paths (`optimizer.lr`), the same paths the filter language and
 * sort use. Arrays and empty objects stay whole values.
 */
export function flattenParams(params: Record<string, unknown>, prefix = ""): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const [key, value] of Object.entries(params)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(value) && Object.keys(value).length > 0) out.push(...flattenParams(value, path));
    else out.push([path, value]);
  }
  return out;
}

/** The value at a dotted path of params (a key that itself holds a dot also matches), or undefined. */
export function paramAt(params: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(params, path)) return params[path];
  const dot = path.indexOf(".");
  if (dot < 0) return undefined;
  for (let i = dot; i >= 0; i = path.indexOf(".", i + 1)) {
    const head = params[path.slice(0, i)];
    if (isPlainObject(head)) {
      const found = paramAt(head, path.slice(i + 1));
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** A crashed run silent for less than this may still be revived by its next heartbeat. */
const REVIVABLE_MS = 60 * 60 * 1000;

/**
 * Whether a run's status may change by itself: it is running (and may finish or turn
 * crashed), or crashed recently enough that its script may still be alive.
 */
export function isLive(run: { status: RunStatus; lastSeenAt: string }, now: number = Date.now()): boolean {
  return run.status === "running" || (run.status === "crashed" && now - Date.parse(run.lastSeenAt) < REVIVABLE_MS);
}

/** System metrics (GPU, memory…) are charted apart from the model's own. */
export function isSystemMetric(key: string): boolean {
  return key.startsWith("sys/") || key.startsWith("system/");
}
