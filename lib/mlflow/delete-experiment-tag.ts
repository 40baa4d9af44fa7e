import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { projects } from "@/lib/db/schema";
import { invalid, notFound } from "@/lib/errors";
import type { ExperimentAccess } from "./find-experiment";

/** Removes one tag from an active experiment; an absent tag is not found, as in MLflow. */
export async function deleteExperimentTag(db: Db, input: { access: ExperimentAccess; key: string }): Promise<void> {
  const { project } = input.access;
  if (project.deletedAt) throw invalid(`The experiment ${project.id} must be in the 'active' state. Current state is deleted.`);
  if (!Object.hasOwn(project.mlflowTags, input.key)) throw notFound(`No tag with name: ${input.key} in experiment with id ${project.id}`);
  await db
    .update(projects)
    .set({ mlflowTags: sql`${projects.mlflowTags} - ${input.key}::text` })
    .where(eq(projects.id, project.id));
}
