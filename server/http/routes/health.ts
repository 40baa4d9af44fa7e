import { Hono } from "hono";
import { sql } from "drizzle-orm";
import type { HttpEnv } from "../context";

/** Liveness and which database this instance runs on. */
export const healthRoutes = new Hono<HttpEnv>().get("/health", async (c) => {
  const { database, version } = c.var.services;
  await database.rows(sql`select 1 as ok`);
  return c.json({ status: "ok", database: database.kind, version });
});
