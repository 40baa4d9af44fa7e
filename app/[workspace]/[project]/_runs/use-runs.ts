"use client";

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from "react";
import { api, ApiError, errorMessage } from "@/app/_lib/api";
import { isLive, type RunSummary, type RunsPage } from "@/app/_lib/runs";

/** Runs per request: the API's maximum, since the table virtualizes and a thousand rows cost little. */
const PAGE_SIZE = 1000;
/** How often the loaded page is re-read while runs are live, so statuses (crashed too) stay current. */
const POLL_MS = 10_000;
/** An empty project is re-read more often (an almost free query) so the first run shows up promptly. */
const EMPTY_POLL_MS = 2_000;

export interface RunsQuery {
  filter: string;
  sort: string;
  /** Metric keys whose summaries the columns show. */
  metrics: readonly string[];
}

interface Loaded extends RunsPage {
  /** The query these runs answer. */
  key: string;
}

function queryKey(query: RunsQuery): string {
  return JSON.stringify([query.filter, query.sort, query.metrics]);
}

function fetchRuns(project: string, query: RunsQuery, page: { limit: number; cursor?: string }): Promise<RunsPage> {
  const params = new URLSearchParams({ limit: String(page.limit) });
  if (query.filter) params.set("filter", query.filter);
  if (query.sort) params.set("sort", query.sort);
  if (query.metrics.length > 0) params.set("metrics", query.metrics.join(","));
  if (page.cursor) params.set("cursor", page.cursor);
  return api<RunsPage>(`/projects/${project}/runs?${params}`);
}

/** A 400 names the bad filter or sort ("Invalid filter at character 9: …"); it belongs under the filter box. */
function isQueryError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.status === 400;
}

function byId(runs: readonly RunSummary[]): Set<string> {
  return new Set(runs.map((r) => r.id));
}

/**
 * A project's runs for a query: the server-rendered first page until the query changes, then
 * pages from the API; more pages on demand; and while any run is live (or the project is
 * still empty) the loaded rows are re-read every ten seconds.
 */
export function useRuns({
  project,
  query,
  initial,
}: {
  project: string;
  query: RunsQuery;
  initial: { query: RunsQuery; page: RunsPage | null; error: string | null };
}) {
  const key = queryKey(query);
  const [loaded, setLoaded] = useState<Loaded>(() => ({ ...(initial.page ?? { runs: [], nextCursor: null, total: 0 }), key: queryKey(initial.query) }));
  const [queryError, setQueryError] = useState<string | null>(initial.error);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const [loadingMore, setLoadingMore] = useState(false);
  const [reloads, setReloads] = useState(0);
  // The query of the last answer, rows or error: while it differs from `key`, a fetch is on its way.
  const [answered, setAnswered] = useState(loaded.key);
  // Bumped by every request that replaces or extends the rows; older answers are dropped.
  const generation = useRef(0);
  // For callbacks and timers. A layout effect, so it is current before any passive effect
  // of the same commit runs (the table's scroll effect calls loadMore from a child).
  const latest = useRef({ loaded, query, answered });
  useLayoutEffect(() => {
    latest.current = { loaded, query, answered };
  });

  useEffect(() => {
    if (key === latest.current.answered && reloads === 0) return;
    const mine = ++generation.current;
    setPending(true);
    fetchRuns(project, latest.current.query, { limit: PAGE_SIZE }).then(
      (page) => {
        if (mine !== generation.current) return;
        setAnswered(key);
        setLoaded({ ...page, key });
        setQueryError(null);
        setError(null);
        setPending(false);
      },
      (caught: unknown) => {
        if (mine !== generation.current) return;
        setAnswered(key);
        if (isQueryError(caught)) {
          setQueryError(caught.message);
          setError(null);
        } else {
          setError(errorMessage(caught));
        }
        setPending(false);
      },
    );
  }, [project, key, reloads]);

  // Set synchronously: two callers in one commit (scroll and fill-up) must not both fetch.
  const fetchingMore = useRef(false);
  const loadMore = useCallback(() => {
    const { loaded: current, query: q } = latest.current;
    if (fetchingMore.current || !current.nextCursor || current.key !== queryKey(q)) return;
    fetchingMore.current = true;
    const mine = ++generation.current;
    setLoadingMore(true);
    fetchRuns(project, q, { limit: PAGE_SIZE, cursor: current.nextCursor })
      .then(
        (page) => {
          if (mine !== generation.current) return;
          setLoaded((prev) => {
            const seen = byId(prev.runs);
            return { ...prev, runs: [...prev.runs, ...page.runs.filter((r) => !seen.has(r.id))], nextCursor: page.nextCursor, total: page.total };
          });
        },
        (caught: unknown) => {
          if (mine === generation.current) setError(errorMessage(caught));
        },
      )
      .finally(() => {
        fetchingMore.current = false;
        setLoadingMore(false);
      });
  }, [project]);

  // The server renders a short first page; the rest of a full page follows straight away.
  const short = loaded.runs.length < PAGE_SIZE && loaded.nextCursor !== null;
  useEffect(() => {
    if (short) loadMore();
  }, [short, loadMore]);

  const empty = loaded.total === 0 && query.filter === "";
  const live = empty || loaded.runs.some((r) => isLive(r));
  useEffect(() => {
    if (!live) return;
    const timer = setInterval(() => {
      const { loaded: current, query: q } = latest.current;
      if (document.visibilityState !== "visible" || current.key !== queryKey(q)) return;
      const mine = generation.current;
      const limit = Math.min(PAGE_SIZE, Math.max(current.runs.length, 1));
      fetchRuns(project, q, { limit }).then(
        (page) => {
          if (mine !== generation.current) return;
          setLoaded((prev) => {
            // Rows past the re-read window keep their last known state until scrolled to again.
            const fresh = byId(page.runs);
            const rest = prev.runs.slice(limit).filter((r) => !fresh.has(r.id));
            return { ...prev, runs: [...page.runs, ...rest], total: page.total, nextCursor: prev.runs.length > limit ? prev.nextCursor : page.nextCursor };
          });
        },
        // A failed poll changes nothing on screen; the next tick tries again.
        () => {},
      );
    }, empty ? EMPTY_POLL_MS : POLL_MS);
    return () => clearInterval(timer);
  }, [live, empty, project]);

  const retry = useCallback(() => {
    setError(null);
    setReloads((n) => n + 1);
  }, []);

  return {
    runs: loaded.runs,
    total: loaded.total,
    hasMore: loaded.nextCursor !== null,
    /** True while the rows shown answer an older query. */
    pending: pending || answered !== key,
    loadingMore,
    queryError,
    error,
    loadMore,
    retry,
  };
}
