import type { MetricSummary, RunStatus } from "@/app/_lib/runs";

/** A run as the compare page uses it: identity, params, and a summary per metric key. */
export interface CompareRun {
  id: string;
  name: string;
  status: RunStatus;
  startedAt: string;
  params: Record<string, unknown>;
  metrics: MetricSummary[];
}

/** The most runs one compare page takes; the rest of a longer list is left out (and said so). */
export const MAX_COMPARE_RUNS = 500;
