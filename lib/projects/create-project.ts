import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { projects, type Project } from "@/lib/db/schema";
import { conflict, isUniqueViolation } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { slug } from "@/lib/slug";

export const projectName = z.string().trim().min(1, "must not be empty").max(100, "must be at most 100 characters");

export const createProjectInput = z.object({
  slug,
  name: projectName.optional(),
  description: z.string().trim().max(2000, "must be at most 2000 characters").optional(),
});
export type CreateProjectInput = z.infer<typeof createProjectInput>;

/** Creates a project in a workspace (caller already authorized as editor+). */
export async function createProject(
  db: Db,
  input: CreateProjectInput & { workspaceId: string; actorId: string | null },
): Promise<Project> {
  try {
    return await db.transaction(async (tx) => {
      const [project] = await tx
        .insert(projects)
        .values({
          workspaceId: input.workspaceId,
          slug: input.slug,
          name: input.name ?? input.slug,
          description: input.description ?? "",
          createdBy: input.actorId,
        })
        .returning();
      if (!project) throw new Error("insert returned no project");
      await recordEvent(tx, {
        workspaceId: input.workspaceId,
        actorId: input.actorId,
        type: "project.created",
        subjectType: "project",
        subjectId: project.id,
        data: { slug: project.slug, name: project.name },
      });
      return project;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A project with slug "${input.slug}" already exists in this workspace.`, error);
    throw error;
  }
}
