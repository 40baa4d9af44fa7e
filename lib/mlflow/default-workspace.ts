import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, workspaces, type Workspace } from "@/lib/db/schema";
import { hasRole, type Role } from "@/lib/access/roles";

export interface DefaultWorkspace {
  workspace: Workspace;
  role: Role;
}

/**
 * Where an MLflow caller's unqualified experiment names live: the oldest workspace
 * membership in which they may write (editor+), else their oldest membership (read-only
 * callers can still read); null for a caller without workspaces.
 */
export async function getDefaultWorkspace(db: DbOrTx, userId: string): Promise<DefaultWorkspace | null> {
  const rows = await db
    .select({ workspace: workspaces, role: members.role })
    .from(members)
    .innerJoin(workspaces, eq(workspaces.id, members.workspaceId))
    .where(eq(members.userId, userId))
    .orderBy(asc(members.createdAt), asc(workspaces.slug));
  return rows.find((r) => hasRole(r.role, "editor")) ?? rows[0] ?? null;
}
