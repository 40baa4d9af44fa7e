"use client";

import type { PlotlyHTMLElement } from "plotly.js";
import { useEffect, useRef, useState } from "react";
import type { Smoothing } from "@/lib/metrics/smoothing";
import { TurnSkipped } from "@/lib/scheduling/take-turns";
import { mergeTails, planAppend, type DrawnSeries } from "./chart-appender";
import { buildLayout, buildTraces, chartConfig, regionOverlays, type TraceIndex } from "./chart-data";
import { ChartSkeleton } from "./chart-skeleton";
import type { ChartRegion, ChartSeries, SeriesAppend, StepRange } from "./chart-types";
import { readTheme } from "./chart-theme";
import { useThemeClass } from "./css-color";
import { drawQueue } from "./draw-queue";
import type { LiveTail } from "./live-tail";
import { loadPlotly, noteCurvesDrawn, type PlotlyModule } from "./load-plotly";
import { relativeUnit, relayoutXRange, selectionXRange, stepRangeForX, type XAxisMode, type XMapper } from "./x-axis";

export interface MetricChartProps {
  /** History as fetched; live points come from `tail`. */
  series: readonly ChartSeries[];
  /** Live points to draw after the history and to append as they arrive; null for a fixed chart. */
  tail: LiveTail | null;
  xMode: XAxisMode;
  smoothing: Smoothing;
  logY: boolean;
  height: number;
  /** Draw the series' min/max bands. */
  bands: boolean;
  regions?: readonly ChartRegion[];
  /** A commented region's marker was clicked. */
  onRegionClick?: (id: string) => void;
  /** The user zoomed or panned to a step range (null: back to the whole range). */
  onZoom?: (range: StepRange | null) => void;
  /** The user box-selected a step range (to comment on it); without it, the select tool is hidden. */
  onSelectRange?: (range: StepRange) => void;
  /** Names the chart for screen readers. */
  label: string;
}

/** Series beyond this count hover one line at a time and drop their legend. */
const CROWDED = 8;

function mapperFor(mode: XAxisMode, series: readonly ChartSeries[]): XMapper {
  const origins = new Map(series.map((s) => [s.id, s.origin]));
  const span = Math.max(0, ...series.map((s) => (s.times.at(-1) ?? s.origin) - s.origin));
  return { mode, origin: (id) => origins.get(id) ?? 0, unit: relativeUnit(span) };
}

/** What the last full draw produced, for appends and event handlers. */
interface Drawn {
  series: Map<string, DrawnSeries>;
  index: TraceIndex;
  mapper: XMapper;
  smoothing: Smoothing;
  regionIds: readonly string[];
}

/**
 * A line chart of metric series, drawn with Plotly's SVG `scatter` (WebGL contexts run out
 * with dozens of charts on a page). Plotly is fetched on first use, never with the page.
 * Full redraws go through `Plotly.react`; live points are appended with `extendTraces`,
 * batched to one call per animation frame.
 */
export function MetricChart(props: MetricChartProps) {
  const { series, tail, xMode, smoothing, logY, height, bands, regions, label } = props;
  const root = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [ready, setReady] = useState(false);
  const [redraws, setRedraws] = useState(0);
  const handlers = useRef(props);
  const drawn = useRef<Drawn | null>(null);
  const drawing = useRef(false);
  const listening = useRef(false);
  const themeClass = useThemeClass();
  // Load and draw failures surface in the surrounding error boundary.
  if (failure) throw failure.error;

  useEffect(() => {
    handlers.current = props;
  });

  useEffect(() => {
    let active = true;
    loadPlotly().then(
      (module) => {
        if (active) setPlotly(module);
      },
      (error: unknown) => {
        if (active) setFailure({ error });
      },
    );
    return () => {
      active = false;
    };
  }, []);

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    const abort = new AbortController();
    drawing.current = true;
    // Charts ready together are drawn one per task (a hundred curves take a while), the data
    // read when the turn comes; a draw superseded while it waited is skipped.
    drawQueue
      .take(() => {
        const theme = readTheme(element);
        const mapper = mapperFor(xMode, series);
        const { merged, drawn: model } = mergeTails(series, (id, after) => tail?.since(id, after) ?? null);
        const { traces, index } = buildTraces(merged, theme, { mapper, smoothing, bands });
        const overlays = regionOverlays(regions ?? [], merged, mapper, theme);
        const crowded = merged.length > CROWDED;
        const layout = buildLayout(theme, { mapper, logY, height, legend: merged.length > 1 && !crowded, crowded, overlays });
        const config = handlers.current.onSelectRange ? chartConfig : { ...chartConfig, modeBarButtonsToRemove: [...(chartConfig.modeBarButtonsToRemove ?? []), "select2d" as const] };
        return plotly.react(element, traces, layout, config).then((plot: PlotlyHTMLElement) => ({ plot, drawn: { series: model, index, mapper, smoothing, regionIds: overlays.ids } }));
      }, abort.signal)
      .then(
        ({ plot, drawn: next }) => {
          if (abort.signal.aborted) return;
          drawing.current = false;
          drawn.current = next;
          setReady(true);
          noteCurvesDrawn();
          if (listening.current) return;
          listening.current = true;
          plot.on("plotly_relayout", (event) => {
            const current = drawn.current;
            if (!current) return;
            const x = relayoutXRange(event as Readonly<Record<string, unknown>>, current.mapper.mode);
            if (x === undefined) return;
            const range = x === null ? null : stepRangeForX(current.mapper, [...current.series.values()], x.lo, x.hi);
            if (x === null || range) handlers.current.onZoom?.(range);
          });
          plot.on("plotly_selected", (event) => {
            const current = drawn.current;
            const x = current ? selectionXRange(event?.range, current.mapper.mode) : null;
            const range = current && x ? stepRangeForX(current.mapper, [...current.series.values()], x.lo, x.hi) : null;
            if (range) handlers.current.onSelectRange?.(range);
          });
          plot.on("plotly_clickannotation", (event) => {
            const id = drawn.current?.regionIds[event.index];
            if (id) handlers.current.onRegionClick?.(id);
          });
        },
        (error: unknown) => {
          if (error instanceof TurnSkipped || abort.signal.aborted) return;
          drawing.current = false;
          setFailure({ error });
        },
      );
    return () => abort.abort();
  }, [plotly, series, tail, xMode, smoothing, logY, height, bands, regions, themeClass, redraws]);

  // Live points: one extendTraces per animation frame with whatever arrived since the last.
  useEffect(() => {
    const element = root.current;
    if (!plotly || !element || !tail) return;
    let frame: number | null = null;
    const flush = () => {
      frame = null;
      const current = drawn.current;
      if (!current) return;
      if (drawing.current) {
        frame = requestAnimationFrame(flush);
        return;
      }
      const appends: SeriesAppend[] = [];
      let redraw = false;
      for (const model of current.series.values()) {
        const next = tail.since(model.id, model.steps.at(-1) ?? Number.NEGATIVE_INFINITY);
        if (next.steps.length === 0) continue;
        // A lone point is drawn as a marker; once it has company the trace becomes a line.
        if (model.steps.length < 2) redraw = true;
        appends.push(next);
      }
      if (appends.length === 0) return;
      if (redraw) {
        setRedraws((n) => n + 1);
        return;
      }
      const plan = planAppend(appends, current.series, current.index, current.mapper, current.smoothing);
      const work: Promise<unknown>[] = [];
      if (plan.extend) work.push(plotly.extendTraces(element, plan.extend.update, plan.extend.indices));
      if (plan.restyle) work.push(plotly.restyle(element, plan.restyle.update, plan.restyle.indices));
      Promise.all(work).catch((error: unknown) => setFailure({ error }));
    };
    const stop = tail.subscribe(() => {
      frame ??= requestAnimationFrame(flush);
    });
    // Points that came in between the draw and this subscription.
    frame = requestAnimationFrame(flush);
    return () => {
      stop();
      if (frame !== null) cancelAnimationFrame(frame);
    };
  }, [plotly, tail]);

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    // Plotly keeps listeners and resize observers on the element; purge frees them with it.
    return () => {
      plotly.purge(element);
      listening.current = false;
      drawn.current = null;
    };
  }, [plotly]);

  return (
    <div className="relative" style={{ height }}>
      <div ref={root} role="img" aria-label={label} className="size-full" />
      {ready ? null : <ChartSkeleton className="absolute inset-0" />}
    </div>
  );
}
