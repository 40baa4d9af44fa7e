import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { projects, runs } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { ExperimentAccess } from "./find-experiment";

/**
 * Soft-deletes an active experiment and, as MLflow does, its active runs; all disappear
 * from Labbook until restored.
 */
export async function deleteExperiment(db: Db, input: { access: ExperimentAccess; userId: string }): Promise<void> {
  const { project } = input.access;
  if (project.deletedAt) throw notFound(`No Experiment with id=${project.id} exists`);
  const deletedAt = new Date();
  await db.transaction(async (tx) => {
    await tx.update(projects).set({ deletedAt }).where(eq(projects.id, project.id));
    await tx.update(runs).set({ deletedAt }).where(and(eq(runs.projectId, project.id), isNull(runs.deletedAt)));
    await recordEvent(tx, { workspaceId: project.workspaceId, actorId: input.userId, type: "project.deleted", subjectType: "project", subjectId: project.id });
  });
}
