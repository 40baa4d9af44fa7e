import type { Annotations, Config, Data, Layout, PlotData, Shape } from "plotly.js";
import { decodeValue, type MetricSeries } from "@/app/_lib/runs";
import { smooth, type Smoothing } from "@/lib/metrics/smoothing";
import type { ChartRegion, ChartSeries, ChartTheme } from "./chart-types";
import { toX, xAxisTitle, type XMapper } from "./x-axis";

export type { ChartRegion, ChartSeries, ChartTheme, StepRange } from "./chart-types";

function wireNumber(value: unknown): number {
  return decodeValue(value) ?? Number.NaN;
}

/** A series as the API sends it, ready to draw; `origin` is the run's start (relative time's zero). */
export function toChartSeries(series: MetricSeries, meta: { id: string; label: string; color: string; origin?: number }): ChartSeries {
  let band: ChartSeries["band"] = null;
  const data = series.band;
  if (series.downsampled && data) {
    // Each bucket spans [fromStep, toStep]; a flat segment per bucket draws it as a step band.
    const steps: number[] = [];
    const lower: number[] = [];
    const upper: number[] = [];
    data.fromStep.forEach((from, i) => {
      const lo = wireNumber(data.min[i]);
      const hi = wireNumber(data.max[i]);
      steps.push(from, data.toStep[i] ?? from);
      lower.push(lo, lo);
      upper.push(hi, hi);
    });
    band = { steps, lower, upper };
  }
  const times = series.timestamps.map((t) => Date.parse(t));
  return {
    id: meta.id,
    label: meta.label,
    color: meta.color,
    steps: series.steps,
    values: series.values.map(wireNumber),
    times,
    origin: meta.origin ?? times[0] ?? 0,
    band,
    downsampled: series.downsampled,
  };
}

/** Plotly draws null as a gap; it has no use for NaN or infinities. */
export function plotValues(values: readonly number[]): (number | null)[] {
  return values.map((v) => (Number.isFinite(v) ? v : null));
}

/** The x coordinates of a series' points on the chosen axis. */
export function seriesX(mapper: XMapper, series: Pick<ChartSeries, "id" | "steps" | "times">): (number | string)[] {
  return series.steps.map((step, i) => toX(mapper, series.id, step, series.times[i] ?? Number.NaN));
}

/** Where each series' line (and smoothed line, if any) sits among the traces, for live appends. */
export type TraceIndex = ReadonlyMap<string, { raw: number; smoothed: number | null }>;

export interface TraceOptions {
  mapper: XMapper;
  smoothing: Smoothing;
  /** Draw each series' band; off when many series would bury each other in bands. */
  bands: boolean;
}

/** The index of the series' first point at or after `step` (the last point if none is). */
function pointAtStep(series: Pick<ChartSeries, "steps">, step: number): number {
  let lo = 0;
  let hi = series.steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((series.steps[mid] as number) < step) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The x of a step on a series' own axis: on time axes, the time of its nearest logged point at or after it. */
function stepXOf(mapper: XMapper, series: ChartSeries, step: number): number | string {
  if (mapper.mode === "step") return step;
  return toX(mapper, series.id, step, series.times[pointAtStep(series, step)] ?? Number.NaN);
}

/**
 * Plotly traces for the series: per series its band (two traces, filled between) under its
 * line; with smoothing, the raw line faded behind the smoothed one.
 */
export function buildTraces(series: readonly ChartSeries[], theme: ChartTheme, options: TraceOptions): { traces: Data[]; index: TraceIndex } {
  const traces: Data[] = [];
  const index = new Map<string, { raw: number; smoothed: number | null }>();
  const smoothed = options.smoothing.kind !== "none";
  const withStep = options.mapper.mode !== "step";
  const hover = `<b>%{fullData.name}</b><br>${withStep ? "step %{customdata}" : "step %{x}"}<br>%{y:.6~g}<extra></extra>`;
  for (const s of series) {
    const color = theme.color(s.color);
    if (options.bands && s.band) {
      const edge: Partial<PlotData> = { type: "scatter", mode: "lines", x: s.band.steps.map((step) => stepXOf(options.mapper, s, step)), legendgroup: s.id, showlegend: false, hoverinfo: "skip", line: { width: 0 } };
      traces.push({ ...edge, y: plotValues(s.band.lower) }, { ...edge, y: plotValues(s.band.upper), fill: "tonexty", fillcolor: theme.color(s.color, 0.18) });
    }
    const x = seriesX(options.mapper, s);
    const base: Partial<PlotData> = {
      type: "scatter",
      mode: s.steps.length === 1 ? "markers" : "lines",
      legendgroup: s.id,
      x,
      connectgaps: false,
      marker: { color, size: 5 },
      ...(withStep ? { customdata: [...s.steps] } : {}),
    };
    const raw = traces.length;
    traces.push({
      ...base,
      name: s.label,
      y: plotValues(s.values),
      line: { color, width: 1.5 },
      opacity: smoothed ? 0.3 : 1,
      showlegend: !smoothed,
      ...(smoothed ? { hoverinfo: "skip" as const } : { hovertemplate: hover }),
    });
    let smoothedIndex: number | null = null;
    if (smoothed) {
      smoothedIndex = traces.length;
      traces.push({ ...base, name: s.label, y: plotValues(smooth(s.values, options.smoothing)), line: { color, width: 1.75 }, hovertemplate: hover });
    }
    index.set(s.id, { raw, smoothed: smoothedIndex });
  }
  return { traces, index };
}

/** The x of a step on the chart, read from the first series with times. */
function stepX(mapper: XMapper, series: readonly ChartSeries[], step: number): number | string | null {
  if (mapper.mode === "step") return step;
  const timed = series.find((s) => s.times.length > 0 && s.steps.length > 0);
  return timed ? stepXOf(mapper, timed, step) : null;
}

/** Shapes and markers of commented regions; `ids[i]` is the region of `annotations[i]`. */
export interface RegionOverlays {
  shapes: Partial<Shape>[];
  annotations: Partial<Annotations>[];
  ids: string[];
}

/** Shaded regions (and a clickable marker each) for the commented step ranges. */
export function regionOverlays(regions: readonly ChartRegion[], series: readonly ChartSeries[], mapper: XMapper, theme: ChartTheme): RegionOverlays {
  const shapes: Partial<Shape>[] = [];
  const annotations: Partial<Annotations>[] = [];
  const ids: string[] = [];
  for (const region of regions) {
    const x0 = stepX(mapper, series, region.fromStep);
    const x1 = stepX(mapper, series, region.toStep);
    if (x0 === null || x1 === null) continue;
    const fill = region.resolved ? theme.regionResolved : theme.region;
    shapes.push({ type: "rect", xref: "x", yref: "paper", x0, x1, y0: 0, y1: 1, fillcolor: fill, line: { width: 0 }, layer: "below" });
    annotations.push({
      x: x0,
      xref: "x",
      y: 1,
      yref: "paper",
      xanchor: "left",
      yanchor: "top",
      text: region.resolved ? "✓" : "💬",
      showarrow: false,
      captureevents: true,
      font: { size: 11 },
      hovertext: `Comment on steps ${region.fromStep.toLocaleString("en")}–${region.toStep.toLocaleString("en")}`,
    });
    ids.push(region.id);
  }
  return { shapes, annotations, ids };
}

export interface LayoutOptions {
  mapper: XMapper;
  logY: boolean;
  height: number;
  legend: boolean;
  /** Many series: hover reads the nearest line, not every line at that x. */
  crowded: boolean;
  overlays: RegionOverlays;
}

/** The chart's frame in theme colours; zoom survives redraws, and flipping log-y resets only y. */
export function buildLayout(theme: ChartTheme, options: LayoutOptions): Partial<Layout> {
  const axis = {
    gridcolor: theme.grid,
    zerolinecolor: theme.grid,
    linecolor: theme.grid,
    tickfont: { size: 10, color: theme.text },
    automargin: true,
  };
  const { shapes, annotations } = options.overlays;
  return {
    height: options.height,
    autosize: true,
    margin: { l: 8, r: 8, t: options.legend ? 24 : 6, b: 8 },
    paper_bgcolor: "rgba(0, 0, 0, 0)",
    plot_bgcolor: "rgba(0, 0, 0, 0)",
    font: { family: theme.fontFamily, size: 11, color: theme.text },
    showlegend: options.legend,
    legend: { orientation: "h", x: 0, y: 1, yanchor: "bottom", font: { size: 10 } },
    // With few lines, hovering anywhere reads every line at that x; with many, the nearest one.
    hovermode: options.crowded ? "closest" : "x",
    hoverdistance: options.crowded ? 20 : -1,
    modebar: { bgcolor: "rgba(0, 0, 0, 0)", color: theme.text, activecolor: theme.hoverText },
    hoverlabel: { bgcolor: theme.hoverBackground, bordercolor: theme.grid, font: { family: theme.fontFamily, size: 11, color: theme.hoverText } },
    dragmode: "zoom",
    selectdirection: "h",
    uirevision: "chart",
    shapes,
    annotations,
    xaxis: {
      ...axis,
      type: options.mapper.mode === "wall" ? "date" : "linear",
      title: { text: xAxisTitle(options.mapper), font: { size: 10, color: theme.text }, standoff: 4 },
      uirevision: options.mapper.mode,
    },
    yaxis: { ...axis, type: options.logY ? "log" : "linear", exponentformat: "e", uirevision: options.logY ? "log" : "linear" },
  };
}

/** Plotly options shared by every chart: no logo, only the tools that make sense for curves. */
export const chartConfig: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"],
};
