"use client";

import { useCallback, useMemo, useRef, useState } from "react";
import { api } from "@/app/_lib/api";

/**
 * Metric keys to offer as columns: every key the project's runs logged, asked of the API when
 * the menu first opens (and again after a failure), plus the columns already chosen.
 */
export function useMetricKeys(project: string, chosen: readonly string[]) {
  const [projectKeys, setProjectKeys] = useState<readonly string[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const loaded = useRef(false);

  const discover = useCallback(() => {
    if (loaded.current) return;
    loaded.current = true;
    setLoading(true);
    setError(null);
    api<{ keys: string[]; truncated: boolean }>(`/projects/${project}/metric-keys`)
      .then((answer) => setProjectKeys(answer.keys))
      .catch((failure: unknown) => {
        loaded.current = false;
        setError(failure instanceof Error ? failure.message : "The metric keys could not be loaded.");
      })
      .finally(() => setLoading(false));
  }, [project]);

  const keys = useMemo(() => [...new Set([...projectKeys, ...chosen])].sort((a, b) => a.localeCompare(b)), [projectKeys, chosen]);
  return { keys, loading, error, discover };
}
