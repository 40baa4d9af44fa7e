import { and, eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { projects, runs } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { ExperimentAccess } from "./find-experiment";

/** Restores a deleted experiment and the runs its deletion took with it (not runs deleted on their own before). */
export async function restoreExperiment(db: Db, input: { access: ExperimentAccess; userId: string }): Promise<void> {
  const { project } = input.access;
  if (!project.deletedAt) throw notFound(`No Experiment with id=${project.id} exists`);
  await db.transaction(async (tx) => {
    await tx
      .update(runs)
      .set({ deletedAt: null })
      .where(and(eq(runs.projectId, project.id), sql`${runs.deletedAt} = (select p.deleted_at from projects p where p.id = ${project.id}::uuid)`));
    await tx.update(projects).set({ deletedAt: null }).where(eq(projects.id, project.id));
    await recordEvent(tx, { workspaceId: project.workspaceId, actorId: input.userId, type: "project.restored", subjectType: "project", subjectId: project.id });
  });
}
