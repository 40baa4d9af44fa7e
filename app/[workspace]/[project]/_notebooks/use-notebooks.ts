"use client";

import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/app/_lib/api";

/** A notebook as `GET /api/v1/projects/:workspace/:project/notebooks` lists it. */
export interface NotebookItem {
  id: string;
  title: string;
  path: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export type NotebooksState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; notebooks: NotebookItem[] };

/** The project's notebooks, or its deleted ones; `reload` fetches again after a change. */
export function useNotebooks(project: string, deleted: boolean): { state: NotebooksState; reload: () => void } {
  const [state, setState] = useState<NotebooksState>({ kind: "loading" });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => (s.kind === "ready" ? s : { kind: "loading" }));
    api<{ notebooks: NotebookItem[] }>(`/projects/${project}/notebooks${deleted ? "?deleted=true" : ""}`)
      .then(({ notebooks }) => current && setState({ kind: "ready", notebooks }))
      .catch((error: unknown) => current && setState({ kind: "error", message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, [project, deleted, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { state, reload };
}

/** Notebooks whose title contains every word of `query`, ignoring case and accents. */
export function searchNotebooks(notebooks: readonly NotebookItem[], query: string): NotebookItem[] {
  const fold = (s: string) => s.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...notebooks];
  return notebooks.filter((n) => {
    const title = fold(n.title);
    return words.every((w) => title.includes(w));
  });
}
