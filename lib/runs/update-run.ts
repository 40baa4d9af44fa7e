import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { runs, storedRunStatuses, type Run } from "@/lib/db/schema";
import { runName, runNotes, runTags } from "./run-input";

export const updateRunInput = z
  .object({ status: z.enum(storedRunStatuses).optional(), name: runName.optional(), notes: runNotes.optional(), tags: runTags.optional() })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { message: "send at least one of status, name, notes, tags" });
export type UpdateRunInput = z.infer<typeof updateRunInput>;

/**
 * Changes a run's status, name, notes or tags; a final status records the end time (now,
 * unless `endedAt` says when).
 */
export async function updateRun(db: Db, input: UpdateRunInput & { runId: string; endedAt?: Date }): Promise<Run> {
  const ending = input.status !== undefined && input.status !== "running";
  const [run] = await db
    .update(runs)
    .set({
      ...(input.status !== undefined && { status: input.status, endedAt: ending ? sql`coalesce(${runs.endedAt}, now())` : null }),
      ...(input.endedAt !== undefined && { endedAt: input.endedAt }),
      ...(input.name !== undefined && { name: input.name }),
      ...(input.notes !== undefined && { notes: input.notes }),
      ...(input.tags !== undefined && { tags: input.tags }),
      lastSeenAt: sql`now()`,
    })
    .where(eq(runs.id, input.runId))
    .returning();
  if (!run) throw new Error("run vanished");
  return run;
}

/** Marks a run alive without logging anything. */
export async function recordHeartbeat(db: Db, runId: string): Promise<void> {
  await db.update(runs).set({ lastSeenAt: sql`now()` }).where(eq(runs.id, runId));
}
