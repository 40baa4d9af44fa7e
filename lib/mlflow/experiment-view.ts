import type { Project, Workspace } from "@/lib/db/schema";

/** An experiment in MLflow's wire format (snake_case, millisecond times, unset fields omitted). */
export interface MlflowExperiment {
  experiment_id: string;
  name: string;
  artifact_location: string;
  lifecycle_stage: "active" | "deleted";
  last_update_time: number;
  creation_time: number;
  tags?: { key: string; value: string }[];
}

/** The experiment name a caller sees: plain in their default workspace, `<workspace>/<name>` elsewhere. */
export function experimentName(project: Pick<Project, "name" | "workspaceId">, workspace: Pick<Workspace, "slug">, defaultWorkspaceId: string | null): string {
  return project.workspaceId === defaultWorkspaceId ? project.name : `${workspace.slug}/${project.name}`;
}

/** A project as an MLflow experiment. */
export function toMlflowExperiment(input: { project: Project; workspace: Pick<Workspace, "slug">; defaultWorkspaceId: string | null }): MlflowExperiment {
  const { project } = input;
  const tags = Object.entries(project.mlflowTags).map(([key, value]) => ({ key, value }));
  return {
    experiment_id: project.id,
    name: experimentName(project, input.workspace, input.defaultWorkspaceId),
    artifact_location: `mlflow-artifacts:/${project.id}`,
    lifecycle_stage: project.deletedAt ? "deleted" : "active",
    last_update_time: project.updatedAt.getTime(),
    creation_time: project.createdAt.getTime(),
    ...(tags.length > 0 && { tags }),
  };
}
