import { Hono } from "hono";
import { z } from "zod";
import { createExperiment } from "@/lib/mlflow/create-experiment";
import { deleteExperiment } from "@/lib/mlflow/delete-experiment";
import { deleteExperimentTag } from "@/lib/mlflow/delete-experiment-tag";
import { toMlflowExperiment } from "@/lib/mlflow/experiment-view";
import { findExperimentById, findExperimentByName } from "@/lib/mlflow/find-experiment";
import { renameExperiment } from "@/lib/mlflow/rename-experiment";
import { restoreExperiment } from "@/lib/mlflow/restore-experiment";
import { searchExperiments } from "@/lib/mlflow/search-experiments";
import { viewTypes } from "@/lib/mlflow/search-sql";
import { setExperimentTag } from "@/lib/mlflow/set-experiment-tag";
import type { HttpContext, HttpEnv } from "../context";
import { keyValues, maxResults, mlflowCaller, readMlflowRequest, requiredString } from "./request";

const createInput = z.object({ name: requiredString, artifact_location: z.string().optional(), tags: keyValues });
const idInput = z.object({ experiment_id: requiredString });
const nameInput = z.object({ experiment_name: requiredString });
const searchInput = z.object({
  max_results: maxResults(1000),
  page_token: z.string().optional(),
  filter: z.string().optional(),
  order_by: z.array(z.string()).default([]),
  view_type: z.enum(viewTypes).default("ACTIVE_ONLY"),
});
const updateInput = z.object({ experiment_id: requiredString, new_name: requiredString });
const setTagInput = z.object({ experiment_id: requiredString, key: requiredString, value: z.string().default("") });
const deleteTagInput = z.object({ experiment_id: requiredString, key: requiredString });

const db = (c: HttpContext) => c.var.services.database.db;

/** The experiment a write names, for an editor or above. */
async function writableExperiment(c: HttpContext, experimentId: string) {
  const caller = await mlflowCaller(c);
  return { caller, access: await findExperimentById(db(c), { userId: caller.user.id, experimentId, min: "editor" }) };
}

/** MLflow experiments: Labbook projects. Viewers read; editors create, rename, delete, restore and tag. */
export const experimentRoutes = new Hono<HttpEnv>()
  .post("/experiments/create", async (c) => {
    const caller = await mlflowCaller(c);
    const input = await readMlflowRequest(c, createInput);
    const project = await createExperiment(db(c), { userId: caller.user.id, name: input.name, tags: input.tags });
    return c.json({ experiment_id: project.id });
  })
  .on(["GET", "POST"], "/experiments/get", async (c) => {
    const caller = await mlflowCaller(c);
    const input = await readMlflowRequest(c, idInput);
    const access = await findExperimentById(db(c), { userId: caller.user.id, experimentId: input.experiment_id, min: "viewer" });
    return c.json({ experiment: toMlflowExperiment(access) });
  })
  .on(["GET", "POST"], "/experiments/get-by-name", async (c) => {
    const caller = await mlflowCaller(c);
    const input = await readMlflowRequest(c, nameInput);
    const access = await findExperimentByName(db(c), { userId: caller.user.id, name: input.experiment_name, min: "viewer" });
    return c.json({ experiment: toMlflowExperiment(access) });
  })
  .on(["GET", "POST"], "/experiments/search", async (c) => {
    const caller = await mlflowCaller(c);
    const input = await readMlflowRequest(c, searchInput, { arrays: ["order_by"] });
    const { experiments, nextPageToken } = await searchExperiments(db(c), {
      userId: caller.user.id,
      viewType: input.view_type,
      maxResults: input.max_results,
      filter: input.filter,
      orderBy: input.order_by,
      pageToken: input.page_token,
    });
    return c.json({ ...(experiments.length > 0 && { experiments }), ...(nextPageToken && { next_page_token: nextPageToken }) });
  })
  .post("/experiments/update", async (c) => {
    const input = await readMlflowRequest(c, updateInput);
    const { caller, access } = await writableExperiment(c, input.experiment_id);
    await renameExperiment(db(c), { access, newName: input.new_name, userId: caller.user.id });
    return c.json({});
  })
  .post("/experiments/delete", async (c) => {
    const input = await readMlflowRequest(c, idInput);
    const { caller, access } = await writableExperiment(c, input.experiment_id);
    await deleteExperiment(db(c), { access, userId: caller.user.id });
    return c.json({});
  })
  .post("/experiments/restore", async (c) => {
    const input = await readMlflowRequest(c, idInput);
    const { caller, access } = await writableExperiment(c, input.experiment_id);
    await restoreExperiment(db(c), { access, userId: caller.user.id });
    return c.json({});
  })
  .post("/experiments/set-experiment-tag", async (c) => {
    const input = await readMlflowRequest(c, setTagInput);
    const { access } = await writableExperiment(c, input.experiment_id);
    await setExperimentTag(db(c), { access, tag: { key: input.key, value: input.value } });
    return c.json({});
  })
  .post("/experiments/delete-experiment-tag", async (c) => {
    const input = await readMlflowRequest(c, deleteTagInput);
    const { access } = await writableExperiment(c, input.experiment_id);
    await deleteExperimentTag(db(c), { access, key: input.key });
    return c.json({});
  });
