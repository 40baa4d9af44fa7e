import { and, eq, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, workspaces } from "@/lib/db/schema";
import { conflict, forbidden } from "@/lib/errors";
import type { Role } from "@/lib/access/roles";

/** Only owners may grant, change or remove the owner role; admins manage everyone else. */
export function assertMayManage(actorRole: Role, targetRole: Role, newRole?: Role): void {
  if (actorRole !== "owner" && actorRole !== "admin") {
    throw forbidden("Managing members needs the admin role or above.");
  }
  if (actorRole !== "owner" && (targetRole === "owner" || newRole === "owner")) {
    throw forbidden("Only an owner can grant, change or remove the owner role.");
  }
}

/** Refuses a change that would leave the workspace without an owner. */
export async function assertKeepsAnOwner(tx: DbOrTx, workspaceId: string, userId: string): Promise<void> {
  // Serializes owner removals per workspace: otherwise two owners stepping down at once each
  // count the other and both succeed. NO KEY UPDATE leaves inserts referencing the row unblocked.
  await tx.select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.id, workspaceId)).for("no key update");
  const [row] = await tx
    .select({ owners: sql<number>`count(*)::int` })
    .from(members)
    .where(and(eq(members.workspaceId, workspaceId), eq(members.role, "owner"), sql`${members.userId} <> ${userId}`));
  if ((row?.owners ?? 0) === 0) throw conflict("A workspace needs at least one owner; make someone else owner first.");
}
