import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { invitations, type Workspace } from "@/lib/db/schema";
import { hashSecret } from "@/lib/tokens";
import { countEvents, createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

interface Created {
  id: string;
  role: string;
  email: string | null;
  expiresAt: string;
  token: string;
  url: string;
}

describe("invitations", () => {
  let t: TestServer;
  let ws: Workspace;
  let owner: KeyUser;
  let admin: KeyUser;
  const db = () => t.server.services.database.db;

  beforeAll(async () => {
    t = await startTestServer();
    ({ workspace: ws, owner } = await createOwnedWorkspace(t, { slug: "lab", name: "The Lab" }));
    admin = await createKeyUser(t, { workspaceId: ws.id, role: "admin", name: "Admin" });
  });
  afterAll(async () => t?.close());

  async function invite(body: Record<string, unknown> = {}, as: KeyUser = admin, workspace: Workspace = ws): Promise<Created> {
    const res = await t.request<Created>(`/api/v1/workspaces/${workspace.slug}/invitations`, { key: as.key, body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  }
  const accept = (token: string, credentials: { key?: string; cookie?: string }) =>
    t.request(`/api/v1/invitations/${token}/accept`, { method: "POST", ...credentials });
  const preview = (token: string) => t.request(`/api/v1/invitations/${token}`);
  const pending = async (workspace: Workspace = ws) => {
    const res = await t.request<{ invitations: { id: string }[] }>(`/api/v1/workspaces/${workspace.slug}/invitations`, { key: owner.key });
    expect(res.status).toBe(200);
    return res.body.invitations.map((i) => i.id);
  };
  const rowOf = async (id: string) => {
    const [row] = await db().select().from(invitations).where(eq(invitations.id, id));
    if (!row) throw new Error(`no invitation ${id}`);
    return row;
  };

  it("are created by an admin: 201 with a link to /invite/<token>, stored only as a hash", async () => {
    const before = Date.now();
    const res = await t.request<Created>(`/api/v1/workspaces/${ws.slug}/invitations`, { key: admin.key, body: { role: "editor" } });
    expect(res.status).toBe(201);
    const { token, url, expiresAt } = res.body;
    expect(res.body).toMatchObject({ id: expect.any(String), role: "editor", email: null });
    expect(token).toMatch(/^inv_[A-Za-z0-9_-]{20,}$/);
    expect(url).toBe(`${t.url}/invite/${token}`);
    // Default lifetime: a week.
    expect(Date.parse(expiresAt) - before).toBeGreaterThan(6.9 * 86_400_000);
    expect(Date.parse(expiresAt) - before).toBeLessThan(7.1 * 86_400_000);

    const row = await rowOf(res.body.id);
    expect(row.tokenHash).toBe(hashSecret(token));
    expect(JSON.stringify(row)).not.toContain(token);
    expect(await pending()).toContain(res.body.id);
  });

  it("can be previewed without signing in: workspace name and role", async () => {
    const { token, expiresAt } = await invite({ role: "commenter" });
    const res = await preview(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ workspace: { slug: "lab", name: "The Lab" }, role: "commenter", email: null, expiresAt });
  });

  it("answers 404 to a preview of a made-up token", async () => {
    const res = await preview("inv_doesnotexist");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.stringContaining("not valid") } });
  });

  it("are accepted by a signed-in non-member, who joins with the invited role", async () => {
    const { id, token } = await invite({ role: "commenter" });
    const joiner = await t.createUser({ name: "Joiner" });
    const cookie = await t.signIn(joiner.email, joiner.password);

    const res = await accept(token, { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ workspace: { id: ws.id, slug: "lab", name: "The Lab" }, role: "commenter" });

    const me = await t.request("/api/v1/me", { cookie });
    expect(me.body).toMatchObject({ workspaces: [{ id: ws.id, slug: "lab", name: "The Lab", role: "commenter" }] });
    const row = await rowOf(id);
    expect(row.acceptedBy).toBe(joiner.user.id);
    expect(row.acceptedAt).toBeInstanceOf(Date);
    expect(await pending()).not.toContain(id);
  });

  it("keeps an existing member's role when they accept", async () => {
    const { token } = await invite({ role: "viewer" });
    const editor = await createKeyUser(t, { workspaceId: ws.id, role: "editor" });
    const res = await accept(token, { key: editor.key });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ role: "editor" });
    expect((await t.request(`/api/v1/workspaces/${ws.slug}`, { key: editor.key })).body).toMatchObject({ role: "editor" });
  });

  it("cannot be used twice (409), and the second user does not join", async () => {
    const { token } = await invite({ role: "editor" });
    const first = await createKeyUser(t);
    const second = await createKeyUser(t);
    expect((await accept(token, { key: first.key })).status).toBe(200);

    const events = await countEvents(t);
    const again = await accept(token, { key: second.key });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: { code: "conflict", message: expect.stringContaining("already been used") } });
    expect((await t.request("/api/v1/me", { key: second.key })).body).toMatchObject({ workspaces: [] });
    expect(await countEvents(t)).toBe(events);
    expect((await preview(token)).status).toBe(409);
  });

  it("admit only one of two users accepting the same link at the same moment", async () => {
    const { token } = await invite({ role: "viewer" });
    const [a, b] = [await createKeyUser(t), await createKeyUser(t)];
    const results = await Promise.all([accept(token, { key: a.key }), accept(token, { key: b.key })]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const joined = await Promise.all([a, b].map(async (u) => (await t.request(`/api/v1/workspaces/${ws.slug}`, { key: u.key })).status));
    expect(joined.sort()).toEqual([200, 404]);
  });

  it("stop working once revoked (404)", async () => {
    const { id, token } = await invite({ role: "editor" });
    const revoke = await t.request(`/api/v1/workspaces/${ws.slug}/invitations/${id}`, { method: "DELETE", key: admin.key });
    expect(revoke.status).toBe(204);
    expect((await rowOf(id)).revokedAt).toBeInstanceOf(Date);

    const joiner = await createKeyUser(t);
    const res = await accept(token, { key: joiner.key });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.stringContaining("not valid") } });
    expect((await t.request("/api/v1/me", { key: joiner.key })).body).toMatchObject({ workspaces: [] });
    expect((await preview(token)).status).toBe(404);
    expect(await pending()).not.toContain(id);
    // Revoking again finds no pending invitation.
    expect((await t.request(`/api/v1/workspaces/${ws.slug}/invitations/${id}`, { method: "DELETE", key: admin.key })).status).toBe(404);
  });

  it("cannot be revoked through another workspace's path (404, still usable)", async () => {
    const { id, token } = await invite({ role: "viewer" });
    const { workspace: other, owner: otherOwner } = await createOwnedWorkspace(t);
    const res = await t.request(`/api/v1/workspaces/${other.slug}/invitations/${id}`, { method: "DELETE", key: otherOwner.key });
    expect(res.status).toBe(404);
    expect((await preview(token)).status).toBe(200);
  });

  it("answers 400 to a revoke with an id that is not a uuid", async () => {
    const res = await t.request(`/api/v1/workspaces/${ws.slug}/invitations/nope`, { method: "DELETE", key: admin.key });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("invitation id") } });
  });

  it("cannot be accepted after expiry (409)", async () => {
    const { id, token } = await invite({ role: "editor" });
    await db().update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, id));
    const joiner = await createKeyUser(t);
    const res = await accept(token, { key: joiner.key });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: "conflict", message: expect.stringContaining("expired") } });
    expect((await t.request("/api/v1/me", { key: joiner.key })).body).toMatchObject({ workspaces: [] });
    expect((await rowOf(id)).acceptedAt).toBeNull();
    expect((await preview(token)).status).toBe(409);
  });

  describe("bound to an email address", () => {
    it("refuse a user with a different email (403) and let the right one in", async () => {
      const invitee = await createKeyUser(t);
      const stranger = await createKeyUser(t);
      // Addresses compare case-insensitively.
      const { id, token, email } = await invite({ role: "editor", email: invitee.user.email.toUpperCase() });
      expect(email).toBe(invitee.user.email);

      const refused = await accept(token, { key: stranger.key });
      expect(refused.status).toBe(403);
      expect(refused.body).toEqual({ error: { code: "forbidden", message: expect.stringContaining(invitee.user.email) } });
      expect((await t.request("/api/v1/me", { key: stranger.key })).body).toMatchObject({ workspaces: [] });
      expect((await rowOf(id)).acceptedAt).toBeNull();

      const ok = await accept(token, { key: invitee.key });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ role: "editor" });
    });

    it("show the address in the preview", async () => {
      const { token } = await invite({ role: "viewer", email: "someone@example.com" });
      expect((await preview(token)).body).toMatchObject({ email: "someone@example.com" });
    });
  });

  describe("of an owner", () => {
    it("cannot be created by an admin (403, nothing written)", async () => {
      const before = await pending();
      const events = await countEvents(t);
      const res = await t.request(`/api/v1/workspaces/${ws.slug}/invitations`, { key: admin.key, body: { role: "owner" } });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: "forbidden", message: expect.stringContaining("owner") } });
      expect(await pending()).toEqual(before);
      expect(await countEvents(t)).toBe(events);
    });

    it("can be created by an owner, and makes the joiner an owner", async () => {
      const { token, role } = await invite({ role: "owner" }, owner);
      expect(role).toBe("owner");
      const joiner = await createKeyUser(t);
      expect((await accept(token, { key: joiner.key })).body).toMatchObject({ role: "owner" });
      expect((await t.request(`/api/v1/workspaces/${ws.slug}`, { key: joiner.key })).body).toMatchObject({ role: "owner" });
    });
  });

  it.each([
    ["an unknown role", { role: "superuser" }, "role: "],
    ["a malformed email", { email: "not-an-email" }, "email: must be an email address"],
    ["a lifetime over 30 days", { expiresInDays: 31 }, "expiresInDays: "],
  ])("refuse %s with 400 naming the field", async (_label, body, field) => {
    const events = await countEvents(t);
    const res = await t.request(`/api/v1/workspaces/${ws.slug}/invitations`, { key: admin.key, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringContaining(field) } });
    expect(await countEvents(t)).toBe(events);
  });

  it("are listed only while pending: not accepted, revoked or expired", async () => {
    const { workspace: fresh, owner: freshOwner } = await createOwnedWorkspace(t);
    const make = () => invite({ role: "viewer" }, freshOwner, fresh);
    const [open, accepted, revoked, expired] = [await make(), await make(), await make(), await make()];

    expect((await accept(accepted.token, { key: (await createKeyUser(t)).key })).status).toBe(200);
    expect((await t.request(`/api/v1/workspaces/${fresh.slug}/invitations/${revoked.id}`, { method: "DELETE", key: freshOwner.key })).status).toBe(204);
    await db().update(invitations).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(invitations.id, expired.id));

    const res = await t.request<{ invitations: Record<string, unknown>[] }>(`/api/v1/workspaces/${fresh.slug}/invitations`, { key: freshOwner.key });
    expect(res.status).toBe(200);
    expect(res.body.invitations).toEqual([
      { id: open.id, email: null, role: "viewer", createdAt: expect.any(String), expiresAt: open.expiresAt, invitedBy: "Owner" },
    ]);
    // Nothing in the list can be used to accept.
    expect(JSON.stringify(res.body)).not.toContain(open.token);
    expect(JSON.stringify(res.body)).not.toContain(hashSecret(open.token));
  });
});
