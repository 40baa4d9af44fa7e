import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { projects } from "@/lib/db/schema";
import { invalid } from "@/lib/errors";
import type { ExperimentAccess } from "./find-experiment";
import { validateExperimentTag, type MlflowKeyValue } from "./validation";

/** Sets (or overwrites) one tag of an active experiment. */
export async function setExperimentTag(db: Db, input: { access: ExperimentAccess; tag: MlflowKeyValue }): Promise<void> {
  const { project } = input.access;
  validateExperimentTag(input.tag);
  if (project.deletedAt) throw invalid(`The experiment ${project.id} must be in the 'active' state. Current state is deleted.`);
  await db
    .update(projects)
    .set({ mlflowTags: sql`${projects.mlflowTags} || jsonb_build_object(${input.tag.key}::text, ${input.tag.value}::text)` })
    .where(eq(projects.id, project.id));
}
