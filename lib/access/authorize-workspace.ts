import { and, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, workspaces, type Workspace } from "@/lib/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import { hasRole, type Role } from "./roles";

export interface WorkspaceAccess {
  workspace: Workspace;
  role: Role;
}

export type WorkspaceRef = { slug: string } | { id: string };

/**
 * The one authorization check: the caller's role on the workspace that owns a resource.
 * Non-members get not_found (the workspace's existence is not revealed); members below
 * `min` get forbidden.
 */
export async function authorizeWorkspace(
  db: DbOrTx,
  input: { userId: string; workspace: WorkspaceRef; min: Role },
): Promise<WorkspaceAccess> {
  const where = "slug" in input.workspace ? eq(workspaces.slug, input.workspace.slug) : eq(workspaces.id, input.workspace.id);
  const [row] = await db
    .select({ workspace: workspaces, role: members.role })
    .from(workspaces)
    .innerJoin(members, and(eq(members.workspaceId, workspaces.id), eq(members.userId, input.userId)))
    .where(where)
    .limit(1);
  const label = "slug" in input.workspace ? input.workspace.slug : input.workspace.id;
  if (!row) throw notFound(`Workspace "${label}" was not found, or you are not a member of it.`);
  if (!hasRole(row.role, input.min)) {
    throw forbidden(`This needs the ${input.min} role or above in workspace "${row.workspace.slug}"; you are ${row.role}.`);
  }
  return row;
}
