"use client";

import { ChartLineIcon, SearchIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { ChartSettingsBar } from "@/app/_charts/chart-settings-bar";
import { MetricPanel, type PanelRun } from "@/app/_charts/metric-panel";
import { useChartSettings } from "@/app/_charts/use-chart-settings";
import { EmptyState } from "@/app/_components/empty-state";
import { Input } from "@/app/_components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { isSystemMetric } from "@/app/_lib/runs";
import { groupsByParam, metricKeys, type ParamRow } from "./compare-data";
import type { CompareRun } from "./compare-types";

const NO_GROUP = "__none__";

/**
 * Every metric key the runs logged, one chart each with all runs overlaid, or with runs
 * grouped by a param into a mean line and a min/max band per group.
 */
export function CompareCharts({ runs, panelRuns, params }: { runs: readonly CompareRun[]; panelRuns: readonly PanelRun[]; params: readonly ParamRow[] }) {
  const [settings, setSettings] = useChartSettings();
  const [search, setSearch] = useState("");
  const [groupBy, setGroupBy] = useState<string | null>(null);
  const keys = useMemo(() => metricKeys(runs), [runs]);
  // Each chart asks only for the runs that logged its key (their summaries say which), and
  // for running ones, which may log it any moment.
  const runsByKey = useMemo(() => {
    const logged = new Map(runs.map((run) => [run.id, run.status === "running" ? null : new Set(run.metrics.map((m) => m.key))]));
    const charted = (runId: string, key: string) => {
      const set = logged.get(runId);
      return set === null || set?.has(key) === true;
    };
    return new Map(keys.map(({ key }) => [key, panelRuns.filter((r) => charted(r.id, key))]));
  }, [runs, keys, panelRuns]);
  const groupable = useMemo(() => params.filter((p) => p.differs), [params]);
  const groupRow = groupable.find((p) => p.path === groupBy) ?? null;
  const groups = useMemo(() => (groupRow ? groupsByParam(runs, groupRow) : null), [groupRow, runs]);

  const needle = search.trim().toLowerCase();
  const shown = needle ? keys.filter((k) => k.key.toLowerCase().includes(needle)) : keys;
  const model = shown.filter((k) => !isSystemMetric(k.key));
  const system = shown.filter((k) => isSystemMetric(k.key));

  const grid = (list: typeof keys) => (
    <div className="grid gap-3 md:grid-cols-2">
      {list.map(({ key }) => (
        <MetricPanel key={key} metricKey={key} runs={runsByKey.get(key) ?? panelRuns} settings={settings} groups={groups} live height={260} />
      ))}
    </div>
  );

  return (
    <section aria-labelledby="compare-charts" className="space-y-3">
      <h2 id="compare-charts" className="text-sm font-medium">
        Charts
      </h2>
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input aria-label="Search metrics" placeholder={`Search ${keys.length} metrics`} value={search} onChange={(e) => setSearch(e.target.value)} className="h-8 pl-8" autoComplete="off" />
        </div>
        <Select value={groupBy ?? NO_GROUP} onValueChange={(value) => setGroupBy(value === NO_GROUP ? null : value)} disabled={groupable.length === 0}>
          <SelectTrigger size="sm" className="h-8 w-48 text-xs" aria-label="Group runs by" title={groupable.length === 0 ? "The runs' params are all the same" : undefined}>
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            <SelectItem value={NO_GROUP} className="text-xs">
              No grouping
            </SelectItem>
            {groupable.map((p) => (
              <SelectItem key={p.path} value={p.path} className="font-mono text-xs">
                group by {p.path}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <ChartSettingsBar settings={settings} onChange={setSettings} stepOnly={groups !== null} className="ml-auto" />
      </div>
      {keys.length === 0 ? (
        <EmptyState icon={ChartLineIcon} title="No metrics">
          None of these runs has logged a metric yet.
        </EmptyState>
      ) : shown.length === 0 ? (
        <p className="text-sm text-muted-foreground">No metrics match “{search.trim()}”.</p>
      ) : null}
      {model.length > 0 ? grid(model) : null}
      {system.length > 0 ? (
        <section className="space-y-3" aria-labelledby="compare-system-metrics">
          <h3 id="compare-system-metrics" className="text-sm font-medium text-muted-foreground">
            System
          </h3>
          {grid(system)}
        </section>
      ) : null}
    </section>
  );
}
