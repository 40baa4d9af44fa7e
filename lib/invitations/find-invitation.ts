import { eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { invitations, workspaces, type Invitation, type Workspace } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { hashSecret } from "@/lib/tokens";

export interface UsableInvitation {
  invitation: Invitation;
  workspace: Workspace;
}

/** Looks up an invitation by its link token; throws unless it can still be accepted. */
export async function findUsableInvitationOrThrow(db: DbOrTx, token: string, lock = false): Promise<UsableInvitation> {
  const query = db
    .select({ invitation: invitations, workspace: workspaces })
    .from(invitations)
    .innerJoin(workspaces, eq(workspaces.id, invitations.workspaceId))
    .where(eq(invitations.tokenHash, hashSecret(token)))
    .limit(1);
  const [row] = lock ? await query.for("update", { of: invitations }) : await query;
  if (!row || row.invitation.revokedAt) throw notFound("This invitation link is not valid. Ask for a new one.");
  if (row.invitation.acceptedAt) throw new AppError("conflict", "This invitation has already been used. Ask for a new one.");
  if (row.invitation.expiresAt.getTime() <= Date.now()) {
    throw new AppError("conflict", "This invitation has expired. Ask for a new one.");
  }
  return row;
}
