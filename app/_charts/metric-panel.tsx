"use client";

import { lazy, Suspense, useCallback, useMemo, useRef, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { cn } from "@/app/_lib/cn";
import { ChartBoundary } from "./chart-boundary";
import { toChartSeries, type StepRange } from "./chart-data";
import { ChartSkeleton } from "./chart-skeleton";
import { seriesColor } from "./css-color";
import { useInView, useWidth } from "./use-in-view";
import { useMetricSeries } from "./use-metric-series";

// The chart module (and through it Plotly) loads only when a chart first comes into view.
const MetricChart = lazy(() => import("./metric-chart").then((m) => ({ default: m.MetricChart })));

/** Points requested per pixel of width: two keep every bump visible without waste. */
const POINTS_PER_PIXEL = 2;

export interface PanelRun {
  id: string;
  label: string;
  /** A CSS colour; by default the theme's series colour for the run's position. */
  color?: string;
}

/**
 * A card charting one metric key for one or more runs: fetched when scrolled into view at
 * the resolution its width can show, re-fetched finer when zoomed, with a log-y toggle.
 */
export function MetricPanel({ metricKey, runs, height = 220, className }: { metricKey: string; runs: readonly PanelRun[]; height?: number; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const visible = useInView(box);
  const width = useWidth(box);
  const [logY, setLogY] = useState(false);
  const [range, setRange] = useState<StepRange | null>(null);
  const maxPoints = visible && width > 0 ? Math.max(64, width * POINTS_PER_PIXEL) : null;
  const { result, error, retry } = useMetricSeries(
    runs.map((r) => r.id),
    metricKey,
    maxPoints,
    range,
  );

  // Raw data has nothing finer to give, so only a downsampled chart re-queries on zoom.
  const coarse = result !== null && [...result.series.values()].some((s) => s.downsampled);
  const onZoom = useCallback(
    (next: StepRange | null) => {
      if (next === null) setRange(null);
      else if (coarse || range !== null) setRange(next);
    },
    [coarse, range],
  );

  const series = useMemo(
    () =>
      result
        ? runs.flatMap((run, i) => {
            const data = result.series.get(run.id);
            return data ? [toChartSeries(data, { id: run.id, label: run.label, color: run.color ?? seriesColor(i) })] : [];
          })
        : null,
    [result, runs],
  );
  const points = result ? [...result.series.values()].reduce((n, s) => n + s.total, 0) : null;

  return (
    <section data-testid="metric-chart" data-metric-key={metricKey} aria-label={metricKey} className={cn("flex min-w-0 flex-col rounded-xl border bg-card p-3 pt-2", className)}>
      <header className="flex items-center gap-2">
        <h3 className="min-w-0 flex-1 truncate font-mono text-xs font-medium" title={metricKey}>
          {metricKey}
        </h3>
        {range ? (
          <span className="shrink-0 text-[11px] text-muted-foreground tabular-nums">
            steps {range.fromStep.toLocaleString("en")}–{range.toStep.toLocaleString("en")}
          </span>
        ) : null}
        <Button
          variant="ghost"
          size="sm"
          aria-pressed={logY}
          title="Logarithmic y axis"
          className={cn("h-6 px-1.5 font-mono text-[11px] text-muted-foreground", logY && "bg-accent text-foreground")}
          onClick={() => setLogY((on) => !on)}
        >
          log y
        </Button>
      </header>
      <div ref={box} className="mt-1" style={{ height }}>
        {error ? (
          <div role="alert" className="flex size-full flex-col items-center justify-center gap-2 rounded-lg border border-dashed p-4 text-center text-xs text-muted-foreground">
            <p className="max-w-64">{error}</p>
            <Button variant="outline" size="sm" className="h-7 text-xs" onClick={retry}>
              Try again
            </Button>
          </div>
        ) : series === null ? (
          <ChartSkeleton />
        ) : series.length === 0 ? (
          <div className="flex size-full items-center justify-center text-xs text-muted-foreground">No points logged</div>
        ) : (
          <ChartBoundary>
            <Suspense fallback={<ChartSkeleton />}>
              <MetricChart series={series} logY={logY} height={height} onZoom={onZoom} label={`Chart of ${metricKey}`} />
            </Suspense>
          </ChartBoundary>
        )}
      </div>
      {points !== null ? (
        <p className="mt-1 text-right text-[11px] text-muted-foreground tabular-nums">
          {points.toLocaleString("en")} {points === 1 ? "point" : "points"}
          {coarse ? " · min/max band" : ""}
        </p>
      ) : null}
    </section>
  );
}
