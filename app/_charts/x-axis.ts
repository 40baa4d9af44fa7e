import type { StepRange } from "./chart-types";

/** What the x axis measures: the logged step, the wall-clock time, or the time since the run began. */
export type XAxisMode = "step" | "wall" | "relative";

export const xAxisModes: readonly { value: XAxisMode; label: string }[] = [
  { value: "step", label: "Step" },
  { value: "wall", label: "Wall time" },
  { value: "relative", label: "Relative time" },
];

/** How relative time is scaled, chosen once per draw from the longest span on the chart. */
export interface TimeUnit {
  label: "s" | "min" | "h";
  ms: number;
}

const units: readonly TimeUnit[] = [
  { label: "h", ms: 3_600_000 },
  { label: "min", ms: 60_000 },
  { label: "s", ms: 1_000 },
];

/** The unit that keeps numbers on a relative-time axis readable for a span of `spanMs`. */
export function relativeUnit(spanMs: number): TimeUnit {
  return units.find((u) => spanMs >= 2 * u.ms) ?? { label: "s", ms: 1_000 };
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, "0");
}

/**
 * A time as Plotly's date axis reads it, in the viewer's time zone: Plotly ignores zone
 * suffixes, so an ISO string ending in Z would be shown as UTC.
 */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

/** Maps a point (its step and time) to an x coordinate of the chosen axis. */
export interface XMapper {
  mode: XAxisMode;
  /** Relative time's origin, in ms; each series has its own (its run's start). */
  origin: (seriesId: string) => number;
  unit: TimeUnit;
}

/** The x coordinate of one point. */
export function toX(mapper: XMapper, seriesId: string, step: number, timeMs: number): number | string {
  if (mapper.mode === "step") return step;
  if (mapper.mode === "wall") return localDate(timeMs);
  return (timeMs - mapper.origin(seriesId)) / mapper.unit.ms;
}

/** The axis title for the mode. */
export function xAxisTitle(mapper: XMapper): string {
  if (mapper.mode === "step") return "step";
  if (mapper.mode === "wall") return "time";
  return `relative time (${mapper.unit.label})`;
}

/** A coordinate of a date axis (string or ms) as ms since the epoch, in the viewer's time zone. */
export function dateAxisMs(value: unknown): number | null {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return null;
  const [date = "", time = "00:00:00"] = value.trim().split(/[ T]/);
  const [y, mo = 1, d = 1] = date.split("-").map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(":").map(Number);
  if (y === undefined || [y, mo, d, h, mi, s].some((n) => !Number.isFinite(n))) return null;
  return new Date(y, mo - 1, d, h, mi, Math.floor(s), Math.round((s % 1) * 1000)).getTime();
}

/** Where each series' points sit: steps with their times, ascending by step. */
export interface StepTimes {
  id: string;
  steps: readonly number[];
  times: readonly number[];
}

/**
 * The step range covering an x range on a time axis: the steps of the points whose x
 * falls inside it, across all series, widened by one point each side so lines reach the
 * edges. Null when no point falls inside.
 */
export function stepsForXRange(mapper: XMapper, series: readonly StepTimes[], lo: number, hi: number): StepRange | null {
  let from = Number.POSITIVE_INFINITY;
  let to = Number.NEGATIVE_INFINITY;
  for (const s of series) {
    const origin = mapper.mode === "relative" ? mapper.origin(s.id) : 0;
    const scale = mapper.mode === "relative" ? mapper.unit.ms : 1;
    for (let i = 0; i < s.steps.length; i++) {
      const x = ((s.times[i] as number) - origin) / scale;
      if (x < lo || x > hi) continue;
      from = Math.min(from, s.steps[Math.max(0, i - 1)] as number);
      to = Math.max(to, s.steps[Math.min(s.steps.length - 1, i + 1)] as number);
    }
  }
  return Number.isFinite(from) && Number.isFinite(to) ? { fromStep: from, toStep: to } : null;
}

function axisValue(mode: XAxisMode, value: unknown): number | null {
  if (mode === "wall") return dateAxisMs(value);
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/**
 * The x range a zoom or pan settled on, as numbers (ms on a time axis); null when the user
 * went back to the whole range; undefined when the event did not touch x (a y-only zoom).
 */
export function relayoutXRange(event: Readonly<Record<string, unknown>>, mode: XAxisMode): { lo: number; hi: number } | null | undefined {
  if (event["xaxis.autorange"] === true) return null;
  const range = event["xaxis.range"];
  const a = axisValue(mode, Array.isArray(range) ? range[0] : event["xaxis.range[0]"]);
  const b = axisValue(mode, Array.isArray(range) ? range[1] : event["xaxis.range[1]"]);
  if (a === null || b === null) return undefined;
  return { lo: Math.min(a, b), hi: Math.max(a, b) };
}

/** The steps an x range covers; null when it covers no point. */
export function stepRangeForX(mapper: XMapper, series: readonly StepTimes[], lo: number, hi: number): StepRange | null {
  if (mapper.mode === "step") return { fromStep: Math.max(0, Math.floor(lo)), toStep: Math.max(0, Math.ceil(hi)) };
  return stepsForXRange(mapper, series, lo, hi);
}

/** A selection box's x extent in axis numbers. */
export function selectionXRange(range: { x: readonly unknown[] } | undefined, mode: XAxisMode): { lo: number; hi: number } | null {
  const a = axisValue(mode, range?.x[0]);
  const b = axisValue(mode, range?.x[1]);
  return a === null || b === null ? null : { lo: Math.min(a, b), hi: Math.max(a, b) };
}
