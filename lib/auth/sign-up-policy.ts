import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { users, workspaces, type Workspace } from "@/lib/db/schema";
import { forbidden } from "@/lib/errors";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { findUsableInvitationOrThrow } from "@/lib/invitations/find-invitation";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { slugify, workspaceSlug } from "@/lib/slug";

/** True until the first account exists: the first sign-up sets the instance up. */
export async function isFirstRun(db: Db): Promise<boolean> {
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return (row?.n ?? 0) === 0;
}

/**
 * Who may sign up: anyone on a fresh instance (they become owner), anyone when open
 * sign-up is on, otherwise only holders of a usable invitation for their address.
 */
export async function assertSignUpAllowed(
  db: Db,
  input: { email: string; invitation: string | undefined; openSignup: boolean },
): Promise<void> {
  if (input.openSignup || (await isFirstRun(db))) return;
  if (!input.invitation) {
    throw forbidden("Sign-up on this instance needs an invitation link. Ask a workspace owner or admin to invite you.");
  }
  const { invitation } = await findUsableInvitationOrThrow(db, input.invitation);
  if (invitation.email && invitation.email !== input.email.trim().toLowerCase()) {
    throw forbidden(`This invitation is for ${invitation.email}; sign up with that address.`);
  }
}

/**
 * After an account is created: join the invited workspace, or on a fresh instance make the
 * new user owner of the first workspace.
 */
export async function completeSignUp(
  db: Db,
  input: { userId: string; email: string; name: string; invitation: string | undefined; workspaceName: string | undefined },
): Promise<Workspace | null> {
  if (input.invitation) return (await acceptInvitation(db, { token: input.invitation, userId: input.userId, email: input.email })).workspace;
  const [row] = await db.select({ n: sql<number>`count(*)::int` }).from(workspaces);
  if ((row?.n ?? 0) > 0) return null;
  const name = (input.workspaceName?.trim() || `${input.name}'s workspace`).slice(0, 80);
  const base = slugify(name);
  const slug = workspaceSlug.safeParse(base).success ? base : `${base.slice(0, 40)}-team`;
  return createWorkspace(db, { slug, name, ownerId: input.userId });
}
