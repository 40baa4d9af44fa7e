import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notebooks } from "@/lib/db/schema";
import { recordEvent } from "@/lib/events/record-event";

/** Soft-deletes a notebook: hidden from lists, connections refused, content kept until restored. */
export async function deleteNotebook(db: Db, input: { notebookId: string; workspaceId: string; actorId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .update(notebooks)
      .set({ deletedAt: new Date() })
      .where(and(eq(notebooks.id, input.notebookId), isNull(notebooks.deletedAt)))
      .returning({ id: notebooks.id });
    if (deleted.length === 0) return;
    await recordEvent(tx, { workspaceId: input.workspaceId, actorId: input.actorId, type: "notebook.deleted", subjectType: "notebook", subjectId: input.notebookId });
  });
}
