import { Hono } from "hono";
import { z } from "zod";
import { authorizeMlflowRun } from "@/lib/mlflow/authorize-mlflow-run";
import { createMlflowRun } from "@/lib/mlflow/create-mlflow-run";
import { deleteRunTag } from "@/lib/mlflow/delete-run-tag";
import { logBatch } from "@/lib/mlflow/log-batch";
import { mlflowRunStatuses, toMlflowRun } from "@/lib/mlflow/run-view";
import { searchRuns } from "@/lib/mlflow/search-runs";
import { viewTypes } from "@/lib/mlflow/search-sql";
import { updateMlflowRun } from "@/lib/mlflow/update-mlflow-run";
import type { MlflowKeyValue, MlflowMetric } from "@/lib/mlflow/validation";
import { deleteRun } from "@/lib/runs/delete-run";
import { restoreRun } from "@/lib/runs/restore-run";
import { getRunView } from "@/lib/runs/get-run";
import { effectiveStatus } from "@/lib/runs/run-status";
import { publishPoints, publishRunStatus } from "../../live/publish";
import type { HttpContext, HttpEnv } from "../context";
import { double, int64, keyValues, maxResults, mlflowCaller, readMlflowRequest, requiredString } from "./request";

const metric = z.object({ key: requiredString, value: double, timestamp: int64, step: int64.default(0) });

const createInput = z.object({
  experiment_id: z.string().optional(),
  run_name: z.string().optional(),
  start_time: int64.optional(),
  tags: keyValues,
});
const runIdInput = z.object({ run_id: requiredString });
const updateInput = z.object({ run_id: requiredString, status: z.enum(mlflowRunStatuses).optional(), end_time: int64.optional(), run_name: z.string().optional() });
const logMetricInput = metric.extend({ run_id: requiredString });
const keyValueInput = z.object({ run_id: requiredString, key: requiredString, value: z.string().default("") });
const deleteTagInput = z.object({ run_id: requiredString, key: requiredString });
const logBatchInput = z.object({ run_id: requiredString, metrics: z.array(metric).default([]), params: keyValues, tags: keyValues });
const searchInput = z.object({
  experiment_ids: z.array(z.string()).default([]),
  filter: z.string().optional(),
  run_view_type: z.enum(viewTypes).default("ACTIVE_ONLY"),
  max_results: maxResults(1000),
  order_by: z.array(z.string()).default([]),
  page_token: z.string().optional(),
});

const db = (c: HttpContext) => c.var.services.database.db;

async function runAccess(c: HttpContext, runId: string, min: "viewer" | "editor") {
  const caller = await mlflowCaller(c);
  return { caller, access: await authorizeMlflowRun(db(c), { userId: caller.user.id, runId, min }) };
}

async function log(c: HttpContext, runId: string, entities: { metrics?: MlflowMetric[]; params?: MlflowKeyValue[]; tags?: MlflowKeyValue[] }) {
  const { access } = await runAccess(c, runId, "editor");
  const { fresh } = await logBatch(c.var.services.database, { access, metrics: entities.metrics ?? [], params: entities.params ?? [], tags: entities.tags ?? [] });
  publishPoints(c.var.services.bus, access.run.id, fresh);
  return c.json({});
}

/** MLflow runs: Labbook runs. Viewers read and search; editors create, log, tag, update, delete and restore. */
export const runRoutes = new Hono<HttpEnv>()
  .post("/runs/create", async (c) => {
    const caller = await mlflowCaller(c);
    const input = await readMlflowRequest(c, createInput);
    const run = await createMlflowRun(db(c), {
      userId: caller.user.id,
      experimentId: input.experiment_id,
      runName: input.run_name,
      startTime: input.start_time,
      tags: input.tags,
    });
    return c.json({ run: await toMlflowRun(db(c), run) });
  })
  .post("/runs/update", async (c) => {
    const input = await readMlflowRequest(c, updateInput);
    const { access } = await runAccess(c, input.run_id, "editor");
    const crashAfterMs = c.var.services.env.LABBOOK_CRASH_AFTER_SECONDS * 1000;
    const before = effectiveStatus(access.run, new Date(), crashAfterMs);
    const run = await updateMlflowRun(db(c), { access, status: input.status, endTime: input.end_time, runName: input.run_name });
    if (effectiveStatus(run, new Date(), crashAfterMs) !== before) publishRunStatus(c.var.services.bus, await getRunView(db(c), { ...access, run }, crashAfterMs));
    return c.json({ run_info: (await toMlflowRun(db(c), run)).info });
  })
  .on(["GET", "POST"], "/runs/get", async (c) => {
    const input = await readMlflowRequest(c, runIdInput);
    const { access } = await runAccess(c, input.run_id, "viewer");
    return c.json({ run: await toMlflowRun(db(c), access.run) });
  })
  .post("/runs/delete", async (c) => {
    const input = await readMlflowRequest(c, runIdInput);
    const { caller, access } = await runAccess(c, input.run_id, "editor");
    await deleteRun(db(c), { runId: access.run.id, workspaceId: access.workspace.id, actorId: caller.user.id });
    return c.json({});
  })
  .post("/runs/restore", async (c) => {
    const input = await readMlflowRequest(c, runIdInput);
    const { caller, access } = await runAccess(c, input.run_id, "editor");
    await restoreRun(db(c), { runId: access.run.id, workspaceId: access.workspace.id, actorId: caller.user.id });
    return c.json({});
  })
  .post("/runs/log-metric", async (c) => {
    const input = await readMlflowRequest(c, logMetricInput);
    return log(c, input.run_id, { metrics: [{ key: input.key, value: input.value, timestamp: input.timestamp, step: input.step }] });
  })
  .post("/runs/log-parameter", async (c) => {
    const input = await readMlflowRequest(c, keyValueInput);
    return log(c, input.run_id, { params: [{ key: input.key, value: input.value }] });
  })
  .post("/runs/set-tag", async (c) => {
    const input = await readMlflowRequest(c, keyValueInput);
    return log(c, input.run_id, { tags: [{ key: input.key, value: input.value }] });
  })
  .post("/runs/log-batch", async (c) => {
    const input = await readMlflowRequest(c, logBatchInput);
    return log(c, input.run_id, input);
  })
  .post("/runs/delete-tag", async (c) => {
    const input = await readMlflowRequest(c, deleteTagInput);
    const { access } = await runAccess(c, input.run_id, "editor");
    await deleteRunTag(db(c), { access, key: input.key });
    return c.json({});
  })
  .on(["GET", "POST"], "/runs/search", async (c) => {
    const caller = await mlflowCaller(c);
    const input = await readMlflowRequest(c, searchInput, { arrays: ["experiment_ids", "order_by"] });
    const { runs, nextPageToken } = await searchRuns(db(c), {
      userId: caller.user.id,
      experimentIds: input.experiment_ids,
      filter: input.filter,
      viewType: input.run_view_type,
      maxResults: input.max_results,
      orderBy: input.order_by,
      pageToken: input.page_token,
    });
    return c.json({ ...(runs.length > 0 && { runs }), ...(nextPageToken && { next_page_token: nextPageToken }) });
  });
