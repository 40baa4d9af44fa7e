"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { api, errorMessage } from "@/app/_lib/api";
import type { MetricSeries } from "@/app/_lib/runs";
import type { StepRange } from "./chart-types";
import { enqueue, Superseded } from "./request-queue";

export interface SeriesResult {
  /** Per run id; a run that never logged the key is absent. */
  series: ReadonlyMap<string, MetricSeries>;
  /** The range these series cover; null for whole runs. */
  range: StepRange | null;
}

/** Runs per request: one request for a chart of a few runs, a chart of hundreds fills in as chunks arrive. */
const RUNS_PER_REQUEST = 20;

/** One key of a chunk of runs; a run that never logged the key (or is unreadable) is absent. */
function fetchSeries(runIds: readonly string[], key: string, maxPoints: number, range: StepRange | null, until: string | null, signal: AbortSignal): Promise<Record<string, MetricSeries>> {
  const query = new URLSearchParams({ key, runs: runIds.join(","), maxPoints: String(maxPoints) });
  if (until) query.set("until", until);
  if (range) {
    query.set("fromStep", String(range.fromStep));
    query.set("toStep", String(range.toStep));
  }
  return enqueue(() => api<{ series: Record<string, MetricSeries> }>(`/series?${query}`), signal).then((answer) => answer.series);
}

/**
 * One metric key of several runs, at `maxPoints` per run (null: not yet, e.g. before the
 * chart has been measured), over `range` (null: whole runs), logged up to `until` (null: all
 * of it). A newer request wins over an
 * older one still in flight; while one is in flight the previous result stays on screen.
 */
export function useMetricSeries(runIds: readonly string[], key: string, maxPoints: number | null, range: StepRange | null, until: string | null = null) {
  const [result, setResult] = useState<SeriesResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [pending, setPending] = useState(false);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  /** Whether any request has gone out yet (set as it goes, not on the next render). */
  const issued = useRef(false);
  const ids = runIds.join(",");
  const from = range?.fromStep;
  const to = range?.toStep;

  useEffect(() => {
    if (maxPoints === null) return;
    let current = true;
    const abort = new AbortController();
    const span = from !== undefined && to !== undefined ? { fromStep: from, toStep: to } : null;
    const runs = ids ? ids.split(",") : [];
    setPending(true);
    issued.current = true;
    const chunks: string[][] = [];
    for (let i = 0; i < runs.length; i += RUNS_PER_REQUEST) chunks.push(runs.slice(i, i + RUNS_PER_REQUEST));
    Promise.all(chunks.map((chunk) => fetchSeries(chunk, key, maxPoints, span, until, abort.signal))).then(
      (all) => {
        if (!current) return;
        const series = new Map<string, MetricSeries>();
        for (const answer of all) for (const id of Object.keys(answer)) series.set(id, answer[id] as MetricSeries);
        setResult({ series, range: span });
        setError(null);
        setPending(false);
      },
      (caught: unknown) => {
        if (!current || caught instanceof Superseded) return;
        setError(errorMessage(caught));
        setPending(false);
      },
    );
    return () => {
      current = false;
      abort.abort();
    };
  }, [ids, key, maxPoints, from, to, until, attempt]);

  return { result, error, pending, reload, issued };
}
