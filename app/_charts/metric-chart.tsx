"use client";

import type { PlotlyHTMLElement } from "plotly.js";
import { useEffect, useRef, useState } from "react";
import { buildLayout, buildTraces, chartConfig, zoomedRange, type ChartSeries, type ChartTheme, type StepRange } from "./chart-data";
import { ChartSkeleton } from "./chart-skeleton";
import { resolveCssColor, rgbaString, useThemeClass } from "./css-color";
import { loadPlotly, type PlotlyModule } from "./load-plotly";

export interface MetricChartProps {
  series: readonly ChartSeries[];
  logY: boolean;
  height: number;
  /** Called when the user zooms or pans to a step range (null: back to the whole range). */
  onZoom?: (range: StepRange | null) => void;
  /** Names the chart for screen readers. */
  label: string;
}

function readTheme(scope: HTMLElement): ChartTheme {
  const color = (css: string, alpha?: number) => rgbaString(resolveCssColor(css, scope), alpha);
  return {
    text: color("var(--muted-foreground)"),
    grid: color("var(--border)"),
    hoverBackground: color("var(--popover)"),
    hoverText: color("var(--popover-foreground)"),
    fontFamily: getComputedStyle(scope).fontFamily,
    color,
  };
}

/**
 * A line chart of metric series, drawn with Plotly's SVG `scatter` (WebGL contexts run out
 * with dozens of charts on a page). Plotly is fetched on first use, never with the page.
 */
export function MetricChart({ series, logY, height, onZoom, label }: MetricChartProps) {
  const root = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [drawn, setDrawn] = useState(false);
  const zoomHandler = useRef(onZoom);
  const listening = useRef(false);
  const themeClass = useThemeClass();
  // Load and draw failures surface in the surrounding error boundary.
  if (failure) throw failure.error;

  useEffect(() => {
    zoomHandler.current = onZoom;
  }, [onZoom]);

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
    const theme = readTheme(element);
    plotly.react(element, buildTraces(series, theme), buildLayout(theme, { logY, height, legend: series.length > 1 }), chartConfig).then(
      (plot: PlotlyHTMLElement) => {
        setDrawn(true);
        if (listening.current) return;
        listening.current = true;
        plot.on("plotly_relayout", (event) => {
          const range = zoomedRange(event);
          if (range !== undefined) zoomHandler.current?.(range);
        });
      },
      (error: unknown) => setFailure({ error }),
    );
  }, [plotly, series, logY, height, themeClass]);

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    // Plotly keeps listeners and resize observers on the element; purge frees them with it.
    return () => {
      plotly.purge(element);
      listening.current = false;
    };
  }, [plotly]);

  return (
    <div className="relative" style={{ height }}>
      <div ref={root} role="img" aria-label={label} className="size-full" />
      {drawn ? null : <ChartSkeleton className="absolute inset-0" />}
    </div>
  );
}
