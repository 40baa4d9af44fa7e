import { Hono } from "hono";
import { z } from "zod";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import { acceptInvitation } from "@/lib/invitations/accept-invitation";
import { createInvitation, createInvitationInput } from "@/lib/invitations/create-invitation";
import { findUsableInvitationOrThrow } from "@/lib/invitations/find-invitation";
import { listInvitations } from "@/lib/invitations/list-invitations";
import { revokeInvitation } from "@/lib/invitations/revoke-invitation";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";
import { publicOrigin } from "../origin";
import { parseOrThrow, readJson } from "../validate";

const invitationId = z.uuid("must be an invitation id");

/** Invitation links: admins create, list and revoke; the link's holder previews and accepts. */
export const invitationRoutes = new Hono<HttpEnv>()
  .get("/workspaces/:workspace/invitations", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "admin" });
    return c.json({ invitations: await listInvitations(db, workspace.id) });
  })
  .post("/workspaces/:workspace/invitations", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "admin" });
    const input = await readJson(c, createInvitationInput);
    const { invitation, token } = await createInvitation(db, {
      ...input,
      workspaceId: access.workspace.id,
      actorId: caller.user.id,
      actorRole: access.role,
    });
    return c.json(
      {
        id: invitation.id,
        role: invitation.role,
        email: invitation.email,
        expiresAt: invitation.expiresAt,
        token,
        url: `${publicOrigin(c)}/invite/${token}`,
      },
      201,
    );
  })
  .delete("/workspaces/:workspace/invitations/:id", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "admin" });
    const id = parseOrThrow(invitationId, c.req.param("id"), "Invalid path", "id");
    await revokeInvitation(db, { workspaceId: access.workspace.id, invitationId: id, actorId: caller.user.id });
    return c.body(null, 204);
  })
  // Public by design: the token itself is the credential; only what the sign-up page shows.
  .get("/invitations/:token", async (c) => {
    const { invitation, workspace } = await findUsableInvitationOrThrow(c.var.services.database.db, c.req.param("token"));
    return c.json({
      workspace: { slug: workspace.slug, name: workspace.name },
      role: invitation.role,
      email: invitation.email,
      expiresAt: invitation.expiresAt,
    });
  })
  .post("/invitations/:token/accept", async (c) => {
    const caller = await requireCaller(c);
    const { workspace, role } = await acceptInvitation(c.var.services.database.db, {
      token: c.req.param("token"),
      userId: caller.user.id,
      email: caller.user.email,
    });
    return c.json({ workspace: { id: workspace.id, slug: workspace.slug, name: workspace.name }, role });
  });
