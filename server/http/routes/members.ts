import { Hono } from "hono";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import { changeMemberRole, changeMemberRoleInput } from "@/lib/members/change-member-role";
import { listMembers } from "@/lib/members/list-members";
import { removeMember } from "@/lib/members/remove-member";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";
import { readJson } from "../validate";

/** Members of a workspace: viewers list, admins change roles and remove, anyone may leave. */
export const memberRoutes = new Hono<HttpEnv>()
  .get("/workspaces/:workspace/members", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    return c.json({ members: await listMembers(db, workspace.id) });
  })
  .patch("/workspaces/:workspace/members/:userId", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "admin" });
    const input = await readJson(c, changeMemberRoleInput);
    const member = await changeMemberRole(db, {
      ...input,
      workspaceId: access.workspace.id,
      userId: c.req.param("userId"),
      actorId: caller.user.id,
      actorRole: access.role,
    });
    return c.json(member);
  })
  .delete("/workspaces/:workspace/members/:userId", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const userId = c.req.param("userId");
    const access = await authorizeWorkspace(db, {
      userId: caller.user.id,
      workspace: { slug: c.req.param("workspace") },
      min: userId === caller.user.id ? "viewer" : "admin",
    });
    await removeMember(db, { workspaceId: access.workspace.id, userId, actorId: caller.user.id, actorRole: access.role });
    return c.body(null, 204);
  });
