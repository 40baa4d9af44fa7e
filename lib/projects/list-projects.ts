import { and, asc, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { projects, type Project } from "@/lib/db/schema";

/** Projects of a workspace that are not deleted, by name. */
export async function listProjects(db: DbOrTx, workspaceId: string): Promise<Project[]> {
  return db.select().from(projects).where(and(eq(projects.workspaceId, workspaceId), isNull(projects.deletedAt))).orderBy(asc(projects.name));
}
