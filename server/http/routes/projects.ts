import { Hono } from "hono";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import type { Project } from "@/lib/db/schema";
import { listProjectMetricKeys } from "@/lib/metrics/list-project-metric-keys";
import { createProject, createProjectInput } from "@/lib/projects/create-project";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import { listProjects } from "@/lib/projects/list-projects";
import { renameProject, renameProjectInput } from "@/lib/projects/rename-project";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";
import { readJson } from "../validate";

const view = (p: Project, workspace: string) => ({
  id: p.id,
  slug: p.slug,
  name: p.name,
  description: p.description,
  path: `${workspace}/${p.slug}`,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** Projects inside a workspace: viewers read, editors create and rename. */
export const projectRoutes = new Hono<HttpEnv>()
  .get("/workspaces/:workspace/projects", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    return c.json({ projects: (await listProjects(db, workspace.id)).map((p) => view(p, workspace.slug)) });
  })
  .post("/workspaces/:workspace/projects", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "editor" });
    const input = await readJson(c, createProjectInput);
    const project = await createProject(db, { ...input, workspaceId: workspace.id, actorId: caller.user.id });
    return c.json(view(project, workspace.slug), 201);
  })
  .get("/projects/:workspace/:project", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    return c.json(view(await getProjectOrThrow(db, workspace.id, c.req.param("project")), workspace.slug));
  })
  .get("/projects/:workspace/:project/metric-keys", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    const project = await getProjectOrThrow(db, workspace.id, c.req.param("project"));
    return c.json(await listProjectMetricKeys(db, project.id));
  })
  .patch("/projects/:workspace/:project", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "editor" });
    const input = await readJson(c, renameProjectInput);
    const project = await renameProject(db, { ...input, workspaceId: workspace.id, projectSlug: c.req.param("project"), actorId: caller.user.id });
    return c.json(view(project, workspace.slug));
  });
