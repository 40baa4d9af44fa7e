"use client";

import type { Data, Layout } from "plotly.js";
import { TriangleAlertIcon } from "lucide-react";
import { useEffect, useRef, useState } from "react";
import { ChartSkeleton } from "@/app/_charts/chart-skeleton";
import { loadPlotly } from "@/app/_charts/load-plotly";
import { relativeUnit, toX, xAxisTitle, type XMapper } from "@/app/_charts/x-axis";
import type { MetricChartAttrs } from "@/lib/editor/blocks";
import { smooth, type Smoothing } from "@/lib/metrics/smoothing";
import type { PrintChartData, PrintSeries } from "./print-types";

/** Ink colours that stay apart on paper, in grey-scale prints too (different lightness). */
const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];
const HEIGHT = 240;

function smoothing(attrs: MetricChartAttrs): Smoothing {
  if (attrs.smoothing === "ema") return { kind: "ema", weight: attrs.smoothingValue };
  if (attrs.smoothing === "movingAverage") return { kind: "moving-average", window: Math.max(1, Math.round(attrs.smoothingValue)), align: "trailing" };
  return { kind: "none" };
}

function figure(attrs: MetricChartAttrs, metric: string, runs: PrintChartData["runs"], byRun: Record<string, PrintSeries>, width: number) {
  const drawn = runs.flatMap((run, i) => (byRun[run.id]?.steps.length ? [{ run, series: byRun[run.id] as PrintSeries, color: PALETTE[i % PALETTE.length] as string }] : []));
  const starts = new Map(drawn.map(({ run, series }) => [run.id, series.times[0] ?? 0]));
  const span = Math.max(0, ...drawn.map(({ series }) => (series.times.at(-1) ?? 0) - (series.times[0] ?? 0)));
  const mapper: XMapper = { mode: attrs.xAxis, origin: (id) => starts.get(id) ?? 0, unit: relativeUnit(span) };
  const how = smoothing(attrs);
  const data: Data[] = drawn.map(({ run, series, color }) => {
    const values = series.values.map((v) => (v === null ? NaN : v));
    const y = smooth(values, how).map((v) => (Number.isFinite(v) ? v : null));
    return {
      type: "scatter",
      mode: series.steps.length === 1 ? "markers" : "lines",
      name: run.name,
      x: series.steps.map((step, i) => toX(mapper, run.id, step, series.times[i] ?? 0)),
      y,
      line: { color, width: 1.5 },
      marker: { color, size: 5 },
    };
  });
  const axis = { gridcolor: "#e5e5e5", linecolor: "#a3a3a3", zeroline: false, automargin: true };
  const layout: Partial<Layout> = {
    width,
    height: HEIGHT,
    margin: { l: 48, r: 12, t: 28, b: 36 },
    title: { text: metric, font: { size: 13 }, x: 0, xanchor: "left" },
    paper_bgcolor: "#ffffff",
    plot_bgcolor: "#ffffff",
    font: { color: "#262626", size: 11 },
    showlegend: drawn.length > 1,
    legend: { orientation: "h", y: -0.25 },
    xaxis: { ...axis, title: { text: xAxisTitle(mapper) }, ...(attrs.xAxis === "wall" && { type: "date" as const }) },
    yaxis: { ...axis, ...(attrs.logY && { type: "log" as const }) },
  };
  return { data, layout, points: drawn.length };
}

/** One panel of a chart: drawn once, static (no hover, zoom or live points), then left alone. */
function PrintPanel({ attrs, metric, runs, byRun }: { attrs: MetricChartAttrs; metric: string; runs: PrintChartData["runs"]; byRun: Record<string, PrintSeries> }) {
  const root = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<"drawing" | "drawn" | "empty" | { error: string }>("drawing");

  useEffect(() => {
    const element = root.current;
    if (!element) return;
    let active = true;
    const { data, layout, points } = figure(attrs, metric, runs, byRun, Math.floor(element.clientWidth) || 640);
    if (points === 0) {
      setState("empty");
      return;
    }
    loadPlotly()
      .then((plotly) => plotly.newPlot(element, data, layout, { staticPlot: true, displayModeBar: false, responsive: false }))
      .then(
        () => active && setState("drawn"),
        (error: unknown) => active && setState({ error: error instanceof Error && error.message ? error.message : "The chart could not be drawn." }),
      );
    return () => {
      active = false;
      void loadPlotly().then((plotly) => plotly.purge(element), () => undefined);
    };
  }, [attrs, metric, runs, byRun]);

  const frozen = attrs.mode === "frozen" && attrs.frozenAt;
  return (
    <div className="print-block relative" data-testid="print-chart-panel" data-state={typeof state === "string" ? state : "error"} style={{ minHeight: state === "empty" ? undefined : HEIGHT }}>
      <div ref={root} role="img" aria-label={`Chart of ${metric}`} className={state === "empty" ? "hidden" : "w-full"} />
      {state === "drawing" ? <ChartSkeleton className="absolute inset-0" /> : null}
      {state === "empty" ? (
        <p className="rounded-md border border-dashed border-neutral-300 p-3 text-sm text-neutral-500">
          {metric}: no points {frozen ? "logged before the chart was frozen" : "logged yet"}.
        </p>
      ) : null}
      {typeof state === "object" ? (
        <p role="alert" className="absolute inset-0 flex items-center justify-center gap-2 rounded-md border border-dashed border-neutral-300 text-sm text-neutral-500">
          <TriangleAlertIcon className="size-4" aria-hidden />
          {state.error}
        </p>
      ) : null}
    </div>
  );
}

/** A metric chart on paper: one static panel per key; a frozen chart's curves end at its time. */
export function PrintChart({ attrs, data }: { attrs: MetricChartAttrs; data: PrintChartData }) {
  return (
    <div className="space-y-3">
      {attrs.keys.map((metric) => (
        <PrintPanel key={metric} attrs={attrs} metric={metric} runs={data.runs} byRun={data.series[metric] ?? {}} />
      ))}
    </div>
  );
}
