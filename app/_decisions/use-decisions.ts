"use client";

import { useCallback, useEffect, useState } from "react";
import { api, errorMessage } from "@/app/_lib/api";
import type { DecisionItem } from "./decision-types";

export type DecisionsState = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; decisions: DecisionItem[] };

/**
 * Decisions from `path` (`/projects/<ws>/<p>/decisions?…` or `/runs/<id>/decisions`); a new
 * path keeps showing the previous list until its answer arrives. `reload` fetches again.
 */
export function useDecisions(path: string): { state: DecisionsState; reload: () => void } {
  const [state, setState] = useState<DecisionsState>({ kind: "loading" });
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => (s.kind === "ready" ? s : { kind: "loading" }));
    api<{ decisions: DecisionItem[] }>(path)
      .then(({ decisions }) => current && setState({ kind: "ready", decisions }))
      .catch((error: unknown) => current && setState({ kind: "error", message: errorMessage(error) }));
    return () => {
      current = false;
    };
  }, [path, version]);
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  return { state, reload };
}
