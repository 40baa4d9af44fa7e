import { z } from "zod";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import type { Db } from "@/lib/db/client";
import { notebooks, notebookUpdates } from "@/lib/db/schema";
import { initialNotebookState } from "@/lib/editor/schema";
import { recordEvent } from "@/lib/events/record-event";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import { notebookTitle, projectPath } from "./notebook-input";
import { notebookView, type NotebookView } from "./notebook-view";

export const createNotebookInput = z.object({ project: projectPath, title: notebookTitle });
export type CreateNotebookInput = z.infer<typeof createNotebookInput>;

/**
 * Creates a notebook in an existing project; the caller must be an editor or above. Its page
 * starts with the title and one empty paragraph, written here once: a browser that seeded an
 * empty document would add a second title beside another browser's.
 */
export async function createNotebook(db: Db, input: CreateNotebookInput & { userId: string }): Promise<NotebookView> {
  const [workspaceSlug, projectSlug] = input.project;
  const { workspace } = await authorizeWorkspace(db, { userId: input.userId, workspace: { slug: workspaceSlug }, min: "editor" });
  const project = await getProjectOrThrow(db, workspace.id, projectSlug);
  return db.transaction(async (tx) => {
    const [notebook] = await tx.insert(notebooks).values({ projectId: project.id, title: input.title, createdBy: input.userId }).returning();
    if (!notebook) throw new Error("insert returned no notebook");
    await tx.insert(notebookUpdates).values({ notebookId: notebook.id, update: initialNotebookState(notebook.title) });
    await recordEvent(tx, {
      workspaceId: workspace.id,
      actorId: input.userId,
      type: "notebook.created",
      subjectType: "notebook",
      subjectId: notebook.id,
      data: { title: notebook.title },
    });
    return notebookView(notebook, workspace.slug, project.slug);
  });
}
