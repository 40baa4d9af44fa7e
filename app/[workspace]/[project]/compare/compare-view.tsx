"use client";

import { useDeferredValue, useMemo, useState } from "react";
import type { PanelRun } from "@/app/_charts/metric-panel";
import { CompareCharts } from "./compare-charts";
import { runColor, paramRows } from "./compare-data";
import { CompareLegend } from "./compare-legend";
import type { CompareRun } from "./compare-types";
import { ParamsDiff } from "./params-diff";
import { ParamsVsMetric } from "./params-vs-metric";

/** The compare page's body: which runs are drawn, their curves, how their params differ, and params against a metric. */
export function CompareView({ project, runs }: { project: string; runs: readonly CompareRun[] }) {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  // The legend ticks at once; charts and tables of a hundred runs follow when React has time.
  const deferredHidden = useDeferredValue(hidden);
  const colors = useMemo(() => new Map(runs.map((run, i) => [run.id, runColor(i)])), [runs]);
  const shown = useMemo(() => runs.filter((r) => !deferredHidden.has(r.id)), [runs, deferredHidden]);
  const panelRuns = useMemo((): PanelRun[] => shown.map((r) => ({ id: r.id, label: r.name, color: colors.get(r.id), startedAt: Date.parse(r.startedAt) })), [shown, colors]);
  const rows = useMemo(() => paramRows(shown), [shown]);

  return (
    <div className="space-y-10">
      <CompareLegend project={project} runs={runs} colors={colors} hidden={hidden} onHiddenChange={setHidden} />
      <CompareCharts runs={shown} panelRuns={panelRuns} params={rows} />
      <ParamsDiff runs={shown} rows={rows} colors={colors} />
      <ParamsVsMetric project={project} runs={shown} rows={rows} colors={colors} />
    </div>
  );
}
