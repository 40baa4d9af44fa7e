import { Hono } from "hono";
import { authorizeRun } from "@/lib/access/authorize-run";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import { listDecisions, listDecisionsQuery, type DecisionView } from "@/lib/decisions/list-decisions";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import { requireCaller } from "../authenticate";
import type { HttpContext, HttpEnv } from "../context";
import { publicOrigin } from "../origin";
import { parseOrThrow } from "../validate";

const withUrl = (c: HttpContext, view: DecisionView) => ({ ...view, url: `${publicOrigin(c)}${view.path}` });

/** The decision log, read-only: the server writes it from notebook pages; viewers and above read it. */
export const decisionRoutes = new Hono<HttpEnv>()
  .get("/projects/:workspace/:project/decisions", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    const project = await getProjectOrThrow(db, workspace.id, c.req.param("project"));
    const query = parseOrThrow(listDecisionsQuery, c.req.query(), "Invalid query");
    const list = await listDecisions(db, { ...query, projectId: project.id, workspaceSlug: workspace.slug, projectSlug: project.slug });
    return c.json({ decisions: list.map((view) => withUrl(c, view)) });
  })
  .get("/runs/:id/decisions", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { run, project, workspace } = await authorizeRun(db, { userId: caller.user.id, runId: c.req.param("id"), min: "viewer" });
    const list = await listDecisions(db, { run: run.id, projectId: project.id, workspaceSlug: workspace.slug, projectSlug: project.slug });
    return c.json({ decisions: list.map((view) => withUrl(c, view)) });
  });
