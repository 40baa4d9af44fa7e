import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { invitations, type Invitation } from "@/lib/db/schema";
import { forbidden } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import { roles, type Role } from "@/lib/access/roles";
import { hashSecret, newSecret } from "@/lib/tokens";

const DAY_MS = 24 * 60 * 60 * 1000;

export const createInvitationInput = z.object({
  role: z.enum(roles).default("editor"),
  email: z.email("must be an email address").trim().toLowerCase().optional(),
  expiresInDays: z.number().int().min(1).max(30).default(7),
});
export type CreateInvitationInput = z.input<typeof createInvitationInput>;

/** Creates an invitation link; the token is returned once and stored only as a hash. */
export async function createInvitation(
  db: Db,
  input: z.infer<typeof createInvitationInput> & { workspaceId: string; actorId: string; actorRole: Role },
): Promise<{ invitation: Invitation; token: string }> {
  if (input.actorRole !== "owner" && input.actorRole !== "admin") throw forbidden("Inviting needs the admin role or above.");
  if (input.role === "owner" && input.actorRole !== "owner") throw forbidden("Only an owner can invite another owner.");
  const token = newSecret("inv_", 24);
  return db.transaction(async (tx) => {
    const [invitation] = await tx
      .insert(invitations)
      .values({
        workspaceId: input.workspaceId,
        tokenHash: hashSecret(token),
        email: input.email ?? null,
        role: input.role,
        createdBy: input.actorId,
        expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS),
      })
      .returning();
    if (!invitation) throw new Error("insert returned no invitation");
    await recordEvent(tx, {
      workspaceId: input.workspaceId,
      actorId: input.actorId,
      type: "invitation.created",
      subjectType: "invitation",
      subjectId: invitation.id,
      data: { role: input.role, email: input.email ?? null },
    });
    return { invitation, token };
  });
}
