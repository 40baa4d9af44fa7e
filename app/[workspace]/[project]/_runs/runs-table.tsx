"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { ArrowDownIcon, ArrowUpIcon, ChevronsUpDownIcon } from "lucide-react";
import Link from "next/link";
import { memo, useEffect, useRef, type ReactNode } from "react";
import { RelativeTime } from "@/app/_components/relative-time";
import { RunDuration } from "@/app/_components/run-duration";
import { RunStatusBadge } from "@/app/_components/run-status-badge";
import { Checkbox } from "@/app/_components/ui/checkbox";
import { TableCell, TableHead, TableRow } from "@/app/_components/ui/table";
import { cn } from "@/app/_lib/cn";
import { formatMetricValue, formatParamCell, formatParamValue, paramAt, runHref, type RunSummary } from "@/app/_lib/runs";
import { columnLabel, type RunColumn } from "./run-columns";

/** Every row is one line, so rows have one height and never need measuring. */
const ROW_HEIGHT = 41;
/** Rows fetched ahead: the next page loads once the last rendered row is this close to the end. */
const LOAD_AHEAD = 30;

/** Built-in columns with their API sort key (null: not sortable) and width in pixels; the first stays in view when scrolling sideways. */
const fixedColumns = [
  { id: "name", label: "Name", sort: "name", width: 260 },
  { id: "status", label: "Status", sort: "status", width: 112 },
  { id: "author", label: "Author", sort: null, width: 132 },
  { id: "started", label: "Started", sort: "started", width: 128 },
  { id: "duration", label: "Duration", sort: "duration", width: 96 },
] as const;
const SELECT_WIDTH = 44;
const CUSTOM_WIDTH = 136;
/** The checkbox and name columns stay put when the table scrolls sideways to the param and metric columns. */
const stickySelect = "sticky left-0 z-[1] bg-inherit";
const stickyName = "sticky left-11 z-[1] bg-inherit shadow-[inset_-1px_0_0_var(--border)]";

/** The sort after clicking a column: ascending, then descending, then back to newest first. */
export function nextSort(current: string, key: string): string {
  if (current === key) return `-${key}`;
  if (current === `-${key}`) return "";
  return key;
}

/**
 * The runs table. Only the rows in view (and a margin) are in the DOM, so a thousand runs
 * render as fast as thirty; the header stays put while the body scrolls.
 */
export function RunsTable({
  project,
  runs,
  columns,
  sort,
  onSort,
  selected,
  onSelect,
  onSelectAll,
  hasMore,
  onEndReached,
  stale,
  footer,
}: {
  project: string;
  runs: readonly RunSummary[];
  columns: readonly RunColumn[];
  sort: string;
  onSort: (key: string) => void;
  selected: ReadonlySet<string>;
  onSelect: (id: string, on: boolean) => void;
  onSelectAll: (on: boolean) => void;
  hasMore: boolean;
  onEndReached: () => void;
  /** The rows answer an older query while a new one loads. */
  stale: boolean;
  footer?: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: runs.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
    // The server renders the first screenful too, before the scroll box can be measured.
    initialRect: { width: 1100, height: 720 },
    getItemKey: (index) => runs[index]?.id ?? index,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;

  useEffect(() => {
    if (hasMore && lastIndex >= runs.length - LOAD_AHEAD) onEndReached();
  }, [hasMore, lastIndex, runs.length, onEndReached]);

  const selectedHere = runs.reduce((n, r) => n + (selected.has(r.id) ? 1 : 0), 0);
  const allState = selectedHere === 0 ? false : selectedHere === runs.length ? true : "indeterminate";
  const width = SELECT_WIDTH + fixedColumns.reduce((w, c) => w + c.width, 0) + columns.length * CUSTOM_WIDTH;
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = virtualizer.getTotalSize() - (items.at(-1)?.end ?? 0);
  const colSpan = fixedColumns.length + columns.length + 1;

  return (
    <div className="overflow-hidden rounded-xl border bg-card">
      <div
        ref={scrollRef}
        role="region"
        aria-label="Runs"
        className={cn("max-h-[max(24rem,calc(100dvh-20rem))] overflow-auto transition-opacity", stale && "opacity-60")}
      >
        <table className="w-full table-fixed text-sm" style={{ minWidth: width }} aria-rowcount={runs.length + 1}>
          <colgroup>
            <col style={{ width: SELECT_WIDTH }} />
            {fixedColumns.map((c) => (
              <col key={c.id} style={{ width: c.width }} />
            ))}
            {columns.map((c) => (
              <col key={c.id} style={{ width: CUSTOM_WIDTH }} />
            ))}
          </colgroup>
          <thead className="sticky top-0 z-10 shadow-[inset_0_-1px_0_var(--border)]">
            <tr className="bg-card">
              <TableHead className={cn(stickySelect, "pr-0 pl-4")}>
                <Checkbox
                  aria-label="Select all loaded runs"
                  checked={allState}
                  disabled={runs.length === 0}
                  onCheckedChange={(on) => onSelectAll(on === true)}
                />
              </TableHead>
              {fixedColumns.map((c) => (
                <SortableHead key={c.id} label={c.label} sortKey={c.sort} sort={sort} onSort={onSort} className={c.id === "name" ? stickyName : undefined} />
              ))}
              {columns.map((c) => (
                <SortableHead key={c.id} label={columnLabel(c)} sortKey={c.id} sort={sort} onSort={onSort} numeric />
              ))}
            </tr>
          </thead>
          <tbody>
            {paddingTop > 0 ? (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: paddingTop, padding: 0 }} />
              </tr>
            ) : null}
            {items.map((item) => {
              const run = runs[item.index];
              if (!run) return null;
              return (
                <RunRowView
                  key={run.id}
                  index={item.index}
                  project={project}
                  run={run}
                  columns={columns}
                  selected={selected.has(run.id)}
                  onSelect={onSelect}
                />
              );
            })}
            {paddingBottom > 0 ? (
              <tr aria-hidden>
                <td colSpan={colSpan} style={{ height: paddingBottom, padding: 0 }} />
              </tr>
            ) : null}
          </tbody>
        </table>
      </div>
      {footer}
    </div>
  );
}

function SortableHead({
  label,
  sortKey,
  sort,
  onSort,
  numeric,
  className,
}: {
  label: string;
  sortKey: string | null;
  sort: string;
  onSort: (key: string) => void;
  className?: string;
  /** Param and metric columns: right-aligned like their values, in monospace like their keys. */
  numeric?: boolean;
}) {
  if (sortKey === null) return <TableHead className={className}>{label}</TableHead>;
  const direction = sort === sortKey ? "ascending" : sort === `-${sortKey}` ? "descending" : undefined;
  const Icon = direction === "ascending" ? ArrowUpIcon : direction === "descending" ? ArrowDownIcon : ChevronsUpDownIcon;
  return (
    <TableHead aria-sort={direction ?? "none"} className={cn("p-0", className)}>
      <button
        type="button"
        title={`Sort by ${label}`}
        onClick={() => onSort(sortKey)}
        className={cn(
          "group flex h-10 w-full items-center gap-1 px-3 outline-none hover:text-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50 focus-visible:ring-inset",
          numeric && "flex-row-reverse",
          direction && "text-foreground",
        )}
      >
        <span className={cn("min-w-0 truncate", numeric && "font-mono")}>{label}</span>
        <Icon className={cn("size-3.5 shrink-0", !direction && "opacity-0 group-hover:opacity-60 group-focus-visible:opacity-60")} aria-hidden />
      </button>
    </TableHead>
  );
}

const RunRowView = memo(function RunRowView({
  index,
  project,
  run,
  columns,
  selected,
  onSelect,
}: {
  index: number;
  project: string;
  run: RunSummary;
  columns: readonly RunColumn[];
  selected: boolean;
  onSelect: (id: string, on: boolean) => void;
}) {
  return (
    <TableRow
      data-testid="run-row"
      data-run-id={run.id}
      aria-rowindex={index + 2}
      aria-selected={selected}
      // Opaque backgrounds: the sticky cells inherit them and must hide what scrolls beneath.
      className={cn("h-[41px] bg-card hover:bg-muted", selected && "bg-muted")}
    >
      <TableCell className={cn(stickySelect, "py-0 pr-0 pl-4")}>
        <Checkbox aria-label={`Select ${run.name}`} checked={selected} onCheckedChange={(on) => onSelect(run.id, on === true)} />
      </TableCell>
      <TableCell className={cn(stickyName, "py-0")}>
        <div className="flex min-w-0 items-center gap-1.5">
          <Link href={runHref(project, run.id)} prefetch={false} className="min-w-0 truncate font-medium underline-offset-4 hover:underline" title={run.name}>
            {run.name}
          </Link>
          {run.tags.slice(0, 2).map((tag) => (
            <span key={tag} className="shrink-0 rounded border px-1 text-[11px] text-muted-foreground">
              {tag}
            </span>
          ))}
          {run.tags.length > 2 ? <span className="shrink-0 text-[11px] text-muted-foreground">+{run.tags.length - 2}</span> : null}
        </div>
      </TableCell>
      <TableCell className="py-0">
        <RunStatusBadge status={run.status} />
      </TableCell>
      <TableCell className="truncate py-0 text-muted-foreground">{run.author?.name ?? "—"}</TableCell>
      <TableCell className="py-0 text-muted-foreground">
        <RelativeTime date={run.startedAt} />
      </TableCell>
      <TableCell className="py-0 text-muted-foreground">
        <RunDuration run={run} />
      </TableCell>
      {columns.map((c) => {
        const value = c.kind === "param" ? paramAt(run.params, c.path) : run.metrics[c.key]?.[c.agg];
        const text = c.kind === "param" ? formatParamCell(value) : formatMetricValue(value);
        const exact = value === undefined || value === null ? undefined : formatParamValue(value);
        return (
          <TableCell key={c.id} className="truncate py-0 text-right font-mono text-xs tabular-nums" title={exact}>
            {text}
          </TableCell>
        );
      })}
    </TableRow>
  );
});
