"use client";

import { DownloadIcon, MessageSquarePlusIcon } from "lucide-react";
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/app/_components/ui/button";
import { Spinner } from "@/app/_components/spinner";
import { cn } from "@/app/_lib/cn";
import { mergeTails } from "./chart-appender";
import { ChartBoundary } from "./chart-boundary";
import type { ChartSettings } from "./chart-settings";
import { ChartSkeleton } from "./chart-skeleton";
import type { ChartRegion, StepRange } from "./chart-types";
import { chartCsv, downloadText } from "./export-csv";
import type { SeriesGroup } from "./group-series";
import { preloadChart } from "./preload-chart";
import { RegionList } from "./region-list";
import { useInView, useWidth } from "./use-in-view";
import { usePanelData, type PanelRun } from "./use-panel-data";

export type { PanelRun } from "./use-panel-data";

// The chart module (and through it Plotly) loads only when a chart first comes into view.
const MetricChart = lazy(() => import("./metric-chart").then((m) => ({ default: m.MetricChart })));

/** Points requested per pixel of width for one series: two keep every bump visible (M4 keeps the extremes). */
const POINTS_PER_PIXEL = 2;
/** Beyond this many series, each gets proportionally fewer points so the chart stays quick. */
const FULL_DETAIL_SERIES = 10;
/** Above this many series, per-series bands would bury the lines. */
const MAX_BANDED_SERIES = 8;

function pointsPerSeries(width: number, count: number): number {
  const full = width * POINTS_PER_PIXEL;
  return Math.max(64, Math.round(count > FULL_DETAIL_SERIES ? (full * FULL_DETAIL_SERIES) / count : full));
}

export interface MetricPanelProps {
  metricKey: string;
  runs: readonly PanelRun[];
  settings: ChartSettings;
  /** Stream new points into the chart. */
  live?: boolean;
  /** Draw each group's mean and min/max band instead of each run (aligned by step). */
  groups?: readonly SeriesGroup[] | null;
  /** Commented step ranges on this key. */
  regions?: readonly ChartRegion[];
  onRegionClick?: (id: string) => void;
  /** Offered after a zoom or a box selection: start a comment anchored to that step range. */
  onCommentRange?: (range: StepRange) => void;
  height?: number;
  className?: string;
  /** A controlled log y (a notebook block keeps it in the page); by default the panel keeps its own. */
  logY?: boolean;
  onLogYChange?: (logY: boolean) => void;
  /** Only what was logged up to this ISO time (a frozen chart); it never streams. */
  until?: string | null;
}

/**
 * A card charting one metric key for one or more runs: fetched when scrolled into view at
 * the resolution its width can show, re-fetched finer when zoomed, streaming new points,
 * with log y, the smoothed data as CSV, and commented regions.
 */
export function MetricPanel({
  metricKey,
  runs,
  settings,
  live = false,
  groups = null,
  regions,
  onRegionClick,
  onCommentRange,
  height = 220,
  className,
  logY: controlledLogY,
  onLogYChange,
  until = null,
}: MetricPanelProps) {
  const box = useRef<HTMLDivElement>(null);
  const visible = useInView(box);
  const width = useWidth(box);
  const [ownLogY, setOwnLogY] = useState(false);
  const logY = controlledLogY ?? ownLogY;
  const setLogY = (next: boolean) => (onLogYChange ? onLogYChange(next) : setOwnLogY(next));
  const [range, setRange] = useState<StepRange | null>(null);
  const seriesCount = groups ? groups.length : runs.length;
  const maxPoints = visible && width > 0 ? pointsPerSeries(width, runs.length) : null;
  const data = usePanelData({ metricKey, runs, maxPoints, range, live: live && until === null, groups, until });
  useEffect(() => {
    if (visible) preloadChart();
  }, [visible]);
  const { series, coarse } = data;

  const [zoomed, setZoomed] = useState<StepRange | null>(null);
  // Raw data has nothing finer to give, so only a downsampled chart re-queries on zoom.
  const onZoom = useCallback(
    (next: StepRange | null) => {
      setZoomed(next);
      if (next === null) setRange(null);
      else if (coarse || range !== null) setRange(next);
    },
    [coarse, range],
  );
  const xMode = groups ? "step" : settings.xAxis;
  const bands = groups !== null || seriesCount <= MAX_BANDED_SERIES;

  // Live refetches happen quietly; a zoom's re-query shows that finer data is on its way.
  const zooming = data.pending && (range?.fromStep !== data.fetchedRange?.fromStep || range?.toStep !== data.fetchedRange?.toStep);

  const exportCsv = () => {
    if (!series) return;
    const { merged } = mergeTails(series, (id, after) => data.tail?.since(id, after) ?? null);
    downloadText(`${metricKey.replaceAll("/", "_")}.csv`, chartCsv(merged, settings.smoothing));
  };

  return (
    <section data-testid="metric-chart" data-metric-key={metricKey} aria-label={metricKey} className={cn("flex min-w-0 flex-col rounded-xl border bg-card p-3 pt-2", className)}>
      <header className="flex items-center gap-1">
        <h3 className="min-w-0 flex-1 truncate font-mono text-xs font-medium" title={metricKey}>
          {metricKey}
        </h3>
        {zooming && series ? <Spinner className="size-3 text-muted-foreground" /> : null}
        {zoomed ? (
          <span className="shrink-0 px-1 text-[11px] text-muted-foreground tabular-nums">
            steps {zoomed.fromStep.toLocaleString("en")}–{zoomed.toStep.toLocaleString("en")}
          </span>
        ) : null}
        {onCommentRange && zoomed ? (
          <Button variant="ghost" size="sm" className="h-6 px-1.5 text-[11px] text-muted-foreground" title="Comment on the steps shown" onClick={() => onCommentRange(zoomed)}>
            <MessageSquarePlusIcon className="size-3.5" />
            Comment
          </Button>
        ) : null}
        <Button variant="ghost" size="sm" className="h-6 px-1.5 text-[11px] text-muted-foreground" title="Download the drawn points (and smoothed values) as CSV" aria-label={`Download ${metricKey} as CSV`} disabled={!series || series.length === 0} onClick={exportCsv}>
          <DownloadIcon className="size-3.5" />
        </Button>
        <Button
          variant="ghost"
          size="sm"
          aria-pressed={logY}
          title="Logarithmic y axis"
          className={cn("h-6 px-1.5 font-mono text-[11px] text-muted-foreground", logY && "bg-accent text-foreground")}
          onClick={() => setLogY(!logY)}
        >
          log y
        </Button>
      </header>
      <div ref={box} className="mt-1" style={{ height }}>
        {data.error ? (
          <div role="alert" className="flex size-full flex-col items-center justify-center gap-2 rounded-lg border border-dashed p-4 text-center text-xs text-muted-foreground">
            <p className="max-w-64">{data.error}</p>
            <Button variant="outline" size="sm" className="h-7 text-xs" onClick={data.reload}>
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
              <MetricChart
                series={series}
                tail={data.tail}
                xMode={xMode}
                smoothing={settings.smoothing}
                logY={logY}
                height={height}
                bands={bands}
                regions={regions}
                onRegionClick={onRegionClick}
                onZoom={onZoom}
                onSelectRange={onCommentRange}
                label={`Chart of ${metricKey}`}
              />
            </Suspense>
          </ChartBoundary>
        )}
      </div>
      <footer className="mt-1 flex items-center gap-2 text-[11px] text-muted-foreground">
        {regions && regions.length > 0 && onRegionClick ? <RegionList regions={regions} onOpen={onRegionClick} /> : null}
        {data.points !== null ? (
          <p className="ml-auto text-right tabular-nums">
            {data.points.toLocaleString("en")} {data.points === 1 ? "point" : "points"}
            {coarse ? (bands ? " · min/max band" : " · downsampled") : ""}
          </p>
        ) : null}
      </footer>
    </section>
  );
}
