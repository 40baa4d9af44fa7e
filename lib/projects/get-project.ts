import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { projects, type Project } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";

/** A project by workspace and slug; not_found when absent or deleted. */
export async function getProjectOrThrow(db: DbOrTx, workspaceId: string, projectSlug: string): Promise<Project> {
  const [project] = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), eq(projects.slug, projectSlug), isNull(projects.deletedAt)))
    .limit(1);
  if (!project) throw notFound(`Project "${projectSlug}" was not found in this workspace.`);
  return project;
}
