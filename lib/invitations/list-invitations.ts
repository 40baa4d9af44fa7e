import { and, desc, eq, gt, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { invitations, users } from "@/lib/db/schema";
import type { Role } from "@/lib/access/roles";

export interface InvitationView {
  id: string;
  email: string | null;
  role: Role;
  createdAt: Date;
  expiresAt: Date;
  invitedBy: string | null;
}

/** Pending invitations of a workspace (not accepted, revoked or expired), newest first. */
export async function listInvitations(db: DbOrTx, workspaceId: string): Promise<InvitationView[]> {
  return db
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      createdAt: invitations.createdAt,
      expiresAt: invitations.expiresAt,
      invitedBy: users.name,
    })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.createdBy))
    .where(
      and(
        eq(invitations.workspaceId, workspaceId),
        isNull(invitations.acceptedAt),
        isNull(invitations.revokedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    )
    .orderBy(desc(invitations.createdAt));
}
