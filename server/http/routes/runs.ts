import { Hono } from "hono";
import { z } from "zod";
import { authorizeRun } from "@/lib/access/authorize-run";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import { listRuns, listRunsQuery } from "@/lib/runs/list-runs";
import { readableRunIds } from "@/lib/access/readable-run-ids";
import { AppError } from "@/lib/errors";
import { appendMetricPoints } from "@/lib/metrics/append-metric-points";
import { exportMetricsCsv } from "@/lib/metrics/export-metrics-csv";
import { getMetricSeries, metricSeriesQuery } from "@/lib/metrics/get-metric-series";
import { getSeriesOfRuns, seriesOfRunsQuery } from "@/lib/metrics/get-series-of-runs";
import { appendMetricsInput, countPoints, MAX_POINTS_PER_REQUEST, toPointColumns } from "@/lib/metrics/metric-input";
import { createRun, createRunInput } from "@/lib/runs/create-run";
import { getRunView } from "@/lib/runs/get-run";
import { logParams } from "@/lib/runs/log-params";
import { runParams, runTags } from "@/lib/runs/run-input";
import { effectiveStatus } from "@/lib/runs/run-status";
import { recordHeartbeat, updateRun, updateRunInput } from "@/lib/runs/update-run";
import { publishPoints, publishRunStatus } from "../../live/publish";
import { requireCaller } from "../authenticate";
import type { HttpContext, HttpEnv } from "../context";
import { publicOrigin } from "../origin";
import { parseOrThrow, readJson } from "../validate";

const crashAfterMs = (c: HttpContext) => c.var.services.env.LABBOOK_CRASH_AFTER_SECONDS * 1000;

async function runAccess(c: HttpContext, min: "viewer" | "editor") {
  const caller = await requireCaller(c);
  return authorizeRun(c.var.services.database.db, { userId: caller.user.id, runId: c.req.param("id") ?? "", min });
}

/** Runs: editors start runs and log to them; viewers read. */
export const runRoutes = new Hono<HttpEnv>()
  .post("/runs", async (c) => {
    const caller = await requireCaller(c);
    const input = await readJson(c, createRunInput);
    const { run, workspaceSlug, projectSlug, existed } = await createRun(c.var.services.database.db, { ...input, userId: caller.user.id });
    return c.json({ id: run.id, name: run.name, url: `${publicOrigin(c)}/${workspaceSlug}/${projectSlug}/runs/${run.id}` }, existed ? 200 : 201);
  })
  .get("/projects/:workspace/:project/runs", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    const project = await getProjectOrThrow(db, workspace.id, c.req.param("project"));
    const query = parseOrThrow(listRunsQuery, c.req.query(), "Invalid query");
    return c.json(await listRuns(db, { ...query, projectId: project.id, crashAfterMs: crashAfterMs(c) }));
  })
  .get("/runs/:id", async (c) => {
    const access = await runAccess(c, "viewer");
    return c.json(await getRunView(c.var.services.database.db, access, crashAfterMs(c)));
  })
  .patch("/runs/:id", async (c) => {
    const access = await runAccess(c, "editor");
    const input = await readJson(c, updateRunInput);
    const before = effectiveStatus(access.run, new Date(), crashAfterMs(c));
    const run = await updateRun(c.var.services.database.db, { ...input, runId: access.run.id });
    const view = await getRunView(c.var.services.database.db, { ...access, run }, crashAfterMs(c));
    if (view.status !== before) publishRunStatus(c.var.services.bus, view);
    return c.json(view);
  })
  .post("/runs/:id/params", async (c) => {
    const access = await runAccess(c, "editor");
    const params = await readJson(c, z.object({ params: runParams }));
    return c.json({ params: await logParams(c.var.services.database.db, { runId: access.run.id, params: params.params }) });
  })
  .put("/runs/:id/tags", async (c) => {
    const access = await runAccess(c, "editor");
    const { tags } = await readJson(c, z.object({ tags: runTags }));
    const run = await updateRun(c.var.services.database.db, { runId: access.run.id, tags });
    return c.json({ tags: run.tags });
  })
  .post("/runs/:id/heartbeat", async (c) => {
    const access = await runAccess(c, "editor");
    await recordHeartbeat(c.var.services.database.db, access.run.id);
    return c.body(null, 204);
  })
  .get("/runs/:id/metrics.csv", async (c) => {
    const access = await runAccess(c, "viewer");
    const db = c.var.services.database.db;
    const chunks = exportMetricsCsv(db, access.run.id);
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(next.value));
      },
      async cancel() {
        await chunks.return(undefined);
      },
    });
    const filename = `${access.run.name.replace(/[^\w.-]+/g, "_")}-metrics.csv`;
    return new Response(body, {
      headers: { "content-type": "text/csv; charset=utf-8", "content-disposition": `attachment; filename="${filename}"`, "cache-control": "no-store" },
    });
  })
  .get("/series", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const query = parseOrThrow(seriesOfRunsQuery, c.req.query(), "Invalid query");
    const readable = await readableRunIds(db, { userId: caller.user.id, runIds: query.runs });
    const runs = query.runs.filter((id) => readable.has(id));
    return c.json({ key: query.key, series: await getSeriesOfRuns(db, { ...query, runs }) });
  })
  .get("/runs/:id/metrics/:key{.+}", async (c) => {
    const access = await runAccess(c, "viewer");
    const query = parseOrThrow(metricSeriesQuery, c.req.query(), "Invalid query");
    return c.json(await getMetricSeries(c.var.services.database.db, { ...query, runId: access.run.id, key: c.req.param("key") }));
  })
  .post("/runs/:id/metrics", async (c) => {
    const access = await runAccess(c, "editor");
    const input = await readJson(c, appendMetricsInput);
    const count = countPoints(input);
    if (count > MAX_POINTS_PER_REQUEST) {
      throw new AppError("payload_too_large", `A request may carry at most ${MAX_POINTS_PER_REQUEST} points; this one has ${count}. Split it.`);
    }
    const result = await appendMetricPoints(c.var.services.database, {
      runId: access.run.id,
      batchId: input.batchId,
      points: toPointColumns(input),
    });
    const { accepted, duplicates, replayed, fresh } = result;
    publishPoints(c.var.services.bus, access.run.id, fresh);
    return c.json({ accepted, duplicates, replayed }, 200);
  });
