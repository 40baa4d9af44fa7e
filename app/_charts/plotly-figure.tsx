"use client";

import type { Config, Data, Layout, PlotlyHTMLElement } from "plotly.js";
import { useEffect, useRef, useState } from "react";
import { TurnSkipped } from "@/lib/scheduling/take-turns";
import { ChartSkeleton } from "./chart-skeleton";
import { readTheme } from "./chart-theme";
import type { ChartTheme } from "./chart-types";
import { useThemeClass } from "./css-color";
import { drawQueue } from "./draw-queue";
import type { PlotlyModule } from "./load-plotly";

/** A figure's traces and layout, built for the current theme. */
export type FigureBuilder = (theme: ChartTheme) => { data: Data[]; layout: Partial<Layout> };

/**
 * A one-off Plotly figure (not a metric chart): loaded with `load`, redrawn with
 * `Plotly.react` when `build` changes (memoize it) or the theme flips, purged on unmount.
 */
export function PlotlyFigure({ load, build, height, label, config, onPointClick }: { load: () => Promise<PlotlyModule>; build: FigureBuilder; height: number; label: string; config?: Partial<Config>; onPointClick?: (pointIndex: number, curveNumber: number) => void }) {
  const root = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  const [ready, setReady] = useState(false);
  const clicks = useRef(onPointClick);
  const listening = useRef(false);
  const themeClass = useThemeClass();
  if (failure) throw failure.error;

  useEffect(() => {
    clicks.current = onPointClick;
  }, [onPointClick]);

  useEffect(() => {
    let active = true;
    load().then(
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
  }, [load]);

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    const abort = new AbortController();
    // In turn with the page's other charts, so two heavy draws never share a task.
    drawQueue
      .take(() => {
        const { data, layout } = build(readTheme(element));
        return plotly.react(element, data, { height, autosize: true, ...layout }, { responsive: true, displaylogo: false, displayModeBar: "hover", ...config });
      }, abort.signal)
      .then(
        (plot: PlotlyHTMLElement) => {
          if (abort.signal.aborted) return;
          setReady(true);
          if (listening.current) return;
          listening.current = true;
          plot.on("plotly_click", (event) => {
            const point = event.points[0];
            if (point) clicks.current?.(point.pointIndex, point.curveNumber);
          });
        },
        (error: unknown) => {
          if (error instanceof TurnSkipped || abort.signal.aborted) return;
          setFailure({ error });
        },
      );
    return () => abort.abort();
  }, [plotly, build, height, config, themeClass]);

  useEffect(() => {
    const element = root.current;
    if (!plotly || !element) return;
    return () => {
      plotly.purge(element);
      listening.current = false;
    };
  }, [plotly]);

  return (
    <div className="relative" style={{ height }}>
      <div ref={root} role="img" aria-label={label} className="size-full" />
      {ready ? null : <ChartSkeleton className="absolute inset-0" />}
    </div>
  );
}
