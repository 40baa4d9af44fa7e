import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { projects, type Project } from "@/lib/db/schema";

/** Projects of a workspace, by name. */
export async function listProjects(db: DbOrTx, workspaceId: string): Promise<Project[]> {
  return db.select().from(projects).where(eq(projects.workspaceId, workspaceId)).orderBy(asc(projects.name));
}
