import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notebooks } from "@/lib/db/schema";
import { recordEvent } from "@/lib/events/record-event";

/** Brings a soft-deleted notebook back, content and history intact. */
export async function restoreNotebook(db: Db, input: { notebookId: string; workspaceId: string; actorId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const restored = await tx
      .update(notebooks)
      .set({ deletedAt: null })
      .where(and(eq(notebooks.id, input.notebookId), isNotNull(notebooks.deletedAt)))
      .returning({ id: notebooks.id });
    if (restored.length === 0) return;
    await recordEvent(tx, { workspaceId: input.workspaceId, actorId: input.actorId, type: "notebook.restored", subjectType: "notebook", subjectId: input.notebookId });
  });
}
