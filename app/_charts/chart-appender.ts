import { isPrefixStable, smooth, type Smoothing } from "@/lib/metrics/smoothing";
import { plotValues, seriesX, type TraceIndex } from "./chart-data";
import type { ChartSeries, SeriesAppend } from "./chart-types";
import type { XMapper } from "./x-axis";

/** What a chart has drawn of each series (history plus live points), to extend it in place. */
export interface DrawnSeries {
  id: string;
  steps: number[];
  values: number[];
  times: number[];
}

/** Copies of the series with live points after their history, as a chart draws them. */
export function mergeTails(series: readonly ChartSeries[], tailOf: (id: string, afterStep: number) => SeriesAppend | null): { merged: ChartSeries[]; drawn: Map<string, DrawnSeries> } {
  const drawn = new Map<string, DrawnSeries>();
  const merged = series.map((s) => {
    const tail = tailOf(s.id, s.steps.at(-1) ?? Number.NEGATIVE_INFINITY);
    const next: ChartSeries = tail && tail.steps.length > 0 ? { ...s, steps: [...s.steps, ...tail.steps], values: [...s.values, ...tail.values], times: [...s.times, ...tail.times] } : s;
    drawn.set(s.id, { id: s.id, steps: [...next.steps], values: [...next.values], times: [...next.times] });
    return next;
  });
  return { merged, drawn };
}

/** One batch of appends: an `extendTraces` call, and smoothed lines to restyle whole (non-causal smoothing). */
/** Arrays per trace under each attribute, as extendTraces and restyle take them. */
export interface TraceColumns {
  x: (number | string)[][];
  y: (number | null)[][];
  customdata?: number[][];
}

export interface AppendPlan {
  extend: { update: TraceColumns; indices: number[] } | null;
  restyle: { update: TraceColumns; indices: number[] } | null;
}

/**
 * Adds live points to the drawn series (mutating `drawn`) and plans the Plotly calls that
 * show them: the raw lines, and the smoothed lines either extended (when smoothing of
 * earlier points cannot change) or replaced.
 */
export function planAppend(appends: readonly SeriesAppend[], drawn: Map<string, DrawnSeries>, index: TraceIndex, mapper: XMapper, smoothing: Smoothing): AppendPlan {
  const withStep = mapper.mode !== "step";
  const x: (number | string)[][] = [];
  const y: (number | null)[][] = [];
  const customdata: number[][] = [];
  const indices: number[] = [];
  const restyle: TraceColumns = withStep ? { x: [], y: [], customdata: [] } : { x: [], y: [] };
  const restyleIndices: number[] = [];
  const causal = isPrefixStable(smoothing);

  for (const append of appends) {
    const model = drawn.get(append.id);
    const traces = index.get(append.id);
    if (!model || !traces || append.steps.length === 0) continue;
    const before = model.steps.length;
    model.steps.push(...append.steps);
    model.values.push(...append.values);
    model.times.push(...append.times);
    const newX = seriesX(mapper, append);
    x.push(newX);
    y.push(plotValues(append.values));
    customdata.push([...append.steps]);
    indices.push(traces.raw);
    if (traces.smoothed === null) continue;
    const smoothedAll = smooth(model.values, smoothing);
    if (causal) {
      x.push(newX);
      y.push(plotValues(smoothedAll.slice(before)));
      customdata.push([...append.steps]);
      indices.push(traces.smoothed);
    } else {
      restyle.x.push(seriesX(mapper, model));
      restyle.y.push(plotValues(smoothedAll));
      restyle.customdata?.push([...model.steps]);
      restyleIndices.push(traces.smoothed);
    }
  }
  const update: TraceColumns = withStep ? { x, y, customdata } : { x, y };
  return {
    extend: indices.length > 0 ? { update, indices } : null,
    restyle: restyleIndices.length > 0 ? { update: restyle, indices: restyleIndices } : null,
  };
}
