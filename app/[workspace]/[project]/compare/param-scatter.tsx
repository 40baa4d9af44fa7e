"use client";

import { useRouter } from "next/navigation";
import { useCallback, useMemo, useRef, useState } from "react";
import { ChartBoundary } from "@/app/_charts/chart-boundary";
import { afterCurves, loadPlotly } from "@/app/_charts/load-plotly";
import { ChartSkeleton } from "@/app/_charts/chart-skeleton";
import { PlotlyFigure, type FigureBuilder } from "@/app/_charts/plotly-figure";
import { useInView } from "@/app/_charts/use-in-view";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { runHref } from "@/app/_lib/runs";
import { metricValue, paramDimension, type ParamRow } from "./compare-data";
import type { CompareRun } from "./compare-types";
import type { MetricChoice } from "./params-vs-metric";

/** Plotly for the scatter, once the curves above have drawn (they come first). */
const loadAfterCurves = () => afterCurves().then(loadPlotly);

/** One param against the chosen metric, a dot per run in its colour; a click opens the run. */
export function ParamScatter({ project, runs, rows, metric, colors }: { project: string; runs: readonly CompareRun[]; rows: readonly ParamRow[]; metric: MetricChoice; colors: ReadonlyMap<string, string> }) {
  const router = useRouter();
  const box = useRef<HTMLDivElement>(null);
  // Below the charts: Plotly's parse and first draw wait until it is scrolled near.
  const visible = useInView(box);
  const [picked, setPicked] = useState<string | null>(null);
  const row = rows.find((r) => r.path === picked) ?? rows.find((r) => r.numeric) ?? rows[0] ?? null;

  const points = useMemo(() => {
    if (!row) return [];
    const dim = paramDimension(row);
    return runs.flatMap((run, i) => {
      const x = dim.values[i];
      const y = metricValue(run, metric.key, metric.aggregate);
      return x === null || x === undefined || y === null ? [] : [{ run, x, y, text: row.text[i] ?? "" }];
    });
  }, [runs, row, metric]);

  const build = useCallback<FigureBuilder>(
    (theme) => {
      const dim = row ? paramDimension(row) : null;
      const axis = { gridcolor: theme.grid, zerolinecolor: theme.grid, linecolor: theme.grid, tickfont: { size: 10, color: theme.text }, automargin: true };
      return {
        data: [
          {
            type: "scatter",
            mode: "markers",
            x: points.map((p) => p.x),
            y: points.map((p) => p.y),
            text: points.map((p) => p.run.name),
            customdata: points.map((p) => p.text),
            marker: { size: 9, color: points.map((p) => theme.color(colors.get(p.run.id) ?? "var(--chart-1)")), line: { width: 1, color: theme.grid } },
            hovertemplate: `<b>%{text}</b><br>${row?.path ?? ""} = %{customdata}<br>${metric.key} = %{y:.6~g}<extra></extra>`,
          },
        ],
        layout: {
          margin: { l: 8, r: 8, t: 8, b: 8 },
          paper_bgcolor: "rgba(0, 0, 0, 0)",
          plot_bgcolor: "rgba(0, 0, 0, 0)",
          font: { family: theme.fontFamily, size: 11, color: theme.text },
          hovermode: "closest",
          hoverlabel: { bgcolor: theme.hoverBackground, bordercolor: theme.grid, font: { family: theme.fontFamily, size: 11, color: theme.hoverText } },
          xaxis: { ...axis, title: { text: row?.path ?? "", font: { size: 10, color: theme.text } }, ...(dim?.ticks ? { tickvals: dim.ticks.values, ticktext: dim.ticks.text } : {}) },
          yaxis: { ...axis, title: { text: `${metric.key} (${metric.aggregate})`, font: { size: 10, color: theme.text } } },
        },
      };
    },
    [points, row, metric, colors],
  );

  const openRun = useCallback(
    (index: number) => {
      const point = points[index];
      if (point) router.push(runHref(project, point.run.id));
    },
    [points, router, project],
  );

  return (
    <div ref={box} data-testid="param-scatter" className="flex min-w-0 flex-col rounded-xl border bg-card p-3 pt-2">
      <div className="flex items-center gap-2">
        <h3 className="mr-auto text-xs font-medium">Scatter</h3>
        <Select value={row?.path ?? ""} onValueChange={setPicked}>
          <SelectTrigger size="sm" className="h-7 w-44 font-mono text-xs" aria-label="Param on the x axis">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {rows.map((r) => (
              <SelectItem key={r.path} value={r.path} className="font-mono text-xs">
                {r.path}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      <div className="mt-1 h-80">
        {points.length === 0 ? (
          <div className="flex size-full items-center justify-center text-xs text-muted-foreground">No run has both {row?.path ?? "this param"} and {metric.key}.</div>
        ) : !visible ? (
          <ChartSkeleton />
        ) : (
          <ChartBoundary>
            <PlotlyFigure load={loadAfterCurves} build={build} height={320} label={`Scatter of ${row?.path ?? "a param"} against ${metric.key}`} onPointClick={openRun} />
          </ChartBoundary>
        )}
      </div>
    </div>
  );
}
