import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { invitations } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";

/** Revokes a pending invitation so its link stops working. */
export async function revokeInvitation(
  db: Db,
  input: { workspaceId: string; invitationId: string; actorId: string },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(invitations)
      .set({ revokedAt: new Date() })
      .where(
        and(
          eq(invitations.id, input.invitationId),
          eq(invitations.workspaceId, input.workspaceId),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
        ),
      )
      .returning({ id: invitations.id });
    if (!row) throw notFound("No pending invitation with that id in this workspace.");
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "invitation.revoked",
      subjectType: "invitation",
      subjectId: row.id,
    });
  });
}
