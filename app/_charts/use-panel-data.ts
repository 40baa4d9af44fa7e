"use client";

import { useEffect, useMemo, useRef } from "react";
import { useRunLive, useStreamsSettled } from "@/app/_live/use-run-live";
import { toChartSeries } from "./chart-data";
import type { ChartSeries, StepRange } from "./chart-types";
import { seriesColor } from "./css-color";
import { groupSeries, type SeriesGroup } from "./group-series";
import { LiveTail } from "./live-tail";
import { useMetricSeries } from "./use-metric-series";

/** A run as a chart shows it. */
export interface PanelRun {
  id: string;
  label: string;
  /** A CSS colour; by default the theme's series colour for the run's position. */
  color?: string;
  /** When the run started (ms): relative time counts from here. */
  startedAt?: number;
}

/** Fewer than this many live points past a downsampled history never force a refetch. */
const TAIL_SLACK = 32;
/** Refetches triggered by live growth are at least this far apart. */
const REFETCH_MS = 3_000;
const GROUP_REFETCH_MS = 5_000;

export interface PanelDataOptions {
  metricKey: string;
  runs: readonly PanelRun[];
  /** Points per run to ask for; null until the chart is measured and in view. */
  maxPoints: number | null;
  range: StepRange | null;
  /** Stream new points in. */
  live: boolean;
  /** Draw these groups' means instead of each run. */
  groups: readonly SeriesGroup[] | null;
  /** Only points logged up to this ISO time (a frozen chart). */
  until?: string | null;
}

/**
 * A chart's data: each run's history at the resolution asked, then the points streaming
 * in live. When live points pile up past what the chart's width should hold (or a run
 * that had no points starts logging), the history is fetched again, so a long live run
 * stays within the per-pixel budget; when the stream comes up after a fetch went out (or
 * after a reconnect) it is fetched again for the gap.
 */
export function usePanelData({ metricKey, runs, maxPoints, range, live, groups, until = null }: PanelDataOptions) {
  const runIds = useMemo(() => runs.map((r) => r.id), [runs]);
  const streaming = live && maxPoints !== null;
  // Subscribe first, then fetch: the stream then carries whatever the history misses.
  const settled = useStreamsSettled(runIds, streaming);
  const fetchPoints = live && !settled ? null : maxPoints;
  const { result, error, pending, reload, issued } = useMetricSeries(runIds, metricKey, fetchPoints, range, until);
  const tail = useMemo(() => new LiveTail(metricKey), [metricKey]);

  // A history fetched before the stream came up late (or back after a reconnect) may miss points: fetch again.
  useRunLive(runIds, { points: (event) => tail.push(event), resync: () => (issued.current ? reload() : undefined) }, streaming);

  useEffect(() => {
    if (!result || result.range !== null) return;
    for (const id of runIds) tail.settle(id, result.series.get(id)?.steps.at(-1) ?? null);
  }, [result, runIds, tail]);

  // Refetch when the live tail has outgrown what the history's resolution allows.
  const lastFetch = useRef(0);
  useEffect(() => {
    lastFetch.current = Date.now();
  }, [result]);
  useEffect(() => {
    if (!streaming || !result || maxPoints === null || range !== null) return;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const interval = groups ? GROUP_REFETCH_MS : REFETCH_MS;
    const outgrown = () =>
      runIds.some((id) => {
        const count = tail.count(id);
        if (count === 0) return false;
        const history = result.series.get(id);
        if (!history || groups) return true;
        return history.downsampled ? count > Math.max(TAIL_SLACK, maxPoints / 8) : history.total + count > maxPoints;
      });
    const stop = tail.subscribe(() => {
      if (timer || !outgrown()) return;
      timer = setTimeout(reload, Math.max(0, lastFetch.current + interval - Date.now()));
    });
    return () => {
      stop();
      if (timer) clearTimeout(timer);
    };
  }, [streaming, result, maxPoints, range, groups, runIds, tail, reload]);

  const series = useMemo((): ChartSeries[] | null => {
    if (!result) return null;
    const byRun = new Map<string, ChartSeries>();
    runs.forEach((run, i) => {
      const data = result.series.get(run.id);
      if (data) byRun.set(run.id, toChartSeries(data, { id: run.id, label: run.label, color: run.color ?? seriesColor(i), origin: run.startedAt }));
    });
    return groups ? groupSeries(groups, byRun) : [...byRun.values()];
  }, [result, runs, groups]);

  const coarse = result !== null && [...result.series.values()].some((s) => s.downsampled);
  const points = result ? [...result.series.values()].reduce((n, s) => n + s.total, 0) : null;
  // Groups are recomputed from fresh history instead of being extended point by point.
  const liveTail = streaming && range === null && !groups ? tail : null;
  return { series, tail: liveTail, error, pending, reload, coarse, points, fetchedRange: result?.range ?? null };
}
