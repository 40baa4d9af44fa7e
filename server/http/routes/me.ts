import { Hono } from "hono";
import { listMemberships } from "@/lib/workspaces/list-memberships";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";

/** The caller and their workspaces with roles. */
export const meRoutes = new Hono<HttpEnv>().get("/me", async (c) => {
  const caller = await requireCaller(c);
  const workspaces = await listMemberships(c.var.services.database.db, caller.user.id);
  return c.json({ user: caller.user, authenticatedWith: caller.via, workspaces });
});
