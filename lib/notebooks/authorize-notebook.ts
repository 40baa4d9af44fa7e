import { and, eq, isNull } from "drizzle-orm";
import { hasRole, type Role } from "@/lib/access/roles";
import type { DbOrTx } from "@/lib/db/types";
import { members, notebooks, projects, workspaces, type Notebook, type Project, type Workspace } from "@/lib/db/schema";
import { forbidden, notFound } from "@/lib/errors";

export interface NotebookAccess {
  notebook: Notebook;
  project: Project;
  workspace: Workspace;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` can name a notebook; anything else is not found without a query. */
export const isNotebookId = (id: string) => UUID.test(id);

/**
 * The caller's role on the workspace that owns a notebook; non-members see not_found.
 * Deleted notebooks (and those of deleted projects) are not found unless `includeDeleted`.
 */
export async function authorizeNotebook(
  db: DbOrTx,
  input: { userId: string; notebookId: string; min: Role; includeDeleted?: boolean },
): Promise<NotebookAccess> {
  if (!isNotebookId(input.notebookId)) throw notFound(`Notebook "${input.notebookId}" was not found.`);
  const visible = input.includeDeleted
    ? eq(notebooks.id, input.notebookId)
    : and(eq(notebooks.id, input.notebookId), isNull(notebooks.deletedAt), isNull(projects.deletedAt));
  const [row] = await db
    .select({ notebook: notebooks, project: projects, workspace: workspaces, role: members.role })
    .from(notebooks)
    .innerJoin(projects, eq(projects.id, notebooks.projectId))
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(members, and(eq(members.workspaceId, workspaces.id), eq(members.userId, input.userId)))
    .where(visible)
    .limit(1);
  if (!row) throw notFound(`Notebook "${input.notebookId}" was not found, or you are not a member of its workspace.`);
  if (!hasRole(row.role, input.min)) {
    throw forbidden(`This needs the ${input.min} role or above in workspace "${row.workspace.slug}"; you are ${row.role}.`);
  }
  return row;
}
