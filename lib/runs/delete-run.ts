import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { recordEvent } from "@/lib/events/record-event";

/** Soft-deletes a run: it disappears from Labbook's lists and pages until restored. */
export async function deleteRun(db: Db, input: { runId: string; workspaceId: string; actorId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .update(runs)
      .set({ deletedAt: new Date() })
      .where(and(eq(runs.id, input.runId), isNull(runs.deletedAt)))
      .returning({ id: runs.id });
    if (deleted.length === 0) return;
    await recordEvent(tx, { workspaceId: input.workspaceId, actorId: input.actorId, type: "run.deleted", subjectType: "run", subjectId: input.runId });
  });
}
