"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { api } from "@/app/_lib/api";
import type { RunDetail, RunSummary } from "@/app/_lib/runs";

/** Runs whose metric keys are read per look; most runs of a project log the same keys. */
const SAMPLE = 10;
/** At most this many runs are ever asked, however often the menu opens. */
const SAMPLE_CAP = 50;

/**
 * Metric keys to offer as columns. The list API returns summaries only for keys it is
 * asked about, so keys are learnt from the run details of the first few loaded runs (on
 * demand), from summaries already loaded, and from the columns already chosen.
 */
export function useMetricKeys(runs: readonly RunSummary[], chosen: readonly string[]) {
  const [sampledKeys, setSampledKeys] = useState<ReadonlySet<string>>(new Set());
  const [loading, setLoading] = useState(false);
  const asked = useRef(new Set<string>());

  const discover = useCallback(() => {
    const ids = runs
      .map((r) => r.id)
      .filter((id) => !asked.current.has(id))
      .slice(0, Math.min(SAMPLE, SAMPLE_CAP - asked.current.size));
    if (ids.length === 0) return;
    for (const id of ids) asked.current.add(id);
    setLoading(true);
    void Promise.all(
      ids.map((id) =>
        // A run deleted or unreadable since the list loaded simply adds no keys.
        api<Pick<RunDetail, "metrics">>(`/runs/${id}`).then(
          (run) => run.metrics.map((m) => m.key),
          () => [],
        ),
      ),
    )
      .then((lists) => setSampledKeys((prev) => new Set([...prev, ...lists.flat()])))
      .finally(() => setLoading(false));
  }, [runs]);

  const keys = useMemo(() => {
    const all = new Set([...sampledKeys, ...chosen]);
    for (const run of runs) for (const key of Object.keys(run.metrics)) all.add(key);
    return [...all].sort((a, b) => a.localeCompare(b));
  }, [sampledKeys, chosen, runs]);

  return { keys, loading, discover };
}
