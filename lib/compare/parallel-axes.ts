/**
 * The geometry of parallel coordinates, without React: axes with their scales and ticks,
 * brushed ranges, and the colour of a line. Drawn as SVG by parallel-coordinates.tsx.
 */

/** One vertical axis: the value of each kept line on it, and how values map to height. */
export interface Axis {
  label: string;
  /** Per kept line. */
  values: number[];
  min: number;
  max: number;
  /** Tick positions (in values) and their labels. */
  ticks: { value: number; text: string }[];
}

/** A brushed stretch of one axis, in values (inclusive). */
export interface Brush {
  axis: number;
  from: number;
  to: number;
}

const format = (n: number) => (Math.abs(n) >= 1e4 || (Math.abs(n) < 1e-3 && n !== 0) ? n.toExponential(2) : String(Number(n.toPrecision(4))));

/**
 * An axis over `values`: numbers span their range (a single value gets room around it) with
 * five ticks; categories (`categories` given, values are their indices) get a tick each.
 */
export function makeAxis(label: string, values: number[], categories: string[] | null): Axis {
  if (categories) {
    const max = Math.max(categories.length - 1, 1);
    return { label, values, min: 0, max, ticks: categories.map((text, value) => ({ value, text })) };
  }
  let min = Math.min(...values);
  let max = Math.max(...values);
  if (!Number.isFinite(min) || !Number.isFinite(max)) [min, max] = [0, 1];
  if (min === max) [min, max] = [min - 1, max + 1];
  const ticks = Array.from({ length: 5 }, (_, i) => min + ((max - min) * i) / 4).map((value) => ({ value, text: format(value) }));
  return { label, values, min, max, ticks };
}

/** Height of `value` on `axis`, in pixels from the top of a plot `height` tall (max at the top). */
export function yOf(axis: Axis, value: number, height: number): number {
  return height - ((value - axis.min) / (axis.max - axis.min)) * height;
}

/** The value at pixel height `y` (the inverse of yOf), clamped to the axis. */
export function valueAt(axis: Axis, y: number, height: number): number {
  const value = axis.min + ((height - y) / height) * (axis.max - axis.min);
  return Math.min(Math.max(value, axis.min), axis.max);
}

/** Whether line `line` lies within every brush. */
export function inBrushes(axes: readonly Axis[], brushes: readonly Brush[], line: number): boolean {
  return brushes.every((b) => {
    const value = axes[b.axis]?.values[line];
    return value !== undefined && value >= Math.min(b.from, b.to) && value <= Math.max(b.from, b.to);
  });
}

/** Viridis, sampled: dark blue for the lowest metric, yellow for the highest. */
const VIRIDIS = ["#440154", "#3b528b", "#21918c", "#5ec962", "#fde725"];

/** The colour of `value` within [min, max] on the viridis scale. */
export function viridis(value: number, min: number, max: number): string {
  const t = max > min ? Math.min(Math.max((value - min) / (max - min), 0), 1) : 0.5;
  const scaled = t * (VIRIDIS.length - 1);
  const i = Math.min(Math.floor(scaled), VIRIDIS.length - 2);
  const mix = (a: string, b: string, f: number) => {
    const pa = [1, 3, 5].map((k) => parseInt(a.slice(k, k + 2), 16));
    const pb = [1, 3, 5].map((k) => parseInt(b.slice(k, k + 2), 16));
    return `#${pa.map((c, k) => Math.round(c + ((pb[k] as number) - c) * f).toString(16).padStart(2, "0")).join("")}`;
  };
  return mix(VIRIDIS[i] as string, VIRIDIS[i + 1] as string, scaled - i);
}
