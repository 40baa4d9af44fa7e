import type { Config, Data, Layout, PlotData, PlotRelayoutEvent } from "plotly.js";
import { decodeValue, type MetricSeries } from "@/app/_lib/runs";

/** One line on a chart: one run's values of one metric key. */
export interface ChartSeries {
  /** Stable across redraws (a run id). */
  id: string;
  /** Shown in the legend and on hover when a chart has several series. */
  label: string;
  /** Any CSS colour; theme variables such as `var(--chart-2)` included. */
  color: string;
  steps: readonly number[];
  /** Non-finite values (NaN, ±Infinity) are gaps. */
  values: readonly (number | null)[];
  /** The spread of each downsampled bucket, drawn as a band behind the line. */
  band: { steps: readonly number[]; lower: readonly (number | null)[]; upper: readonly (number | null)[] } | null;
}

/** An inclusive step range, as the series API takes it. */
export interface StepRange {
  fromStep: number;
  toStep: number;
}

/** Colours of the current theme, already converted to something Plotly reads. */
export interface ChartTheme {
  text: string;
  grid: string;
  hoverBackground: string;
  hoverText: string;
  fontFamily: string;
  /** Resolves a series colour, with an optional opacity. */
  color: (css: string, alpha?: number) => string;
}

function finite(value: unknown): number | null {
  const n = decodeValue(value);
  return n !== null && Number.isFinite(n) ? n : null;
}

/** A series as the API sends it, ready to draw. */
export function toChartSeries(series: MetricSeries, meta: { id: string; label: string; color: string }): ChartSeries {
  let band: ChartSeries["band"] = null;
  if (series.downsampled && series.band) {
    // Each bucket spans [fromStep, toStep]; a flat segment per bucket draws it as a step band.
    const steps: number[] = [];
    const lower: (number | null)[] = [];
    const upper: (number | null)[] = [];
    series.band.fromStep.forEach((from, i) => {
      const to = series.band?.toStep[i] ?? from;
      const lo = finite(series.band?.min[i]);
      const hi = finite(series.band?.max[i]);
      steps.push(from, to);
      lower.push(lo, lo);
      upper.push(hi, hi);
    });
    band = { steps, lower, upper };
  }
  return { ...meta, steps: series.steps, values: series.values.map(finite), band };
}

/** Plotly traces for the series: per series its band (two traces, filled between) under its line. */
export function buildTraces(series: readonly ChartSeries[], theme: ChartTheme): Data[] {
  const labelled = series.length > 1;
  return series.flatMap((s): Data[] => {
    const line: Data = {
      type: "scatter",
      mode: s.steps.length === 1 ? "markers" : "lines",
      name: s.label,
      legendgroup: s.id,
      x: [...s.steps],
      y: [...s.values],
      connectgaps: false,
      line: { color: theme.color(s.color), width: 1.5 },
      marker: { color: theme.color(s.color), size: 5 },
      hovertemplate: `step %{x}<br>%{y:.6~g}<extra>${labelled ? "%{fullData.name}" : ""}</extra>`,
    };
    if (!s.band) return [line];
    const edge: Partial<PlotData> = { type: "scatter", mode: "lines", x: [...s.band.steps], legendgroup: s.id, showlegend: false, hoverinfo: "skip", line: { width: 0 } };
    return [
      { ...edge, y: [...s.band.lower] },
      { ...edge, y: [...s.band.upper], fill: "tonexty", fillcolor: theme.color(s.color, 0.18) },
      line,
    ];
  });
}

/** The chart's frame in theme colours; zoom survives redraws, and flipping log-y resets only y. */
export function buildLayout(theme: ChartTheme, options: { logY: boolean; height: number; legend: boolean }): Partial<Layout> {
  const axis = {
    gridcolor: theme.grid,
    zerolinecolor: theme.grid,
    linecolor: theme.grid,
    tickfont: { size: 10, color: theme.text },
    automargin: true,
  };
  return {
    height: options.height,
    autosize: true,
    margin: { l: 8, r: 8, t: options.legend ? 24 : 6, b: 8 },
    paper_bgcolor: "rgba(0, 0, 0, 0)",
    plot_bgcolor: "rgba(0, 0, 0, 0)",
    font: { family: theme.fontFamily, size: 11, color: theme.text },
    showlegend: options.legend,
    legend: { orientation: "h", x: 0, y: 1, yanchor: "bottom", font: { size: 10 } },
    // Hovering anywhere over the plot reads the line at that step, not only right on the line.
    hovermode: "x",
    hoverdistance: -1,
    modebar: { bgcolor: "rgba(0, 0, 0, 0)", color: theme.text, activecolor: theme.hoverText },
    hoverlabel: { bgcolor: theme.hoverBackground, bordercolor: theme.grid, font: { family: theme.fontFamily, size: 11, color: theme.hoverText } },
    dragmode: "zoom",
    uirevision: "chart",
    xaxis: { ...axis, title: { text: "step", font: { size: 10, color: theme.text }, standoff: 4 }, uirevision: "x" },
    yaxis: { ...axis, type: options.logY ? "log" : "linear", exponentformat: "e", uirevision: options.logY ? "log" : "linear" },
  };
}

/** Plotly options shared by every chart: no logo, only the zoom tools that make sense for curves. */
export const chartConfig: Partial<Config> = {
  responsive: true,
  displaylogo: false,
  displayModeBar: "hover",
  modeBarButtonsToRemove: ["select2d", "lasso2d", "autoScale2d", "toggleSpikelines", "hoverClosestCartesian", "hoverCompareCartesian"],
};

/**
 * The x range a zoom or pan settled on; null when the user went back to the whole range;
 * undefined when the event did not touch x (a y-only zoom, a legend click).
 */
export function zoomedRange(event: PlotRelayoutEvent): StepRange | null | undefined {
  if (event["xaxis.autorange"] === true) return null;
  const from = event["xaxis.range[0]"];
  const to = event["xaxis.range[1]"];
  if (typeof from !== "number" || typeof to !== "number") return undefined;
  return { fromStep: Math.max(0, Math.floor(Math.min(from, to))), toStep: Math.max(0, Math.ceil(Math.max(from, to))) };
}
