import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { members, workspaces, type Workspace } from "@/lib/db/schema";
import { conflict, isUniqueViolation } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { workspaceSlug } from "@/lib/slug";

export const createWorkspaceInput = z.object({
  slug: workspaceSlug,
  name: z.string().trim().min(1, "must not be empty").max(80, "must be at most 80 characters"),
});
export type CreateWorkspaceInput = z.infer<typeof createWorkspaceInput>;

/** Creates a workspace with `ownerId` as its owner. */
export async function createWorkspace(db: Db, input: CreateWorkspaceInput & { ownerId: string }): Promise<Workspace> {
  try {
    return await db.transaction(async (tx) => {
      const [workspace] = await tx
        .insert(workspaces)
        .values({ slug: input.slug, name: input.name, createdBy: input.ownerId })
        .returning();
      if (!workspace) throw new Error("insert returned no workspace");
      await tx.insert(members).values({ workspaceId: workspace.id, userId: input.ownerId, role: "owner" });
      await recordEvent(tx, {
        workspaceId: workspace.id,
        actorId: input.ownerId,
        type: "workspace.created",
        subjectType: "workspace",
        subjectId: workspace.id,
        data: { slug: workspace.slug, name: workspace.name },
      });
      return workspace;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(`A workspace with slug "${input.slug}" already exists.`, error);
    throw error;
  }
}
