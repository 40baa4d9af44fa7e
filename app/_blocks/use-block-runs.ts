"use client";

import { useParams } from "next/navigation";
import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/app/_lib/api";
import type { RunSummary, RunsPage } from "@/app/_lib/runs";

/** Runs a filter may bring into one block; the compare view takes more. */
export const MAX_BLOCK_RUNS = 100;

/** The workspace and project of the notebook page a block sits on, from its URL. */
export function useNotebookProject(): { workspace: string; project: string } {
  const params = useParams<{ workspace: string; project: string }>();
  return { workspace: params.workspace, project: params.project };
}

export interface BlockRunsQuery {
  /** Runs picked by hand; used when `filter` is empty. */
  runs: readonly string[];
  filter: string;
  sort?: string;
  limit?: number;
  /** Metric keys whose summaries each run should carry. */
  metrics?: readonly string[];
  /** False until the block is near the screen: off-screen blocks fetch nothing. */
  enabled: boolean;
}

export interface BlockRuns {
  /** null while loading (or not yet enabled). */
  runs: RunSummary[] | null;
  /** How many runs the filter matches in all (may exceed what is shown). */
  total: number;
  error: string | null;
  reload: () => void;
}

/** The runs a notebook block shows: its filter's matches in the notebook's project, or its picked runs. */
export function useBlockRuns({ runs, filter, sort = "-created", limit = MAX_BLOCK_RUNS, metrics = [], enabled }: BlockRunsQuery): BlockRuns {
  const { workspace, project } = useNotebookProject();
  const [state, setState] = useState<{ runs: RunSummary[] | null; total: number; error: string | null }>({ runs: null, total: 0, error: null });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const picked = runs.join(",");
  const keys = metrics.join(",");

  useEffect(() => {
    if (!enabled) return;
    const text = filter.trim();
    if (!text && !picked) {
      setState({ runs: [], total: 0, error: null });
      return;
    }
    let current = true;
    const query = new URLSearchParams({ sort, limit: String(Math.min(Math.max(limit, 1), MAX_BLOCK_RUNS)) });
    if (text) query.set("filter", text);
    else query.set("ids", picked);
    if (keys) query.set("metrics", keys);
    api<RunsPage>(`/projects/${encodeURIComponent(workspace)}/${encodeURIComponent(project)}/runs?${query}`).then(
      (page) => current && setState({ runs: page.runs, total: page.total, error: null }),
      (error: unknown) => current && setState({ runs: null, total: 0, error: errorMessage(error) }),
    );
    return () => {
      current = false;
    };
  }, [enabled, filter, picked, sort, limit, keys, workspace, project, attempt]);

  return { ...state, reload };
}
