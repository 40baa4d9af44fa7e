"use client";

import Link from "next/link";
import { RunStatusBadge } from "@/app/_components/run-status-badge";
import { Button } from "@/app/_components/ui/button";
import { Checkbox } from "@/app/_components/ui/checkbox";
import { runHref } from "@/app/_lib/runs";
import type { CompareRun } from "./compare-types";

/** The compared runs with their colours; unticking one takes it off every chart and table. */
export function CompareLegend({
  project,
  runs,
  colors,
  hidden,
  onHiddenChange,
}: {
  project: string;
  runs: readonly CompareRun[];
  colors: ReadonlyMap<string, string>;
  hidden: ReadonlySet<string>;
  onHiddenChange: (next: ReadonlySet<string>) => void;
}) {
  const toggle = (id: string, on: boolean) => {
    const next = new Set(hidden);
    if (on) next.delete(id);
    else next.add(id);
    onHiddenChange(next);
  };
  return (
    <section aria-labelledby="compare-runs" className="space-y-2">
      <div className="flex items-center gap-2">
        <h2 id="compare-runs" className="text-sm font-medium">
          Runs
        </h2>
        <span className="text-xs text-muted-foreground tabular-nums">
          {runs.length - hidden.size} of {runs.length} shown
        </span>
        {hidden.size > 0 ? (
          <Button variant="ghost" size="sm" className="h-6 px-1.5 text-xs" onClick={() => onHiddenChange(new Set())}>
            Show all
          </Button>
        ) : null}
      </div>
      <ul aria-label="Compared runs" className="flex max-h-40 flex-wrap gap-1.5 overflow-y-auto">
        {runs.map((run) => {
          const visible = !hidden.has(run.id);
          return (
            <li key={run.id} data-testid="compare-run" className="flex items-center gap-1.5 rounded-md border bg-card py-1 pr-2 pl-1.5 text-xs">
              <Checkbox checked={visible} onCheckedChange={(on) => toggle(run.id, on === true)} aria-label={`Show ${run.name}`} />
              <span aria-hidden className="size-2.5 shrink-0 rounded-full" style={{ backgroundColor: colors.get(run.id) }} />
              <Link href={runHref(project, run.id)} className="max-w-48 truncate font-medium hover:underline" title={run.name}>
                {run.name}
              </Link>
              <RunStatusBadge status={run.status} />
            </li>
          );
        })}
      </ul>
    </section>
  );
}
