import type { Db } from "@/lib/db/client";
import type { Run } from "@/lib/db/schema";
import { invalid } from "@/lib/errors";
import { createRun } from "@/lib/runs/create-run";
import { DEFAULT_EXPERIMENT_ID, findExperimentById } from "./find-experiment";
import { runNameOrThrow } from "./set-run-tags";
import { NOTE_TAG, RUN_NAME_TAG } from "./run-view";
import { validateTag, type MlflowKeyValue } from "./validation";

export interface CreateMlflowRunInput {
  userId: string;
  experimentId?: string | undefined;
  runName?: string | undefined;
  /** Milliseconds since the epoch. */
  startTime?: number | undefined;
  tags: MlflowKeyValue[];
}

/** The reproducibility facts MLflow's client records as system tags. */
function reproFromTags(tags: Record<string, string>): Record<string, string | Record<string, string>> {
  const git: Record<string, string> = {};
  const commit = tags["mlflow.source.git.commit"];
  const branch = tags["mlflow.source.git.branch"];
  const remote = tags["mlflow.source.git.repoURL"];
  if (commit) git.commit = commit;
  if (branch) git.branch = branch;
  if (remote) git.remote = remote;
  const command = tags["mlflow.source.name"];
  return { ...(Object.keys(git).length > 0 && { git }), ...(command && { command }) };
}

/**
 * Starts a run in an experiment (its project; "0" or none is the caller's default
 * experiment). `mlflow.runName` and `mlflow.note.content` become the run's name and notes;
 * other tags are kept as key/value tags, and git/source tags also fill the run's repro.
 */
export async function createMlflowRun(db: Db, input: CreateMlflowRunInput): Promise<Run> {
  const access = await findExperimentById(db, { userId: input.userId, experimentId: input.experimentId ?? DEFAULT_EXPERIMENT_ID, min: "editor" });
  const { project, workspace } = access;
  if (project.deletedAt) throw invalid(`The experiment ${project.id} must be in the 'active' state. Current state is deleted.`);
  for (const tag of input.tags) validateTag(tag);
  const tags = Object.fromEntries(input.tags.map((t) => [t.key, t.value]));
  const nameTag = tags[RUN_NAME_TAG];
  if (input.runName && nameTag && input.runName !== nameTag) {
    throw invalid(
      `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${input.runName}', mlflow.runName='${nameTag}').`,
    );
  }
  const name = input.runName || nameTag;
  const notes = tags[NOTE_TAG];
  delete tags[RUN_NAME_TAG];
  delete tags[NOTE_TAG];
  const { run } = await createRun(db, {
    project: [workspace.slug, project.slug],
    name: name ? runNameOrThrow(name) : undefined,
    notes,
    repro: reproFromTags(tags),
    userId: input.userId,
    startedAt: input.startTime !== undefined ? new Date(input.startTime) : undefined,
    mlflowTags: tags,
  });
  return run;
}
