"use client";

import { useCallback, useMemo, useRef } from "react";
import { ChartBoundary } from "@/app/_charts/chart-boundary";
import { ChartSkeleton } from "@/app/_charts/chart-skeleton";
import { afterCurves, loadPlotlyGl2d } from "@/app/_charts/load-plotly";
import { PlotlyFigure, type FigureBuilder } from "@/app/_charts/plotly-figure";
import { useInView } from "@/app/_charts/use-in-view";
import { metricValue, paramDimension, type ParamRow } from "./compare-data";
import type { CompareRun } from "./compare-types";
import type { MetricChoice } from "./params-vs-metric";

/** More axes than this turn the figure into noise; the first ones (by path) are shown. */
const MAX_AXES = 12;
/** A text param with more distinct values than this is left out: its axis would be unreadable. */
const MAX_CATEGORIES = 40;

/** The parcoords attributes this figure sets. */
interface ParcoordsTrace {
  type: "parcoords";
  line: { color: number[]; colorscale: string; showscale: boolean; colorbar: { thickness: number; tickfont: { color: string; size: number } } };
  dimensions: { label: string; values: number[]; tickvals?: number[]; ticktext?: string[] }[];
  labelfont: { color: string; size: number };
  tickfont: { color: string; size: number };
  rangefont: { color: string; size: number };
}

/** The gl2d bundle once the curves above have drawn: parsing another megabyte would hold them up. */
const loadAfterCurves = () => afterCurves().then(loadPlotlyGl2d);

/**
 * Parallel coordinates from each differing param to the chosen metric, one line per run
 * coloured by the metric. Uses WebGL, so the plotly bundle that has it is fetched only
 * once this panel scrolls into view.
 */
export function ParallelCoordinates({ runs, rows, metric }: { runs: readonly CompareRun[]; rows: readonly ParamRow[]; metric: MetricChoice }) {
  const box = useRef<HTMLDivElement>(null);
  // Only once on screen: its WebGL draw holds the main thread longer than any other figure.
  const visible = useInView(box, "0px");

  const figure = useMemo(() => {
    const dims = rows.map(paramDimension).filter((d) => !d.ticks || d.ticks.values.length <= MAX_CATEGORIES).slice(0, MAX_AXES);
    const metricValues = runs.map((run) => metricValue(run, metric.key, metric.aggregate));
    // A line needs a value on every axis: runs missing one are left out.
    const kept = runs.map((_, i) => i).filter((i) => metricValues[i] !== null && dims.every((d) => d.values[i] !== null));
    return { dims, metricValues, kept };
  }, [runs, rows, metric]);

  const build = useCallback<FigureBuilder>(
    (theme) => {
      const { dims, metricValues, kept } = figure;
      const font = { color: theme.text, size: 10 };
      const color = kept.map((i) => metricValues[i] as number);
      const trace: ParcoordsTrace = {
        type: "parcoords",
        line: { color, colorscale: "Viridis", showscale: true, colorbar: { thickness: 10, tickfont: font } },
        dimensions: [
          ...dims.map((d) => ({
            label: d.label,
            values: kept.map((i) => d.values[i] as number),
            ...(d.ticks ? { tickvals: d.ticks.values, ticktext: d.ticks.text } : {}),
          })),
          { label: `${metric.key} (${metric.aggregate})`, values: color },
        ],
        labelfont: { color: theme.text, size: 11 },
        tickfont: font,
        rangefont: font,
      };
      return {
        data: [trace],
        layout: { margin: { l: 60, r: 40, t: 48, b: 16 }, paper_bgcolor: "rgba(0, 0, 0, 0)", font: { family: theme.fontFamily, color: theme.text } },
      };
    },
    [figure, metric],
  );

  const missing = runs.length - figure.kept.length;
  return (
    <div ref={box} data-testid="parallel-coordinates" className="flex min-w-0 flex-col rounded-xl border bg-card p-3 pt-2">
      <h3 className="text-xs font-medium">Parallel coordinates</h3>
      <div className="mt-1 h-80">
        {figure.kept.length === 0 ? (
          <div className="flex size-full items-center justify-center text-xs text-muted-foreground">No run has both these params and {metric.key}.</div>
        ) : visible ? (
          <ChartBoundary>
            <PlotlyFigure load={loadAfterCurves} build={build} height={320} label={`Parallel coordinates of params and ${metric.key}`} />
          </ChartBoundary>
        ) : (
          <ChartSkeleton />
        )}
      </div>
      {missing > 0 ? <p className="mt-1 text-right text-[11px] text-muted-foreground">{missing} runs without a value on every axis are left out</p> : null}
    </div>
  );
}
