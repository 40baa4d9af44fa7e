import type { Db } from "@/lib/db/client";
import { conflict, invalid } from "@/lib/errors";
import { renameProject } from "@/lib/projects/rename-project";
import { findProjectInWorkspace, type ExperimentAccess } from "./find-experiment";
import { validateExperimentName } from "./validation";

/** Renames an active experiment's project; its slug (and Labbook URLs) stay. */
export async function renameExperiment(db: Db, input: { access: ExperimentAccess; newName: string; userId: string }): Promise<void> {
  const { project, workspace } = input.access;
  if (project.deletedAt) throw invalid("Cannot rename a non-active experiment.");
  validateExperimentName(input.newName);
  const prefix = `${workspace.slug}/`;
  const name = input.newName.startsWith(prefix) && input.newName.length > prefix.length ? input.newName.slice(prefix.length) : input.newName;
  if (name.trim() === "") throw invalid(`Invalid experiment name: '${input.newName}'`);
  if (Array.from(name).length > 100) throw invalid("Experiment name exceeds the maximum length of 100 characters (Labbook project names are shorter than MLflow's)");
  const clash = await findProjectInWorkspace(db, workspace.id, name);
  if (clash && clash.id !== project.id) throw conflict(`Experiment(name=${input.newName}) already exists.`);
  await renameProject(db, { name, workspaceId: workspace.id, projectSlug: project.slug, actorId: input.userId });
}
