import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { projects, type Project } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { projectName } from "./create-project";

export const renameProjectInput = z
  .object({
    name: projectName.optional(),
    description: z.string().trim().max(2000, "must be at most 2000 characters").optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: "send name or description" });
export type RenameProjectInput = z.infer<typeof renameProjectInput>;

/** Renames a project or changes its description; its slug (and so its URLs) stay stable. */
export async function renameProject(
  db: Db,
  input: RenameProjectInput & { workspaceId: string; projectSlug: string; actorId: string },
): Promise<Project> {
  return db.transaction(async (tx) => {
    const [project] = await tx
      .update(projects)
      .set({
        ...(input.name !== undefined && { name: input.name }),
        ...(input.description !== undefined && { description: input.description }),
      })
      .where(and(eq(projects.workspaceId, input.workspaceId), eq(projects.slug, input.projectSlug), isNull(projects.deletedAt)))
      .returning();
    if (!project) throw notFound(`Project "${input.projectSlug}" was not found in this workspace.`);
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "project.updated",
      subjectType: "project",
      subjectId: project.id,
      data: { name: input.name, description: input.description },
    });
    return project;
  });
}
