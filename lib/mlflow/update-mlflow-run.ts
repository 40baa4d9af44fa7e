import type { RunAccess } from "@/lib/access/authorize-run";
import type { Db } from "@/lib/db/client";
import type { Run } from "@/lib/db/schema";
import { updateRun } from "@/lib/runs/update-run";
import { assertRunActive } from "./authorize-mlflow-run";
import { storedStatusOf, type MlflowRunStatus } from "./run-view";
import { runNameOrThrow } from "./set-run-tags";

/** Changes an active run's status, end time (ms) or name, as MLflow's runs/update does. */
export async function updateMlflowRun(
  db: Db,
  input: { access: RunAccess; status?: MlflowRunStatus | undefined; endTime?: number | undefined; runName?: string | undefined },
): Promise<Run> {
  assertRunActive(input.access);
  return updateRun(db, {
    runId: input.access.run.id,
    status: input.status && storedStatusOf[input.status],
    endedAt: input.endTime !== undefined ? new Date(input.endTime) : undefined,
    name: input.runName ? runNameOrThrow(input.runName) : undefined,
  });
}
