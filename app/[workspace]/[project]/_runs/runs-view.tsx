"use client";

import { FilterXIcon, GitCompareArrowsIcon, RotateCwIcon, TriangleAlertIcon } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { EmptyState } from "@/app/_components/empty-state";
import { Spinner } from "@/app/_components/spinner";
import { Alert, AlertDescription, AlertTitle } from "@/app/_components/ui/alert";
import { Button } from "@/app/_components/ui/button";
import { Skeleton } from "@/app/_components/ui/skeleton";
import type { RunsPage } from "@/app/_lib/runs";
import { useLocalStorage } from "@/app/_lib/use-local-storage";
import { ColumnsMenu } from "./columns-menu";
import { defaultColumnIds, metricKeysOf, paramPathsOf, parseColumns, parseStoredColumns } from "./run-columns";
import { RunsFilter } from "./runs-filter";
import { nextSort, RunsTable } from "./runs-table";
import { useMetricKeys } from "./use-metric-keys";
import { useRuns } from "./use-runs";

/** Keeps the filter and sort in the address, so a link shows the same runs; other params stay. */
function useQueryInUrl(filter: string, sort: string) {
  useEffect(() => {
    const url = new URL(window.location.href);
    for (const [name, value] of [
      ["filter", filter],
      ["sort", sort],
    ] as const) {
      if (value) url.searchParams.set(name, value);
      else url.searchParams.delete(name);
    }
    if (url.href !== window.location.href) window.history.replaceState(window.history.state, "", url);
  }, [filter, sort]);
}

/**
 * The Runs tab: filter, sort, columns, selection for comparing, and the virtualized table.
 * The first page comes from the server render; everything after goes through the API.
 */
export function RunsView({
  project,
  initialQuery,
  initialPage,
  initialError,
  empty,
}: {
  /** `<workspace>/<project>`. */
  project: string;
  initialQuery: { filter: string; sort: string };
  initialPage: RunsPage | null;
  initialError: string | null;
  /** What a project without runs shows: how to log the first one. */
  empty: ReactNode;
}) {
  const [draft, setDraft] = useState(initialQuery.filter);
  const [filter, setFilter] = useState(initialQuery.filter);
  const [sort, setSort] = useState(initialQuery.sort);
  const [selected, setSelected] = useState<ReadonlySet<string>>(() => new Set());
  const [storedColumns, setStoredColumns] = useLocalStorage(`labbook:runs-columns:${project}`);
  useQueryInUrl(filter, sort);

  const chosenIds = useMemo(() => parseStoredColumns(storedColumns), [storedColumns]);
  const chosenMetricKeys = useMemo(() => metricKeysOf(parseColumns(chosenIds ?? [])), [chosenIds]);
  const query = useMemo(() => ({ filter, sort, metrics: chosenMetricKeys }), [filter, sort, chosenMetricKeys]);
  const initial = useMemo(() => ({ query: { ...initialQuery, metrics: [] }, page: initialPage, error: initialError }), [initialQuery, initialPage, initialError]);
  const { runs, total, hasMore, pending, loadingMore, queryError, error, loadMore, retry } = useRuns({ project, query, initial });

  const paramPaths = useMemo(() => paramPathsOf(runs), [runs]);
  const columnIds = useMemo(() => chosenIds ?? defaultColumnIds(paramPaths), [chosenIds, paramPaths]);
  const columns = useMemo(() => parseColumns(columnIds), [columnIds]);
  const metricKeys = useMetricKeys(project, chosenMetricKeys);

  const applyFilter = useCallback((next: string) => setFilter(next), []);
  const clearFilter = () => {
    setDraft("");
    setFilter("");
  };
  const onSort = useCallback((key: string) => setSort((current) => nextSort(current, key)), []);
  const onSelect = useCallback((id: string, on: boolean) => {
    setSelected((prev) => {
      const next = new Set(prev);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  }, []);
  const onSelectAll = useCallback((on: boolean) => setSelected(on ? new Set(runs.map((r) => r.id)) : new Set()), [runs]);

  if (total === 0 && !filter && !pending && !queryError && !error) return empty;

  const compareIds = [...selected];
  const compareHref = `/${project}/compare?runs=${compareIds.map(encodeURIComponent).join(",")}`;

  let body: ReactNode;
  if (error) {
    body = (
      <Alert variant="destructive">
        <TriangleAlertIcon />
        <AlertTitle>Runs could not be loaded</AlertTitle>
        <AlertDescription>
          <p>{error}</p>
          <Button variant="outline" size="sm" className="mt-2" onClick={retry}>
            <RotateCwIcon />
            Try again
          </Button>
        </AlertDescription>
      </Alert>
    );
  } else if (runs.length === 0 && pending) {
    body = <RunsSkeleton />;
  } else if (runs.length === 0) {
    body = (
      <EmptyState
        icon={FilterXIcon}
        title={queryError ? "Fix the filter to see runs" : "No runs match this filter"}
        action={
          <Button variant="outline" size="sm" onClick={clearFilter}>
            Clear filter
          </Button>
        }
      >
        {queryError ? "The filter above could not be read." : "None of this project's runs satisfy the filter."}
      </EmptyState>
    );
  } else {
    body = (
      <RunsTable
        project={project}
        runs={runs}
        columns={columns}
        sort={sort}
        onSort={onSort}
        selected={selected}
        onSelect={onSelect}
        onSelectAll={onSelectAll}
        hasMore={hasMore}
        onEndReached={loadMore}
        stale={pending}
        footer={
          <div className="flex items-center justify-between gap-3 border-t px-4 py-2 text-xs text-muted-foreground">
            <span data-testid="runs-count">
              {runs.length === total ? `${total.toLocaleString("en")} ${total === 1 ? "run" : "runs"}` : `${runs.length.toLocaleString("en")} of ${total.toLocaleString("en")} runs`}
              {filter && !queryError ? " matching the filter" : ""}
            </span>
            {hasMore ? (
              <Button variant="ghost" size="sm" className="h-7 text-xs" onClick={loadMore} disabled={loadingMore}>
                {loadingMore ? <Spinner className="size-3" /> : null}
                Load more
              </Button>
            ) : null}
          </div>
        }
      />
    );
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start">
        <RunsFilter draft={draft} onDraftChange={setDraft} onApply={applyFilter} error={queryError} pending={pending} />
        <div className="flex shrink-0 items-center gap-2">
          <ColumnsMenu
            paramPaths={paramPaths}
            metricKeys={metricKeys.keys}
            metricKeysLoading={metricKeys.loading}
            metricKeysError={metricKeys.error}
            selected={columnIds}
            onChange={(ids) => setStoredColumns(JSON.stringify(ids))}
            onReset={() => setStoredColumns(null)}
            onOpen={metricKeys.discover}
          />
          {compareIds.length >= 2 ? (
            <Button asChild size="sm">
              {/* No prefetch: every change of selection would fetch another comparison. */}
              <Link href={compareHref} prefetch={false}>
                <GitCompareArrowsIcon />
                Compare ({compareIds.length})
              </Link>
            </Button>
          ) : (
            <Button size="sm" variant="outline" disabled title="Select two or more runs to compare them">
              <GitCompareArrowsIcon />
              {compareIds.length === 0 ? "Compare" : `Compare (${compareIds.length})`}
            </Button>
          )}
        </div>
      </div>
      {body}
    </div>
  );
}

function RunsSkeleton() {
  return (
    <div className="overflow-hidden rounded-xl border bg-card" aria-busy aria-label="Loading runs">
      <div className="flex h-10 items-center gap-6 border-b px-4">
        {[16, 56, 120, 72, 64].map((w, i) => (
          <Skeleton key={i} className="h-3" style={{ width: w }} />
        ))}
      </div>
      {Array.from({ length: 8 }, (_, i) => (
        <div key={i} className="flex h-[41px] items-center gap-6 border-b px-4 last:border-0">
          <Skeleton className="size-4" />
          <Skeleton className="h-5 w-16" />
          <Skeleton className="h-4 w-48" />
          <Skeleton className="h-4 w-20" />
          <Skeleton className="h-4 w-16" />
        </div>
      ))}
    </div>
  );
}
