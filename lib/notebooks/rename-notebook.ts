import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notebooks, type Notebook } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { notebookTitle } from "./notebook-input";

export const renameNotebookInput = z.object({
  title: notebookTitle,
  /** Set by the editor when the page's own title changed: only the record follows, the page is not written again. */
  fromPage: z.boolean().optional(),
});
export type RenameNotebookInput = z.infer<typeof renameNotebookInput>;

/** Changes a notebook's title; its id (and so its URL) stays. */
export async function renameNotebook(
  db: Db,
  input: RenameNotebookInput & { notebookId: string; workspaceId: string; actorId: string },
): Promise<Notebook> {
  return db.transaction(async (tx) => {
    const [notebook] = await tx
      .update(notebooks)
      .set({ title: input.title })
      .where(and(eq(notebooks.id, input.notebookId), isNull(notebooks.deletedAt)))
      .returning();
    if (!notebook) throw notFound(`Notebook "${input.notebookId}" was not found.`);
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "notebook.renamed",
      subjectType: "notebook",
      subjectId: notebook.id,
      data: { title: notebook.title },
    });
    return notebook;
  });
}
