"use client";

import { NodeViewWrapper, type NodeViewProps } from "@tiptap/react";
import { ChartLineIcon, ExternalLinkIcon, PauseIcon, PlayIcon, Settings2Icon } from "lucide-react";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState } from "react";
import { MetricPanel, type PanelRun } from "@/app/_charts/metric-panel";
import { useInView } from "@/app/_charts/use-in-view";
import { Button } from "@/app/_components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from "@/app/_components/ui/dialog";
import { Input } from "@/app/_components/ui/input";
import { Label } from "@/app/_components/ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { Spinner } from "@/app/_components/spinner";
import { useMetricKeys } from "@/app/[workspace]/[project]/_runs/use-metric-keys";
import { cn } from "@/app/_lib/cn";
import { chartSmoothings, chartXAxes, METRIC_CHART_DEFAULTS, type ChartSmoothing, type MetricChartAttrs } from "@/lib/editor/blocks";
import { MAX_EMA_WEIGHT, MAX_WINDOW, type Smoothing } from "@/lib/metrics/smoothing";
import { ChecklistField, RunSourceField } from "./block-fields";
import { useBlockRuns, useNotebookProject } from "./use-block-runs";

/** Reads a block's attributes with the defaults filled in (a script may have written only some). */
export function chartAttrs(attrs: Record<string, unknown>): MetricChartAttrs {
  const a = { ...METRIC_CHART_DEFAULTS, ...attrs };
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
  return {
    ...a,
    runs: strings(a.runs),
    keys: strings(a.keys),
    filter: typeof a.filter === "string" ? a.filter : "",
    xAxis: chartXAxes.includes(a.xAxis) ? a.xAxis : "step",
    smoothing: chartSmoothings.includes(a.smoothing) ? a.smoothing : "none",
    smoothingValue: Number.isFinite(Number(a.smoothingValue)) ? Number(a.smoothingValue) : METRIC_CHART_DEFAULTS.smoothingValue,
    logY: a.logY === true,
    mode: a.mode === "frozen" && typeof a.frozenAt === "string" && !Number.isNaN(Date.parse(a.frozenAt)) ? "frozen" : "live",
    title: typeof a.title === "string" ? a.title : "",
  };
}

/** The chart library's smoothing for a block's two smoothing attributes. */
export function blockSmoothing(kind: ChartSmoothing, value: number): Smoothing {
  if (kind === "ema") return { kind: "ema", weight: Math.min(Math.max(value, 0), MAX_EMA_WEIGHT) };
  if (kind === "movingAverage") return { kind: "moving-average", window: Math.min(Math.max(Math.round(value), 1), MAX_WINDOW), align: "trailing" };
  return { kind: "none" };
}

const xAxisLabels: Record<MetricChartAttrs["xAxis"], string> = { step: "Step", wall: "Wall time", relative: "Relative time" };
const smoothingLabels: Record<ChartSmoothing, string> = { none: "No smoothing", ema: "EMA", movingAverage: "Moving average" };

function formatFrozenAt(iso: string): string {
  return new Date(iso).toLocaleString("en", { dateStyle: "medium", timeStyle: "short" });
}

/**
 * A `metricChart` block: one panel per metric key for the block's runs, streaming live or
 * frozen at a time. Nothing loads until the block nears the screen, so a long page of charts
 * opens quickly and never holds more plots than are in view.
 */
export function MetricChartView({ node, updateAttributes, editor, selected }: NodeViewProps) {
  const attrs = chartAttrs(node.attrs);
  const editable = editor.isEditable;
  const box = useRef<HTMLDivElement>(null);
  const near = useInView(box, "600px");
  const [settingsOpen, setSettingsOpen] = useState(false);
  const configured = attrs.keys.length > 0 && (attrs.filter.trim() !== "" || attrs.runs.length > 0);
  const { runs, total, error, reload } = useBlockRuns({ runs: attrs.runs, filter: attrs.filter, enabled: near && configured });
  const { workspace, project } = useNotebookProject();
  const frozen = attrs.mode === "frozen" ? attrs.frozenAt : null;

  const panelRuns = useMemo<PanelRun[]>(() => (runs ?? []).map((run) => ({ id: run.id, label: run.name, startedAt: Date.parse(run.startedAt) })), [runs]);
  const settings = useMemo(() => ({ xAxis: attrs.xAxis, smoothing: blockSmoothing(attrs.smoothing, attrs.smoothingValue) }), [attrs.xAxis, attrs.smoothing, attrs.smoothingValue]);
  const compareHref = runs && runs.length > 0 ? `/${workspace}/${project}/compare?runs=${runs.map((r) => r.id).join(",")}` : null;

  return (
    <NodeViewWrapper
      ref={box}
      className={cn("notebook-block my-4 rounded-xl border bg-card", selected && "ring-2 ring-ring/60")}
      data-testid="metric-chart-block"
      data-mode={attrs.mode}
      contentEditable={false}
    >
      <header className="flex flex-wrap items-center gap-2 border-b px-3 py-2" data-drag-handle>
        <ChartLineIcon className="size-4 text-muted-foreground" />
        <span className="min-w-0 flex-1 truncate text-sm font-medium">{attrs.title || (attrs.keys.length > 0 ? attrs.keys.join(", ") : "Chart")}</span>
        {frozen ? (
          <span className="rounded-md bg-muted px-2 py-0.5 text-[11px] text-muted-foreground" data-testid="chart-frozen" title={`Shows only what was logged up to ${frozen}`}>
            Frozen at {formatFrozenAt(frozen)}
          </span>
        ) : configured ? (
          <span className="inline-flex items-center gap-1 rounded-md bg-emerald-500/10 px-2 py-0.5 text-[11px] text-emerald-700 dark:text-emerald-400">
            <span className="size-1.5 animate-pulse rounded-full bg-current" />
            Live
          </span>
        ) : null}
        {runs && runs.length > 0 ? (
          <span className="text-[11px] text-muted-foreground tabular-nums">
            {runs.length}
            {total > runs.length ? ` of ${total}` : ""} {runs.length === 1 ? "run" : "runs"}
          </span>
        ) : null}
        {compareHref ? (
          <Button asChild variant="ghost" size="sm" className="h-7 px-2 text-xs">
            <Link href={compareHref} title="Open these runs in the compare view">
              <ExternalLinkIcon className="size-3.5" />
              Compare
            </Link>
          </Button>
        ) : null}
        {editable && configured ? (
          <Button
            variant="ghost"
            size="sm"
            className="h-7 px-2 text-xs"
            title={frozen ? "Stream new points again" : "Keep showing only what has been logged until now"}
            onClick={() => updateAttributes(frozen ? { mode: "live", frozenAt: null } : { mode: "frozen", frozenAt: new Date().toISOString() })}
          >
            {frozen ? <PlayIcon className="size-3.5" /> : <PauseIcon className="size-3.5" />}
            {frozen ? "Make live" : "Freeze"}
          </Button>
        ) : null}
        {editable ? (
          <Button variant="ghost" size="sm" className="h-7 px-2 text-xs" onClick={() => setSettingsOpen(true)} aria-label="Chart settings">
            <Settings2Icon className="size-3.5" />
            Edit
          </Button>
        ) : null}
      </header>
      <div className="p-3">
        {!configured ? (
          <div className="flex flex-col items-center gap-2 py-8 text-center text-sm text-muted-foreground">
            <p>{editable ? "Choose the runs and the metrics this chart shows." : "This chart has no runs or metrics yet."}</p>
            {editable ? (
              <Button size="sm" variant="outline" onClick={() => setSettingsOpen(true)}>
                Set up chart
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
          <div className="flex h-40 items-center justify-center" aria-busy>
            <Spinner className="size-5 text-muted-foreground" />
          </div>
        ) : runs.length === 0 ? (
          <p className="py-8 text-center text-sm text-muted-foreground">{attrs.filter ? "No run matches this chart's filter yet." : "The picked runs are gone."}</p>
        ) : (
          <div className={cn("grid gap-3", attrs.keys.length > 1 && "md:grid-cols-2")}>
            {attrs.keys.map((key) => (
              <MetricPanel
                key={key}
                metricKey={key}
                runs={panelRuns}
                settings={settings}
                live={!frozen}
                until={frozen}
                logY={attrs.logY}
                onLogYChange={editable ? (logY) => updateAttributes({ logY }) : undefined}
                height={attrs.keys.length > 1 ? 220 : 280}
                className="border-0 bg-transparent p-0"
              />
            ))}
          </div>
        )}
        {configured ? (
          <p className="mt-2 text-[11px] text-muted-foreground">
            {xAxisLabels[attrs.xAxis]} · {smoothingLabels[attrs.smoothing]}
            {attrs.smoothing === "ema" ? ` ${attrs.smoothingValue}` : attrs.smoothing === "movingAverage" ? ` over ${Math.round(attrs.smoothingValue)} points` : ""}
            {attrs.logY ? " · log y" : ""}
            {attrs.filter ? (
              <>
                {" · "}
                <span className="font-mono">{attrs.filter}</span>
              </>
            ) : null}
          </p>
        ) : null}
      </div>
      {settingsOpen ? <ChartSettingsDialog attrs={attrs} onClose={() => setSettingsOpen(false)} onSave={(next) => updateAttributes(next)} /> : null}
    </NodeViewWrapper>
  );
}

function ChartSettingsDialog({ attrs, onClose, onSave }: { attrs: MetricChartAttrs; onClose: () => void; onSave: (next: Partial<MetricChartAttrs>) => void }) {
  const [draft, setDraft] = useState(attrs);
  const { workspace, project } = useNotebookProject();
  const { keys, loading, error, discover } = useMetricKeys(`${encodeURIComponent(workspace)}/${encodeURIComponent(project)}`, draft.keys);
  useEffect(discover, [discover]);
  const set = (patch: Partial<MetricChartAttrs>) => setDraft((d) => ({ ...d, ...patch }));
  const ready = draft.keys.length > 0 && (draft.filter.trim() !== "" || draft.runs.length > 0);

  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent className="max-h-[90vh] overflow-y-auto sm:max-w-xl">
        <DialogHeader>
          <DialogTitle>Chart</DialogTitle>
          <DialogDescription>Everyone on the page sees these settings change.</DialogDescription>
        </DialogHeader>
        <form
          className="space-y-4"
          onSubmit={(event) => {
            event.preventDefault();
            onSave({ ...draft, filter: draft.filter.trim(), title: draft.title.trim() });
            onClose();
          }}
        >
          <div className="space-y-1">
            <Label htmlFor="chart-title">Caption</Label>
            <Input id="chart-title" value={draft.title} onChange={(e) => set({ title: e.target.value })} placeholder="Optional" maxLength={200} />
          </div>
          <RunSourceField value={{ runs: draft.runs, filter: draft.filter }} onChange={(source) => set(source)} />
          <ChecklistField label="Metrics" options={keys} chosen={draft.keys} onChange={(next) => set({ keys: next.slice(0, 12) })} loading={loading} error={error} placeholder="Search metric keys" empty="No run of this project has logged a metric yet." />
          <div className="grid gap-3 sm:grid-cols-3">
            <div className="space-y-1">
              <Label>X axis</Label>
              <Select value={draft.xAxis} onValueChange={(value) => set({ xAxis: value as MetricChartAttrs["xAxis"] })}>
                <SelectTrigger size="sm" className="w-full text-xs" aria-label="X axis">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {chartXAxes.map((mode) => (
                    <SelectItem key={mode} value={mode} className="text-xs">
                      {xAxisLabels[mode]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="space-y-1">
              <Label>Smoothing</Label>
              <Select
                value={draft.smoothing}
                onValueChange={(value) => set({ smoothing: value as ChartSmoothing, smoothingValue: value === "movingAverage" ? 10 : value === "ema" ? 0.6 : draft.smoothingValue })}
              >
                <SelectTrigger size="sm" className="w-full text-xs" aria-label="Smoothing">
                  <SelectValue />
                </SelectTrigger>
                <SelectContent>
                  {chartSmoothings.map((kind) => (
                    <SelectItem key={kind} value={kind} className="text-xs">
                      {smoothingLabels[kind]}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <div className="space-y-1">
              <Label htmlFor="chart-smoothing-value">{draft.smoothing === "movingAverage" ? "Window (points)" : "EMA weight"}</Label>
              <Input
                id="chart-smoothing-value"
                type="number"
                className="h-8 text-xs"
                disabled={draft.smoothing === "none"}
                min={draft.smoothing === "movingAverage" ? 1 : 0}
                max={draft.smoothing === "movingAverage" ? MAX_WINDOW : MAX_EMA_WEIGHT}
                step={draft.smoothing === "movingAverage" ? 1 : 0.05}
                value={draft.smoothingValue}
                onChange={(e) => set({ smoothingValue: Number(e.target.value) })}
              />
            </div>
          </div>
          <label className="flex items-center gap-2 text-sm">
            <input type="checkbox" checked={draft.logY} onChange={(e) => set({ logY: e.target.checked })} />
            Logarithmic y axis
          </label>
          <DialogFooter>
            <Button type="button" variant="ghost" onClick={onClose}>
              Cancel
            </Button>
            <Button type="submit" disabled={!ready} title={ready ? undefined : "Choose at least one run (or a filter) and one metric"}>
              Save
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
