"use client";

import { useMemo, useState } from "react";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { isSystemMetric } from "@/app/_lib/runs";
import { metricKeys, type Aggregate, type ParamRow } from "./compare-data";
import type { CompareRun } from "./compare-types";
import { ParallelCoordinates } from "./parallel-coordinates";
import { ParamScatter } from "./param-scatter";

const aggregates: readonly { value: Aggregate; label: string }[] = [
  { value: "last", label: "last value" },
  { value: "min", label: "minimum" },
  { value: "max", label: "maximum" },
];

/** Which metric summary the params are set against. */
export interface MetricChoice {
  key: string;
  aggregate: Aggregate;
}

/** Params against one metric of the runs: parallel coordinates over all differing params, and a scatter of one. */
export function ParamsVsMetric({ project, runs, rows, colors }: { project: string; runs: readonly CompareRun[]; rows: readonly ParamRow[]; colors: ReadonlyMap<string, string> }) {
  const keys = useMemo(() => metricKeys(runs).map((k) => k.key), [runs]);
  const [picked, setPicked] = useState<string | null>(null);
  const [aggregate, setAggregate] = useState<Aggregate>("last");
  const key = picked !== null && keys.includes(picked) ? picked : (keys.find((k) => !isSystemMetric(k)) ?? keys[0] ?? null);
  const differing = useMemo(() => rows.filter((r) => r.differs), [rows]);
  const metric = useMemo((): MetricChoice | null => (key ? { key, aggregate } : null), [key, aggregate]);

  return (
    <section aria-labelledby="params-vs-metric" className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id="params-vs-metric" className="mr-auto text-sm font-medium">
          Params and a metric
        </h2>
        <Select value={key ?? ""} onValueChange={setPicked} disabled={keys.length === 0}>
          <SelectTrigger size="sm" className="h-8 w-56 font-mono text-xs" aria-label="Metric">
            <SelectValue placeholder="No metrics" />
          </SelectTrigger>
          <SelectContent>
            {keys.map((k) => (
              <SelectItem key={k} value={k} className="font-mono text-xs">
                {k}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
        <Select value={aggregate} onValueChange={(value) => setAggregate(aggregates.find((a) => a.value === value)?.value ?? "last")}>
          <SelectTrigger size="sm" className="h-8 w-32 text-xs" aria-label="Metric summary">
            <SelectValue />
          </SelectTrigger>
          <SelectContent>
            {aggregates.map((a) => (
              <SelectItem key={a.value} value={a.value} className="text-xs">
                {a.label}
              </SelectItem>
            ))}
          </SelectContent>
        </Select>
      </div>
      {!metric ? (
        <p className="text-sm text-muted-foreground">None of these runs has logged a metric yet.</p>
      ) : differing.length === 0 ? (
        <p className="text-sm text-muted-foreground">The runs share every param, so there is nothing to set against {metric.key}.</p>
      ) : (
        <div className="grid gap-3 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
          <ParallelCoordinates runs={runs} rows={differing} metric={metric} />
          <ParamScatter project={project} runs={runs} rows={differing} metric={metric} colors={colors} />
        </div>
      )}
    </section>
  );
}
