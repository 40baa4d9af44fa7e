import type { Role } from "@/lib/access/roles";
import { AppError } from "@/lib/errors";
import { findUsableInvitationOrThrow } from "@/lib/invitations/find-invitation";
import { services } from "./services";

export type InvitationPreview =
  | { ok: true; workspace: { slug: string; name: string }; role: Role; email: string | null; expiresAt: Date }
  | { ok: false; message: string };

/** What an invitation link offers, or why it can no longer be used (unknown, used, expired). */
export async function previewInvitation(token: string): Promise<InvitationPreview> {
  const { database } = await services();
  try {
    const { invitation, workspace } = await findUsableInvitationOrThrow(database.db, token);
    return {
      ok: true,
      workspace: { slug: workspace.slug, name: workspace.name },
      role: invitation.role,
      email: invitation.email,
      expiresAt: invitation.expiresAt,
    };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, message: error.message };
    throw error;
  }
}
