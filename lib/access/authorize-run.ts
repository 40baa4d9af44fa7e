import { and, eq, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, projects, runs, workspaces, type Project, type Run, type Workspace } from "@/lib/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import { hasRole, type Role } from "./roles";

export interface RunAccess {
  run: Run;
  project: Project;
  workspace: Workspace;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The caller's role on the workspace that owns a run; non-members see not_found. Deleted
 * runs (and runs of deleted projects) are not found unless `includeDeleted` is set.
 */
export async function authorizeRun(
  db: DbOrTx,
  input: { userId: string; runId: string; min: Role; includeDeleted?: boolean },
): Promise<RunAccess> {
  if (!UUID.test(input.runId)) throw notFound(`Run "${input.runId}" was not found.`);
  const [row] = await db
    .select({ run: runs, project: projects, workspace: workspaces, role: members.role })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(members, and(eq(members.workspaceId, workspaces.id), eq(members.userId, input.userId)))
    .where(input.includeDeleted ? eq(runs.id, input.runId) : and(eq(runs.id, input.runId), isNull(runs.deletedAt), isNull(projects.deletedAt)))
    .limit(1);
  if (!row) throw notFound(`Run "${input.runId}" was not found, or you are not a member of its workspace.`);
  if (!hasRole(row.role, input.min)) {
    throw forbidden(`This needs the ${input.min} role or above in workspace "${row.workspace.slug}"; you are ${row.role}.`);
  }
  return row;
}
