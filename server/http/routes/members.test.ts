import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roles, type Role } from "@/lib/access/roles";
import { members, type Workspace } from "@/lib/db/schema";
import { addMember } from "@/lib/members/add-member";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { countEvents, createKeyUser, createOwnedWorkspace, uniqueSlug, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

interface MemberBody {
  userId: string;
  name: string;
  email: string;
  role: Role;
  joinedAt: string;
}

describe("/api/v1/workspaces/:workspace/members", () => {
  let t: TestServer;
  /** One user per role, reused across workspaces: creating users (password hashing) is the slow part. */
  const pool = {} as Record<Role, KeyUser>;
  beforeAll(async () => {
    t = await startTestServer();
    for (const role of roles) pool[role] = await createKeyUser(t, { name: `The ${role}` });
  });
  afterAll(async () => t?.close());

  /** A fresh workspace owned by the pool's owner, with the pool's member for each other role passed. */
  async function team<R extends Role>(...others: R[]): Promise<{ ws: Workspace; owner: KeyUser } & Record<R, KeyUser>> {
    const db = t.server.services.database.db;
    const ws = await createWorkspace(db, { slug: uniqueSlug("team"), name: "Team", ownerId: pool.owner.user.id });
    for (const role of others) await addMember(db, { workspaceId: ws.id, userId: pool[role].user.id, role, actorId: null });
    return { ws, ...pool };
  }

  const membersPath = (ws: Workspace, userId?: string) => `/api/v1/workspaces/${ws.slug}/members${userId ? `/${userId}` : ""}`;
  const changeRole = (ws: Workspace, actor: KeyUser, target: string, role: unknown) =>
    t.request(membersPath(ws, target), { method: "PATCH", key: actor.key, body: { role } });
  const remove = (ws: Workspace, actor: KeyUser, target: string) => t.request(membersPath(ws, target), { method: "DELETE", key: actor.key });

  /** userId → role, read through the API as the workspace owner. */
  async function roster(ws: Workspace, owner: KeyUser): Promise<Record<string, Role>> {
    const res = await t.request<{ members: MemberBody[] }>(membersPath(ws), { key: owner.key });
    expect(res.status).toBe(200);
    return Object.fromEntries(res.body.members.map((m) => [m.userId, m.role]));
  }

  it("lists members with their roles, sorted by name, to a viewer", async () => {
    const { workspace: ws, owner } = await createOwnedWorkspace(t);
    const zoe = await createKeyUser(t, { workspaceId: ws.id, role: "editor", name: "Zoe" });
    const ada = await createKeyUser(t, { workspaceId: ws.id, role: "viewer", name: "Ada" });

    const res = await t.request<{ members: MemberBody[] }>(membersPath(ws), { key: ada.key });
    expect(res.status).toBe(200);
    expect(res.body.members).toEqual([
      { userId: ada.user.id, name: "Ada", email: ada.user.email, role: "viewer", joinedAt: expect.any(String) },
      { userId: owner.user.id, name: "Owner", email: owner.user.email, role: "owner", joinedAt: expect.any(String) },
      { userId: zoe.user.id, name: "Zoe", email: zoe.user.email, role: "editor", joinedAt: expect.any(String) },
    ]);
    expect(Number.isNaN(Date.parse(res.body.members[0]?.joinedAt ?? ""))).toBe(false);
  });

  it("lets an admin change an editor to viewer", async () => {
    const { ws, owner, admin, editor } = await team("admin", "editor");
    const res = await changeRole(ws, admin, editor.user.id, "viewer");
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ userId: editor.user.id, role: "viewer" });
    expect((await roster(ws, owner))[editor.user.id]).toBe("viewer");
    // The change takes effect on the member's next request.
    const create = await t.request(`/api/v1/workspaces/${ws.slug}/projects`, { key: editor.key, body: { slug: "after-demotion" } });
    expect(create.status).toBe(403);
  });

  it("lets an admin remove an editor", async () => {
    const { ws, owner, admin, editor } = await team("admin", "editor");
    const res = await remove(ws, admin, editor.user.id);
    expect(res.status).toBe(204);
    expect(await roster(ws, owner)).not.toHaveProperty(editor.user.id);
    expect((await t.request(`/api/v1/workspaces/${ws.slug}`, { key: editor.key })).status).toBe(404);
  });

  it("lets an admin make another member admin (below owner, admins manage everyone)", async () => {
    const { ws, owner, admin, viewer } = await team("admin", "viewer");
    expect((await changeRole(ws, admin, viewer.user.id, "admin")).status).toBe(200);
    expect((await roster(ws, owner))[viewer.user.id]).toBe("admin");
  });

  describe("the owner role", () => {
    it("cannot be granted by an admin (403, role unchanged)", async () => {
      const { ws, owner, admin, editor } = await team("admin", "editor");
      const res = await changeRole(ws, admin, editor.user.id, "owner");
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: "forbidden", message: expect.stringContaining("Only an owner") } });
      expect((await roster(ws, owner))[editor.user.id]).toBe("editor");
    });

    it("cannot be granted by an admin to themselves (403)", async () => {
      const { ws, owner, admin } = await team("admin");
      expect((await changeRole(ws, admin, admin.user.id, "owner")).status).toBe(403);
      expect((await roster(ws, owner))[admin.user.id]).toBe("admin");
    });

    it("cannot be changed by an admin (403, owner unchanged)", async () => {
      const { ws, owner, admin } = await team("admin");
      const res = await changeRole(ws, admin, owner.user.id, "viewer");
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: "forbidden" } });
      expect((await roster(ws, owner))[owner.user.id]).toBe("owner");
    });

    it("cannot be removed by an admin (403, owner still a member)", async () => {
      const { ws, owner, admin } = await team("admin");
      const events = await countEvents(t);
      const res = await remove(ws, admin, owner.user.id);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ error: { code: "forbidden" } });
      expect((await roster(ws, owner))[owner.user.id]).toBe("owner");
      expect(await countEvents(t)).toBe(events);
    });

    it("can be granted, changed and removed by an owner", async () => {
      const { ws, owner, admin, editor } = await team("admin", "editor");
      expect((await changeRole(ws, owner, editor.user.id, "owner")).body).toEqual({ userId: editor.user.id, role: "owner" });
      expect((await roster(ws, owner))[editor.user.id]).toBe("owner");

      // The new owner can now do what the admin could not: demote and remove an owner.
      expect((await changeRole(ws, editor, owner.user.id, "admin")).status).toBe(200);
      expect((await roster(ws, editor))[owner.user.id]).toBe("admin");
      expect((await changeRole(ws, editor, admin.user.id, "owner")).status).toBe(200);
      expect((await remove(ws, editor, admin.user.id)).status).toBe(204);
      expect(await roster(ws, editor)).toEqual({ [editor.user.id]: "owner", [owner.user.id]: "admin" });
    });
  });

  describe("the last owner", () => {
    it("cannot be demoted, even by themselves (409)", async () => {
      const { ws, owner } = await team();
      const res = await changeRole(ws, owner, owner.user.id, "admin");
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: { code: "conflict", message: expect.stringMatching(/workspace needs at least one owner/i) } });
      expect((await roster(ws, owner))[owner.user.id]).toBe("owner");
    });

    it("cannot leave (409)", async () => {
      const { ws, owner } = await team("admin");
      const res = await remove(ws, owner, owner.user.id);
      expect(res.status).toBe(409);
      expect(res.body).toEqual({ error: { code: "conflict", message: expect.stringMatching(/workspace needs at least one owner/i) } });
      expect((await roster(ws, owner))[owner.user.id]).toBe("owner");
    });

    it("can step down once there is another owner", async () => {
      const { ws, owner, admin } = await team("admin");
      expect((await changeRole(ws, owner, admin.user.id, "owner")).status).toBe(200);
      expect((await changeRole(ws, owner, owner.user.id, "viewer")).status).toBe(200);
      expect(await roster(ws, admin)).toEqual({ [admin.user.id]: "owner", [owner.user.id]: "viewer" });
      // Now the other is the last owner.
      expect((await changeRole(ws, admin, admin.user.id, "editor")).status).toBe(409);
    });

    // Two owners stepping down at once must not both succeed (a write-skew race on Postgres).
    it.each([
      ["demote themselves", (ws: Workspace, u: KeyUser) => changeRole(ws, u, u.user.id, "admin")],
      ["leave", (ws: Workspace, u: KeyUser) => remove(ws, u, u.user.id)],
    ])("is kept when two owners %s at the same moment", async (_label, stepDown) => {
      const outcomes: number[][] = [];
      for (let round = 0; round < 8; round++) {
        const { ws, owner, admin } = await team("admin");
        expect((await changeRole(ws, owner, admin.user.id, "owner")).status).toBe(200);
        const results = await Promise.all([stepDown(ws, owner), stepDown(ws, admin)]);
        outcomes.push(results.map((r) => r.status).sort());
        const owners = await t.server.services.database.db
          .select({ userId: members.userId })
          .from(members)
          .where(and(eq(members.workspaceId, ws.id), eq(members.role, "owner")));
        expect(owners).toHaveLength(1);
      }
      expect(outcomes.every(([a, b]) => a !== undefined && a < 300 && b === 409)).toBe(true);
    });

    it("with a co-owner, can leave", async () => {
      const { ws, owner, admin } = await team("admin");
      expect((await changeRole(ws, owner, admin.user.id, "owner")).status).toBe(200);
      expect((await remove(ws, owner, owner.user.id)).status).toBe(204);
      expect(await roster(ws, admin)).toEqual({ [admin.user.id]: "owner" });
    });
  });

  it.each(["viewer", "commenter", "editor", "admin"] as const)("lets the %s leave (DELETE self → 204)", async (role) => {
    const { ws, owner, [role]: member } = await team(role);
    const res = await remove(ws, member, member.user.id);
    expect(res.status).toBe(204);
    expect(await roster(ws, owner)).toEqual({ [owner.user.id]: "owner" });
    expect((await t.request(`/api/v1/workspaces/${ws.slug}`, { key: member.key })).status).toBe(404);
  });

  it.each([
    ["an unknown role", { role: "superuser" }],
    ["no role", {}],
    ["a non-string role", { role: 5 }],
  ])("refuses %s with 400 naming role", async (_label, body) => {
    const { ws, owner, editor } = await team("editor");
    const res = await t.request(membersPath(ws, editor.user.id), { method: "PATCH", key: owner.key, body });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringMatching(/\brole: /) } });
    expect((await roster(ws, owner))[editor.user.id]).toBe("editor");
  });

  it.each([
    ["a random id", () => randomUUID()],
    ["a non-member's id", async () => (await createKeyUser(t)).user.id],
  ])("answers 404 for %s on PATCH and DELETE", async (_label, target) => {
    const { ws, owner } = await team();
    const userId = await target();
    const patch = await changeRole(ws, owner, userId, "viewer");
    expect(patch.status).toBe(404);
    expect(patch.body).toEqual({ error: { code: "not_found", message: expect.stringContaining("not a member") } });
    const del = await remove(ws, owner, userId);
    expect(del.status).toBe(404);
    expect(del.body).toMatchObject({ error: { code: "not_found" } });
    expect(Object.keys(await roster(ws, owner))).toEqual([owner.user.id]);
  });

  it("does not let a member of one workspace manage another's members (404)", async () => {
    const a = await team("admin");
    const b = await team("editor");
    const res = await changeRole(b.ws, a.admin, b.editor.user.id, "viewer");
    expect(res.status).toBe(404);
    expect((await roster(b.ws, b.owner))[b.editor.user.id]).toBe("editor");
  });
});
