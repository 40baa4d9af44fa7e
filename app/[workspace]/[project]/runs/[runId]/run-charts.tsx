"use client";

import { ChartLineIcon, SearchIcon } from "lucide-react";
import { useMemo, useState } from "react";
import { MetricPanel, type PanelRun } from "@/app/_charts/metric-panel";
import { EmptyState } from "@/app/_components/empty-state";
import { Input } from "@/app/_components/ui/input";
import { isSystemMetric } from "@/app/_lib/runs";

/** One chart per metric key of a run, model metrics first and system metrics (sys/, system/) apart below. */
export function RunCharts({ run, keys }: { run: { id: string; name: string }; keys: readonly string[] }) {
  const [search, setSearch] = useState("");
  const runs = useMemo((): PanelRun[] => [{ id: run.id, label: run.name }], [run.id, run.name]);
  const needle = search.trim().toLowerCase();
  const shown = needle ? keys.filter((k) => k.toLowerCase().includes(needle)) : keys;
  const model = shown.filter((k) => !isSystemMetric(k));
  const system = shown.filter(isSystemMetric);

  if (keys.length === 0) {
    return (
      <EmptyState icon={ChartLineIcon} title="No metrics yet">
        Metrics this run logs, such as <code className="font-mono text-xs">run.log(&#123;&quot;train/loss&quot;: loss&#125;)</code>, are charted here.
      </EmptyState>
    );
  }
  return (
    <div className="space-y-4">
      <div className="relative max-w-xs">
        <SearchIcon className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-muted-foreground" aria-hidden />
        <Input
          aria-label="Search metrics"
          placeholder={`Search ${keys.length} metrics`}
          value={search}
          onChange={(e) => setSearch(e.target.value)}
          className="h-8 pl-8"
          autoComplete="off"
        />
      </div>
      {shown.length === 0 ? <p className="text-sm text-muted-foreground">No metrics match “{search.trim()}”.</p> : null}
      {model.length > 0 ? <ChartGrid keys={model} runs={runs} /> : null}
      {system.length > 0 ? (
        <section className="space-y-3" aria-labelledby="system-metrics">
          <h2 id="system-metrics" className="text-sm font-medium text-muted-foreground">
            System
          </h2>
          <ChartGrid keys={system} runs={runs} />
        </section>
      ) : null}
    </div>
  );
}

function ChartGrid({ keys, runs }: { keys: readonly string[]; runs: readonly PanelRun[] }) {
  return (
    <div className="grid gap-3 md:grid-cols-2">
      {keys.map((key) => (
        <MetricPanel key={key} metricKey={key} runs={runs} />
      ))}
    </div>
  );
}
