"use client";

import { NodeViewWrapper, type NodeViewProps } from "@tiptap/react";
import { Settings2Icon, TableIcon } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { useInView } from "@/app/_charts/use-in-view";
import { RunStatusBadge } from "@/app/_components/run-status-badge";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/app/_components/ui/dialog";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Spinner } from "@/app/_components/spinner";
import { useRunLive } from "@/app/_live/use-run-live";
import { useMetricKeys } from "@/app/[workspace]/[project]/_runs/use-metric-keys";
import { cn } from "@/app/_lib/cn";
import { flattenParams, formatMetricValue, formatParamCell, paramAt, runHref, type RunSummary } from "@/app/_lib/runs";
import { RUN_TABLE_DEFAULTS, type RunTableAttrs } from "@/lib/editor/blocks";
import { ChecklistField, RunSourceField, useDebounced } from "./block-fields";
import { MAX_BLOCK_RUNS, useBlockRuns, useNotebookProject } from "./use-block-runs";

/** Reads a block's attributes with the defaults filled in. */
export function runTableAttrs(attrs: Record<string, unknown>): RunTableAttrs {
  const a = { ...RUN_TABLE_DEFAULTS, ...attrs };
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  const limit = Math.round(Number(a.limit));
  return {
    runs: strings(a.runs),
    filter: typeof a.filter === "string" ? a.filter : "",
    columns: strings(a.columns),
    sort: typeof a.sort === "string" && a.sort.trim() ? a.sort : RUN_TABLE_DEFAULTS.sort,
    limit: Number.isFinite(limit) ? Math.min(Math.max(limit, 1), MAX_BLOCK_RUNS) : RUN_TABLE_DEFAULTS.limit,
  };
}

/** A column: a param path, or a metric key with the summary it shows. */
export type RunColumn = { kind: "param"; path: string; label: string } | { kind: "metric"; key: string; agg: "last" | "min" | "max"; label: string };

/** Parses `params.<path>` and `metrics.<key>[.min|.max]`; anything else is not a column. */
export function parseColumn(column: string): RunColumn | null {
  if (column.startsWith("params.") && column.length > 7) return { kind: "param", path: column.slice(7), label: column.slice(7) };
  if (!column.startsWith("metrics.") || column.length <= 8) return null;
  const rest = column.slice(8);
  const agg = /\.(min|max)$/.exec(rest)?.[1] as "min" | "max" | undefined;
  const key = agg ? rest.slice(0, -agg.length - 1) : rest;
  return key ? { kind: "metric", key, agg: agg ?? "last", label: agg ? `${key} (${agg})` : key } : null;
}

type Summary = RunSummary["metrics"][string];

/**
 * A `runTable` block: the block's runs with their status (live) and the chosen params and
 * metric summaries; metric cells follow points as they are logged.
 */
export function RunTableView({ node, updateAttributes, editor, selected }: NodeViewProps) {
  const attrs = runTableAttrs(node.attrs);
  const editable = editor.isEditable;
  const box = useRef<HTMLDivElement>(null);
  const near = useInView(box, "600px");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const columns = useMemo(() => attrs.columns.map(parseColumn).filter((c): c is RunColumn => c !== null), [attrs.columns]);
  const metricKeys = useMemo(() => [...new Set(columns.flatMap((c) => (c.kind === "metric" ? [c.key] : [])))], [columns]);
  const configured = attrs.filter.trim() !== "" || attrs.runs.length > 0;
  const { runs, total, error, reload } = useBlockRuns({ runs: attrs.runs, filter: attrs.filter, sort: attrs.sort, limit: attrs.limit, metrics: metricKeys, enabled: near && configured });
  const { workspace, project } = useNotebookProject();

  // Live: status changes and new points update the rows in place.
  const [live, setLive] = useState<ReadonlyMap<string, { status?: RunSummary["status"]; metrics: Record<string, Summary> }>>(new Map());
  useEffect(() => setLive(new Map()), [runs]);
  const runIds = useMemo(() => (runs ?? []).map((r) => r.id), [runs]);
  useRunLive(
    runIds,
    {
      run: (event) =>
        setLive((prev) => {
          const next = new Map(prev);
          next.set(event.runId, { ...(prev.get(event.runId) ?? { metrics: {} }), status: event.status });
          return next;
        }),
      points: (event) => {
        if (!metricKeys.includes(event.key) || event.steps.length === 0) return;
        setLive((prev) => {
          const base = runs?.find((r) => r.id === event.runId)?.metrics[event.key];
          const entry = prev.get(event.runId) ?? { metrics: {} };
          const current = entry.metrics[event.key] ?? base ?? { last: null, min: null, max: null, step: null, count: 0 };
          let { last, min, max, step } = current;
          const numbers = (v: unknown) => (typeof v === "number" ? v : null);
          event.steps.forEach((s, i) => {
            const value = event.values[i];
            if (step === null || s >= step) {
              step = s;
              last = value;
            }
            const n = numbers(value);
            if (n !== null) {
              min = numbers(min) === null || n < (min as number) ? n : min;
              max = numbers(max) === null || n > (max as number) ? n : max;
            }
          });
          const next = new Map(prev);
          next.set(event.runId, { ...entry, metrics: { ...entry.metrics, [event.key]: { last, min, max, step, count: current.count + event.steps.length } } });
          return next;
        });
      },
    },
    near && runIds.length > 0,
  );

  const cell = (run: RunSummary, column: RunColumn) => {
    if (column.kind === "param") return formatParamCell(paramAt(run.params, column.path));
    const summary = live.get(run.id)?.metrics[column.key] ?? run.metrics[column.key];
    return summary ? formatMetricValue(summary[column.agg]) : "—";
  };

  return (
    <NodeViewWrapper ref={box} className={cn("notebook-block my-4 rounded-xl border bg-card", selected && "ring-2 ring-ring/60")} data-testid="run-table-block" contentEditable={false}>
      <header className="flex items-center gap-2 border-b px-3 py-2" data-drag-handle>
        <TableIcon className="size-4 text-muted-foreground" />
        <span className="min-w-0 flex-1 truncate text-sm font-medium">Runs{attrs.filter ? <span className="ml-2 font-mono text-xs font-normal text-muted-foreground">{attrs.filter}</span> : null}</span>
        {runs ? (
          <span className="text-[11px] text-muted-foreground tabular-nums">
            {runs.length}
            {total > runs.length ? ` of ${total}` : ""} {runs.length === 1 ? "run" : "runs"}
          </span>
        ) : null}
        {editable ? (
          <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" onClick={() => setSettingsOpen(true)} aria-label="Run table settings">
            <Settings2Icon className="size-3.5" />
            Edit
          </Button>
        ) : null}
      </header>
      {!configured ? (
        <div className="flex flex-col items-center gap-2 py-8 text-center text-sm text-muted-foreground">
          <p>{editable ? "Choose the runs this table lists: pick them, or give a filter that keeps it up to date." : "This table lists no runs yet."}</p>
          {editable ? (
            <Button size="sm" variant="outline" onClick={() => setSettingsOpen(true)}>
              Set up table
            </Button>
          ) : null}
        </div>
      ) : error ? (
        <div role="alert" className="flex flex-col items-center gap-2 py-8 text-center text-sm">
          <p className="text-destructive">{error}</p>
          <Button size="sm" variant="outline" onClick={reload}>
            Try again
          </Button>
        </div>
      ) : runs === null ? (
        <div className="flex h-24 items-center justify-center" aria-busy>
          <Spinner className="size-5 text-muted-foreground" />
        </div>
      ) : runs.length === 0 ? (
        <p className="py-8 text-center text-sm text-muted-foreground">{attrs.filter ? "No run matches this filter yet." : "The picked runs are gone."}</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-xs">
            <thead>
              <tr className="border-b text-left text-muted-foreground">
                <th className="px-3 py-1.5 font-medium">Run</th>
                <th className="px-3 py-1.5 font-medium">Status</th>
                {columns.map((column) => (
                  <th key={column.kind + column.label} className={cn("px-3 py-1.5 font-medium", column.kind === "metric" && "text-right")}>
                    <span className="font-mono">{column.label}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className="border-b last:border-0" data-testid="run-table-row">
                  <td className="max-w-64 truncate px-3 py-1.5">
                    <Link href={runHref(`${workspace}/${project}`, run.id)} className="font-medium hover:underline">
                      {run.name}
                    </Link>
                  </td>
                  <td className="px-3 py-1.5">
                    <RunStatusBadge status={live.get(run.id)?.status ?? run.status} />
                  </td>
                  {columns.map((column) => (
                    <td key={column.kind + column.label} className={cn("px-3 py-1.5 font-mono", column.kind === "metric" && "text-right tabular-nums")}>
                      {cell(run, column)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {settingsOpen ? <RunTableSettingsDialog attrs={attrs} onClose={() => setSettingsOpen(false)} onSave={(next) => updateAttributes(next)} /> : null}
    </NodeViewWrapper>
  );
}

function RunTableSettingsDialog({ attrs, onClose, onSave }: { attrs: RunTableAttrs; onClose: () => void; onSave: (next: Partial<RunTableAttrs>) => void }) {
  const [draft, setDraft] = useState(attrs);
  // The params offered as columns are those of the runs being chosen.
  const sourceKey = useDebounced(JSON.stringify({ runs: draft.runs, filter: draft.filter }), 300);
  const source = useMemo(() => JSON.parse(sourceKey) as { runs: string[]; filter: string }, [sourceKey]);
  const sampleRuns = useBlockRuns({ ...source, limit: 20, enabled: true }).runs;
  const { workspace, project } = useNotebookProject();
  const chosenMetrics = draft.columns.filter((c) => c.startsWith("metrics."));
  const { keys, loading, error, discover } = useMetricKeys(`${encodeURIComponent(workspace)}/${encodeURIComponent(project)}`, []);
  useEffect(discover, [discover]);
  const options = useMemo(() => {
    const params = new Set<string>();
    for (const run of sampleRuns ?? []) for (const [path] of flattenParams(run.params)) params.add(`params.${path}`);
    for (const column of draft.columns) if (column.startsWith("params.")) params.add(column);
    return [...[...params].sort(), ...keys.map((k) => `metrics.${k}`), ...chosenMetrics.filter((c) => !keys.includes(c.slice(8)))];
  }, [sampleRuns, keys, draft.columns, chosenMetrics]);
  const set = (patch: Partial<RunTableAttrs>) => setDraft((d) => ({ ...d, ...patch }));
  const ready = draft.filter.trim() !== "" || draft.runs.length > 0;

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Run table</DialogTitle>
          <DialogDescription>Everyone on the page sees these settings change.</DialogDescription>
        </DialogHeader>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            onSave({ ...draft, filter: draft.filter.trim() });
            onClose();
          }}
        >
          <RunSourceField value={{ runs: draft.runs, filter: draft.filter }} onChange={(source) => set(source)} />
          <ChecklistField
            label="Columns"
            options={options}
            chosen={draft.columns}
            onChange={(columns) => set({ columns: columns.slice(0, 30) })}
            loading={loading}
            error={error}
            placeholder="Search params and metrics"
            empty="Nothing to show yet: pick runs first, or log params and metrics."
          />
          <div className="grid gap-3 sm:grid-cols-2">
            <div className="space-y-1">
              <Label htmlFor="run-table-sort">Sort</Label>
              <Input id="run-table-sort" className="h-8 font-mono text-xs" value={draft.sort} onChange={(e) => set({ sort: e.target.value })} placeholder="-created, name, metrics.val/loss.min" />
            </div>
            <div className="space-y-1">
              <Label htmlFor="run-table-limit">Rows (at most)</Label>
              <Input id="run-table-limit" className="h-8 text-xs" type="number" min={1} max={MAX_BLOCK_RUNS} value={draft.limit} onChange={(e) => set({ limit: Number(e.target.value) })} />
            </div>
          </div>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!ready}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
