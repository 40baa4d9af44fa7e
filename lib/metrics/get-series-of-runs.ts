import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getMetricSeries, metricSeriesQuery, type MetricSeries } from "./get-metric-series";
import { metricKey } from "./metric-input";

/** Most runs one request may ask for. */
export const MAX_SERIES_RUNS = 200;
/** Series read at once: enough to keep a Postgres pool busy, few enough to be fair to others. */
const CONCURRENCY = 4;

export const seriesOfRunsQuery = z.intersection(
  metricSeriesQuery,
  z.object({
    key: metricKey,
    runs: z
      .string()
      .min(1, "must list at least one run id")
      .transform((s) => [...new Set(s.split(",").map((id) => id.trim()).filter(Boolean))])
      .refine((ids) => ids.length <= MAX_SERIES_RUNS, { message: `must list at most ${MAX_SERIES_RUNS} run ids` }),
  }),
);
export type SeriesOfRunsQuery = z.infer<typeof seriesOfRunsQuery>;

/**
 * One key of many runs (a comparison chart) in one answer, each series as `getMetricSeries`
 * returns it. Runs that did not log the key are left out; the caller has already filtered
 * the runs down to those it may read.
 */
export async function getSeriesOfRuns(db: Db, input: SeriesOfRunsQuery): Promise<Record<string, MetricSeries>> {
  const series: Record<string, MetricSeries> = {};
  const queue = [...input.runs];
  const worker = async () => {
    for (let runId = queue.shift(); runId !== undefined; runId = queue.shift()) {
      try {
        series[runId] = await getMetricSeries(db, { maxPoints: input.maxPoints, fromStep: input.fromStep, toStep: input.toStep, until: input.until, runId, key: input.key });
      } catch (error) {
        if (!(error instanceof AppError && error.code === "not_found")) throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  // Answer in the order asked, whatever order the reads finished in.
  return Object.fromEntries(input.runs.filter((id) => series[id]).map((id) => [id, series[id] as MetricSeries]));
}
