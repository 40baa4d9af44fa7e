import { and, eq, isNotNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { recordEvent } from "@/lib/events/record-event";

/** Brings a soft-deleted run back. */
export async function restoreRun(db: Db, input: { runId: string; workspaceId: string; actorId: string }): Promise<void> {
  await db.transaction(async (tx) => {
    const restored = await tx
      .update(runs)
      .set({ deletedAt: null })
      .where(and(eq(runs.id, input.runId), isNotNull(runs.deletedAt)))
      .returning({ id: runs.id });
    if (restored.length === 0) return;
    await recordEvent(tx, { workspaceId: input.workspaceId, actorId: input.actorId, type: "run.restored", subjectType: "run", subjectId: input.runId });
  });
}
