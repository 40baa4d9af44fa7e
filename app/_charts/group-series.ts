import type { ChartSeries } from "./chart-types";

/** Runs drawn together as one mean line with a min/max band. */
export interface SeriesGroup {
  id: string;
  label: string;
  color: string;
  runIds: readonly string[];
}

/** Points on the shared step grid of a group. */
const GRID_POINTS = 240;

/**
 * The run's value at each grid step inside its own step span, linearly interpolated
 * between its neighbouring points; NaN outside the span or next to a non-finite point.
 */
function sample(series: ChartSeries, grid: readonly number[]): Float64Array {
  const out = new Float64Array(grid.length).fill(Number.NaN);
  const { steps, values } = series;
  let j = 0;
  grid.forEach((step, g) => {
    while (j < steps.length - 1 && (steps[j + 1] as number) < step) j++;
    const s0 = steps[j];
    const v0 = values[j];
    if (s0 === undefined || v0 === undefined || step < s0) return;
    if (step === s0) {
      out[g] = v0;
      return;
    }
    const s1 = steps[j + 1];
    const v1 = values[j + 1];
    if (s1 === undefined || v1 === undefined) return;
    out[g] = v0 + ((v1 - v0) * (step - s0)) / (s1 - s0);
  });
  return out;
}

/**
 * Each group's runs averaged on a shared step grid: the mean as the line, the lowest and
 * highest run as the band. Runs count only over the steps they logged.
 */
export function groupSeries(groups: readonly SeriesGroup[], byRun: ReadonlyMap<string, ChartSeries>): ChartSeries[] {
  const out: ChartSeries[] = [];
  for (const group of groups) {
    const members = group.runIds.flatMap((id) => {
      const s = byRun.get(id);
      return s && s.steps.length > 0 ? [s] : [];
    });
    if (members.length === 0) continue;
    const first = Math.min(...members.map((s) => s.steps[0] as number));
    const last = Math.max(...members.map((s) => s.steps.at(-1) as number));
    const grid = [...new Set(Array.from({ length: GRID_POINTS }, (_, i) => Math.round(first + ((last - first) * i) / (GRID_POINTS - 1))))];
    const samples = members.map((s) => sample(s, grid));
    const mean: number[] = [];
    const lower: number[] = [];
    const upper: number[] = [];
    grid.forEach((_, g) => {
      let sum = 0;
      let n = 0;
      let lo = Number.POSITIVE_INFINITY;
      let hi = Number.NEGATIVE_INFINITY;
      for (const values of samples) {
        const v = values[g] as number;
        if (!Number.isFinite(v)) continue;
        sum += v;
        n++;
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
      }
      mean.push(n > 0 ? sum / n : Number.NaN);
      lower.push(n > 0 ? lo : Number.NaN);
      upper.push(n > 0 ? hi : Number.NaN);
    });
    out.push({
      id: group.id,
      label: `${group.label} (${members.length} ${members.length === 1 ? "run" : "runs"})`,
      color: group.color,
      steps: grid,
      values: mean,
      times: [],
      origin: 0,
      band: members.length > 1 ? { steps: grid, lower, upper } : null,
      downsampled: true,
    });
  }
  return out;
}
