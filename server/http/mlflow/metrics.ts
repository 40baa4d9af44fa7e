import { Hono } from "hono";
import { z } from "zod";
import { authorizeMlflowRun } from "@/lib/mlflow/authorize-mlflow-run";
import { getMetricHistory } from "@/lib/mlflow/get-metric-history";
import type { HttpEnv } from "../context";
import { int64, mlflowCaller, readMlflowRequest, requiredString } from "./request";

const historyInput = z.object({ run_id: requiredString, metric_key: requiredString, max_results: int64.optional(), page_token: z.string().optional() });

/** MLflow metric history: every point of a run's metric, for viewers and above. */
export const metricRoutes = new Hono<HttpEnv>().on(["GET", "POST"], "/metrics/get-history", async (c) => {
  const caller = await mlflowCaller(c);
  const input = await readMlflowRequest(c, historyInput);
  const db = c.var.services.database.db;
  const { run } = await authorizeMlflowRun(db, { userId: caller.user.id, runId: input.run_id, min: "viewer" });
  const { metrics, nextPageToken } = await getMetricHistory(db, { runId: run.id, key: input.metric_key, maxResults: input.max_results, pageToken: input.page_token });
  return c.json({ ...(metrics.length > 0 && { metrics }), ...(nextPageToken && { next_page_token: nextPageToken }) });
});
