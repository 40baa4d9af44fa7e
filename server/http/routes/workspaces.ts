import { Hono } from "hono";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import { createWorkspace, createWorkspaceInput } from "@/lib/workspaces/create-workspace";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";
import { readJson } from "../validate";

/** Workspaces: any signed-in user may create one and becomes its owner. */
export const workspaceRoutes = new Hono<HttpEnv>()
  .post("/workspaces", async (c) => {
    const caller = await requireCaller(c);
    const input = await readJson(c, createWorkspaceInput);
    const workspace = await createWorkspace(c.var.services.database.db, { ...input, ownerId: caller.user.id });
    return c.json({ id: workspace.id, slug: workspace.slug, name: workspace.name, role: "owner" }, 201);
  })
  .get("/workspaces/:workspace", async (c) => {
    const caller = await requireCaller(c);
    const { workspace, role } = await authorizeWorkspace(c.var.services.database.db, {
      userId: caller.user.id,
      workspace: { slug: c.req.param("workspace") },
      min: "viewer",
    });
    return c.json({ id: workspace.id, slug: workspace.slug, name: workspace.name, role, createdAt: workspace.createdAt });
  });
