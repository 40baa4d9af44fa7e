import { authorizeRun, type RunAccess } from "@/lib/access/authorize-run";
import type { DbOrTx } from "@/lib/db/types";
import { AppError, invalid } from "@/lib/errors";
import type { Role } from "@/lib/access/roles";

/** MLflow clients may send a run id as 32 hex digits; Labbook's ids are the same UUIDs with dashes. */
export function normalizeRunId(runId: string): string {
  if (!/^[0-9a-f]{32}$/i.test(runId)) return runId;
  return `${runId.slice(0, 8)}-${runId.slice(8, 12)}-${runId.slice(12, 16)}-${runId.slice(16, 20)}-${runId.slice(20)}`.toLowerCase();
}

/** A run for the MLflow API: deleted runs included (MLflow reads them), missing runs in MLflow's words. */
export async function authorizeMlflowRun(db: DbOrTx, input: { userId: string; runId: string; min: Role }): Promise<RunAccess> {
  try {
    return await authorizeRun(db, { userId: input.userId, runId: normalizeRunId(input.runId), min: input.min, includeDeleted: true });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new AppError("not_found", `Run with id=${input.runId} not found`, { cause: error });
    throw error;
  }
}

/** Writes need an active run, as in MLflow. */
export function assertRunActive(access: RunAccess): void {
  if (access.run.deletedAt) throw invalid(`The run ${access.run.id} must be in the 'active' state. Current state is deleted.`);
}
