import type { MetricSummary, RunStatus } from "@/app/_lib/runs";
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from "@/lib/protocol/live";

/** A run as the compare page uses it: identity, params, and a summary per metric key. */
export interface CompareRun {
  id: string;
  name: string;
  status: RunStatus;
  startedAt: string;
  params: Record<string, unknown>;
  metrics: MetricSummary[];
}

/**
 * The most runs one compare page takes (the rest of a longer list is left out, and said
 * so): as many as one live connection may follow, so every curve on the page streams.
 */
export const MAX_COMPARE_RUNS = MAX_SUBSCRIPTIONS_PER_CONNECTION;
