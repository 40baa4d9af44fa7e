import { and, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { invitations, members, type Workspace } from "@/lib/db/schema";
import { forbidden } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { Role } from "@/lib/access/roles";
import { findUsableInvitationOrThrow } from "./find-invitation";

/** Joins the invitation's workspace with its role; a current member keeps their role. */
export async function acceptInvitation(
  db: Db,
  input: { token: string; userId: string; email: string },
): Promise<{ workspace: Workspace; role: Role }> {
  return db.transaction(async (tx) => {
    const { invitation, workspace } = await findUsableInvitationOrThrow(tx, input.token, true);
    if (invitation.email && invitation.email !== input.email.toLowerCase()) {
      throw forbidden(`This invitation is for ${invitation.email}; sign in with that address to accept it.`);
    }
    const [existing] = await tx
      .select({ role: members.role })
      .from(members)
      .where(and(eq(members.workspaceId, workspace.id), eq(members.userId, input.userId)));
    if (!existing) {
      await tx.insert(members).values({ workspaceId: workspace.id, userId: input.userId, role: invitation.role });
    }
    await tx
      .update(invitations)
      .set({ acceptedAt: new Date(), acceptedBy: input.userId })
      .where(eq(invitations.id, invitation.id));
    await recordEvent(tx, {
      workspaceId: workspace.id,
      actorId: input.userId,
      type: "invitation.accepted",
      subjectType: "invitation",
      subjectId: invitation.id,
      data: { role: existing?.role ?? invitation.role },
    });
    return { workspace, role: existing?.role ?? invitation.role };
  });
}
