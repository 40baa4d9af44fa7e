"use client";

import { ChartLineIcon, SearchIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { ChartSettingsBar } from "@/app/_charts/chart-settings-bar";
import type { ChartSettings } from "@/app/_charts/chart-settings";
import type { ChartRegion, StepRange } from "@/app/_charts/chart-types";
import { MetricPanel, type PanelRun } from "@/app/_charts/metric-panel";
import { useChartSettings } from "@/app/_charts/use-chart-settings";
import { EmptyState } from "@/app/_components/empty-state";
import { Input } from "@/app/_components/ui/input";
import { isSystemMetric } from "@/app/_lib/runs";
import { useRunLive } from "@/app/_live/use-run-live";

/** Comment regions on the run's charts, and what to do with them; absent where comments are not available. */
export interface ChartComments {
  regionsByKey: ReadonlyMap<string, readonly ChartRegion[]>;
  onRegionClick: (id: string) => void;
  onCommentRange?: (key: string, range: StepRange) => void;
}

/**
 * One chart per metric key of a run, streaming, model metrics first and system metrics
 * (sys/, system/) apart below; keys the run starts logging while the page is open join in.
 */
export function RunCharts({ run, keys, comments }: { run: { id: string; name: string; startedAt: string }; keys: readonly string[]; comments?: ChartComments }) {
  const [search, setSearch] = useState("");
  const [settings, setSettings] = useChartSettings();
  const [added, setAdded] = useState<readonly string[]>([]);
  const runs = useMemo((): PanelRun[] => [{ id: run.id, label: run.name, startedAt: Date.parse(run.startedAt) }], [run.id, run.name, run.startedAt]);
  const allKeys = useMemo(() => {
    const known = new Set(keys);
    return [...keys, ...added.filter((k) => !known.has(k))].sort((a, b) => a.localeCompare(b));
  }, [keys, added]);

  useRunLive([run.id], {
    points: (event) => {
      if (!allKeys.includes(event.key)) setAdded((prev) => (prev.includes(event.key) ? prev : [...prev, event.key]));
    },
  });

  const needle = search.trim().toLowerCase();
  const shown = needle ? allKeys.filter((k) => k.toLowerCase().includes(needle)) : allKeys;
  const model = shown.filter((k) => !isSystemMetric(k));
  const system = shown.filter(isSystemMetric);

  if (allKeys.length === 0) {
    return (
      <EmptyState icon={ChartLineIcon} title="No metrics yet">
        Metrics this run logs, such as <code className="font-mono text-xs">run.log(&#123;&quot;train/loss&quot;: loss&#125;)</code>, are charted here as they arrive.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative w-full max-w-xs">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
          <Input
            aria-label="Search metrics"
            placeholder={`Search ${allKeys.length} metrics`}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            className="h-8 pl-8"
            autoComplete="off"
          />
        </div>
        <ChartSettingsBar settings={settings} onChange={setSettings} className="ml-auto" />
      </div>
      {shown.length === 0 ? <p className="text-sm text-muted-foreground">No metrics match “{search.trim()}”.</p> : null}
      {model.length > 0 ? <ChartGrid keys={model} runs={runs} settings={settings} comments={comments} /> : null}
      {system.length > 0 ? (
        <section className="space-y-3" aria-labelledby="system-metrics">
          <h2 id="system-metrics" className="text-sm font-medium text-muted-foreground">
            System
          </h2>
          <ChartGrid keys={system} runs={runs} settings={settings} comments={comments} />
        </section>
      ) : null}
    </div>
  );
}

function ChartGrid({ keys, runs, settings, comments }: { keys: readonly string[]; runs: readonly PanelRun[]; settings: ChartSettings; comments?: ChartComments }) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {keys.map((key) => (
        <MetricPanel
          key={key}
          metricKey={key}
          runs={runs}
          settings={settings}
          live
          regions={comments?.regionsByKey.get(key)}
          onRegionClick={comments?.onRegionClick}
          onCommentRange={comments?.onCommentRange ? (range) => comments.onCommentRange?.(key, range) : undefined}
        />
      ))}
    </div>
  );
}
