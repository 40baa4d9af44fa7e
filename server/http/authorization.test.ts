import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { roles, type Role } from "@/lib/access/roles";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { apiKeys, invitations, members, projects, workspaces, type Project, type Workspace } from "@/lib/db/schema";
import { createInvitation } from "@/lib/invitations/create-invitation";
import { createProject } from "@/lib/projects/create-project";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { countEvents, createKeyUser, uniqueSlug, type KeyUser } from "@/tests/support/fixtures";
import type { ApiResponse, TestServer, TestUser } from "@/tests/support/server";
import { startTestServer } from "@/tests/support/server";

type Member = Role | "outsider";
type Actor = Member | "anonymous";
/** Who may call a route: at least a workspace role, any signed-in user, or anyone. */
type Minimum = Role | "signed-in" | "public";

interface Fixture {
  ws: Workspace;
  users: Record<Member, TestUser>;
  project: Project;
  invitation: { id: string; token: string };
}

/** One concrete request against a route, built fresh for each attempt. */
interface Attempt {
  path: string;
  body?: unknown;
  /** Reads back what the request would change; a successful write must change it. */
  probe?: () => Promise<unknown>;
  /** The user making the successful attempt, when it is not the minimum role's member. */
  as?: KeyUser;
}

interface RouteCase {
  route: string;
  min: Minimum;
  status: number;
  prepare(fx: Fixture): Attempt | Promise<Attempt>;
  check?(res: ApiResponse<Record<string, unknown>>, fx: Fixture): void;
}

const weaker = (role: Role): Role[] => roles.slice(roles.indexOf(role) + 1);

/** Everyone the route must refuse, with the status and code they get. */
function refusals(min: Minimum): { actor: Actor; status: number; code: string }[] {
  if (min === "public") return [];
  const anonymous = { actor: "anonymous" as const, status: 401, code: "unauthenticated" };
  if (min === "signed-in") return [anonymous];
  return [
    ...weaker(min).map((actor) => ({ actor, status: 403, code: "forbidden" })),
    { actor: "outsider" as const, status: 404, code: "not_found" },
    anonymous,
  ];
}

/** The weakest caller that must succeed. */
const minimumActor = (min: Minimum): Actor => (min === "public" ? "anonymous" : min === "signed-in" ? "outsider" : min);

let t: TestServer;
let fx: Fixture;
const db = () => t.server.services.database.db;

const memberRow = (ws: Workspace, userId: string) =>
  db()
    .select({ role: members.role })
    .from(members)
    .where(and(eq(members.workspaceId, ws.id), eq(members.userId, userId)));

async function newInvitation(f: Fixture, role: Role = "viewer") {
  const { invitation, token } = await createInvitation(db(), {
    role,
    expiresInDays: 7,
    workspaceId: f.ws.id,
    actorId: f.users.owner.user.id,
    actorRole: "owner",
  });
  return { id: invitation.id, token };
}

const routes: RouteCase[] = [
  {
    route: "GET /health",
    min: "public",
    status: 200,
    prepare: () => ({ path: "/health" }),
    check: (res) => expect(res.body).toMatchObject({ status: "ok" }),
  },
  {
    route: "GET /me",
    min: "signed-in",
    status: 200,
    prepare: () => ({ path: "/me" }),
    check: (res, f) => expect(res.body).toMatchObject({ user: { id: f.users.outsider.user.id }, workspaces: [] }),
  },
  {
    route: "POST /workspaces",
    min: "signed-in",
    status: 201,
    prepare: async () => {
      const slug = uniqueSlug("authz-ws");
      return {
        path: "/workspaces",
        // A fresh creator, so the fixture's outsider keeps no memberships.
        as: await createKeyUser(t),
        body: { slug, name: "New workspace" },
        probe: () => db().select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)),
      };
    },
    check: (res) => expect(res.body).toMatchObject({ role: "owner" }),
  },
  {
    route: "GET /workspaces/:ws",
    min: "viewer",
    status: 200,
    prepare: (f) => ({ path: `/workspaces/${f.ws.slug}` }),
    check: (res, f) => expect(res.body).toMatchObject({ id: f.ws.id, slug: f.ws.slug, role: "viewer" }),
  },
  {
    route: "GET /workspaces/:ws/members",
    min: "viewer",
    status: 200,
    prepare: (f) => ({ path: `/workspaces/${f.ws.slug}/members` }),
    check: (res, f) => {
      const listed = (res.body.members as { userId: string; role: string }[]).map((m) => [m.userId, m.role]);
      expect(listed).toEqual(expect.arrayContaining(roles.map((r) => [f.users[r].user.id, r])));
    },
  },
  {
    route: "PATCH /workspaces/:ws/members/:userId",
    min: "admin",
    status: 200,
    prepare: async (f) => {
      const target = await createKeyUser(t, { workspaceId: f.ws.id, role: "editor" });
      return {
        path: `/workspaces/${f.ws.slug}/members/${target.user.id}`,
        body: { role: "viewer" },
        probe: () => memberRow(f.ws, target.user.id),
      };
    },
    check: (res) => expect(res.body).toMatchObject({ role: "viewer" }),
  },
  {
    route: "DELETE /workspaces/:ws/members/:userId",
    min: "admin",
    status: 204,
    prepare: async (f) => {
      const target = await createKeyUser(t, { workspaceId: f.ws.id, role: "viewer" });
      return { path: `/workspaces/${f.ws.slug}/members/${target.user.id}`, probe: () => memberRow(f.ws, target.user.id) };
    },
  },
  {
    route: "GET /workspaces/:ws/invitations",
    min: "admin",
    status: 200,
    prepare: (f) => ({ path: `/workspaces/${f.ws.slug}/invitations` }),
    check: (res, f) => expect(res.body.invitations).toEqual(expect.arrayContaining([expect.objectContaining({ id: f.invitation.id })])),
  },
  {
    route: "POST /workspaces/:ws/invitations",
    min: "admin",
    status: 201,
    prepare: (f) => {
      const email = `${uniqueSlug("invitee")}@example.com`;
      return {
        path: `/workspaces/${f.ws.slug}/invitations`,
        body: { role: "viewer", email },
        probe: () => db().select({ id: invitations.id }).from(invitations).where(eq(invitations.email, email)),
      };
    },
  },
  {
    route: "DELETE /workspaces/:ws/invitations/:id",
    min: "admin",
    status: 204,
    prepare: async (f) => {
      const { id } = await newInvitation(f);
      return {
        path: `/workspaces/${f.ws.slug}/invitations/${id}`,
        probe: () => db().select({ revokedAt: invitations.revokedAt }).from(invitations).where(eq(invitations.id, id)),
      };
    },
  },
  {
    route: "GET /workspaces/:ws/projects",
    min: "viewer",
    status: 200,
    prepare: (f) => ({ path: `/workspaces/${f.ws.slug}/projects` }),
    check: (res, f) => expect(res.body.projects).toEqual(expect.arrayContaining([expect.objectContaining({ id: f.project.id })])),
  },
  {
    route: "POST /workspaces/:ws/projects",
    min: "editor",
    status: 201,
    prepare: (f) => {
      const slug = uniqueSlug("authz-project");
      return {
        path: `/workspaces/${f.ws.slug}/projects`,
        body: { slug },
        probe: () =>
          db()
            .select({ id: projects.id })
            .from(projects)
            .where(and(eq(projects.workspaceId, f.ws.id), eq(projects.slug, slug))),
      };
    },
  },
  {
    route: "GET /projects/:ws/:project",
    min: "viewer",
    status: 200,
    prepare: (f) => ({ path: `/projects/${f.ws.slug}/${f.project.slug}` }),
    check: (res, f) => expect(res.body).toMatchObject({ id: f.project.id, path: `${f.ws.slug}/${f.project.slug}` }),
  },
  {
    route: "PATCH /projects/:ws/:project",
    min: "editor",
    status: 200,
    prepare: async (f) => {
      const project = await createProject(db(), { slug: uniqueSlug("rename-me"), workspaceId: f.ws.id, actorId: null });
      return {
        path: `/projects/${f.ws.slug}/${project.slug}`,
        body: { name: "Renamed" },
        probe: () => db().select({ name: projects.name }).from(projects).where(eq(projects.id, project.id)),
      };
    },
  },
  {
    route: "GET /api-keys",
    min: "signed-in",
    status: 200,
    prepare: () => ({ path: "/api-keys" }),
    check: (res, f) => {
      expect(res.body.apiKeys).toEqual(expect.arrayContaining([expect.objectContaining({ name: "test", prefix: f.users.outsider.key.slice(0, 10) })]));
      expect(JSON.stringify(res.body)).not.toContain(f.users.outsider.key);
    },
  },
  {
    route: "POST /api-keys",
    min: "signed-in",
    status: 201,
    prepare: () => {
      const name = uniqueSlug("authz-key");
      return {
        path: "/api-keys",
        body: { name },
        probe: () => db().select({ id: apiKeys.id }).from(apiKeys).where(eq(apiKeys.name, name)),
      };
    },
  },
  {
    route: "DELETE /api-keys/:id",
    min: "signed-in",
    status: 204,
    prepare: async (f) => {
      const { apiKey } = await createApiKey(db(), { userId: f.users.outsider.user.id, name: "to revoke" });
      return {
        path: `/api-keys/${apiKey.id}`,
        probe: () => db().select({ revokedAt: apiKeys.revokedAt }).from(apiKeys).where(eq(apiKeys.id, apiKey.id)),
      };
    },
  },
  {
    route: "GET /invitations/:token",
    min: "public",
    status: 200,
    prepare: (f) => ({ path: `/invitations/${f.invitation.token}` }),
    check: (res, f) => expect(res.body).toMatchObject({ workspace: { slug: f.ws.slug }, role: "viewer" }),
  },
  {
    route: "POST /invitations/:token/accept",
    min: "signed-in",
    status: 200,
    prepare: async (f) => {
      // A fresh user accepts, so the fixture's outsider stays outside the workspace.
      const joiner = await createKeyUser(t);
      const { id, token } = await newInvitation(f, "commenter");
      return {
        path: `/invitations/${token}/accept`,
        as: joiner,
        probe: async () => ({
          invitation: await db().select({ acceptedAt: invitations.acceptedAt }).from(invitations).where(eq(invitations.id, id)),
          membership: await memberRow(f.ws, joiner.user.id),
        }),
      };
    },
    check: (res) => expect(res.body).toMatchObject({ role: "commenter" }),
  },
];

const keyOf = (actor: Actor): string | undefined => (actor === "anonymous" ? undefined : fx.users[actor].key);

async function send(attempt: Attempt, method: string, key: string | undefined) {
  return t.request<Record<string, unknown>>(`/api/v1${attempt.path}`, { method, body: attempt.body, key });
}

/** The route template as a pattern, so a case cannot test a different path than it names. */
const templatePattern = (template: string) => new RegExp(`^${template.replace(/:\w+/g, "[^/]+")}$`);

beforeAll(async () => {
  t = await startTestServer();
  const owner = await t.createUser({ name: "The owner" });
  const workspace = await createWorkspace(db(), { slug: "acme", name: "Acme", ownerId: owner.user.id });
  const users = { owner } as Record<Member, TestUser>;
  for (const role of roles.filter((r) => r !== "owner")) {
    users[role] = await t.createUser({ workspaceId: workspace.id, role, name: `The ${role}` });
  }
  users.outsider = await t.createUser({ name: "Outsider" });
  const project = await createProject(db(), { slug: "fixture-project", name: "Fixture", workspaceId: workspace.id, actorId: owner.user.id });
  fx = { ws: workspace, users, project, invitation: { id: "", token: "" } };
  fx.invitation = await newInvitation(fx);
});
afterAll(async () => t?.close());

const describeActor = (min: Minimum) =>
  min === "public" ? "anyone" : min === "signed-in" ? "any signed-in user" : `${/^[aeiou]/.test(min) ? "an" : "a"} ${min}`;

describe.each(routes.map((rc) => [rc.route, rc.min, rc] as const))("%s (minimum: %s)", (route, _min, rc) => {
  const [method = "GET", template = ""] = route.split(" ");
  const refused = refusals(rc.min);

  if (refused.length > 0) {
    it.each(refused.map((r) => [r.actor, r.status, r.code, r] as const))("refuses %s with %i %s and writes nothing", async (actor, status, code) => {
      const attempt = await rc.prepare(fx);
      expect(attempt.path).toMatch(templatePattern(template));
      const before = { events: await countEvents(t), probe: await attempt.probe?.() };
      const res = await send(attempt, method, keyOf(actor));
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
      expect({ events: await countEvents(t), probe: await attempt.probe?.() }).toEqual(before);
    });
  }

  it(`lets ${describeActor(rc.min)} through with ${rc.status}`, async () => {
    const attempt = await rc.prepare(fx);
    expect(attempt.path).toMatch(templatePattern(template));
    const key = attempt.as?.key ?? keyOf(minimumActor(rc.min));
    const events = await countEvents(t);
    const before = await attempt.probe?.();
    const res = await send(attempt, method, key);
    expect(res.status, JSON.stringify(res.body)).toBe(rc.status);
    rc.check?.(res, fx);
    if (method === "GET") {
      expect(await countEvents(t)).toBe(events);
    } else {
      // The probe sees the write, so "unchanged" after a refusal above is meaningful.
      expect(attempt.probe).toBeDefined();
      expect(await attempt.probe?.()).not.toEqual(before);
      expect(await countEvents(t)).toBeGreaterThan(events);
    }
  });
});

describe("API keys", () => {
  it("act with their user's current roles, which have no role of their own", async () => {
    const user = await createKeyUser(t, { workspaceId: fx.ws.id, role: "editor" });
    const create = (slug: string) => t.request(`/api/v1/workspaces/${fx.ws.slug}/projects`, { key: user.key, body: { slug } });

    expect((await create(uniqueSlug("by-editor"))).status).toBe(201);

    const demote = await t.request(`/api/v1/workspaces/${fx.ws.slug}/members/${user.user.id}`, {
      method: "PATCH",
      key: fx.users.admin.key,
      body: { role: "viewer" },
    });
    expect(demote.status).toBe(200);
    const refused = await create(uniqueSlug("by-viewer"));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ error: { code: "forbidden", message: expect.stringContaining("you are viewer") } });
    expect((await t.request(`/api/v1/workspaces/${fx.ws.slug}`, { key: user.key })).body).toMatchObject({ role: "viewer" });

    const remove = await t.request(`/api/v1/workspaces/${fx.ws.slug}/members/${user.user.id}`, { method: "DELETE", key: fx.users.admin.key });
    expect(remove.status).toBe(204);
    expect((await t.request(`/api/v1/workspaces/${fx.ws.slug}`, { key: user.key })).status).toBe(404);
    // Still a valid credential: only the membership is gone.
    expect((await t.request("/api/v1/me", { key: user.key })).status).toBe(200);
  });
});

describe("cookie sessions", () => {
  const cookies: Partial<Record<Member, string>> = {};
  const cookieOf = async (member: Member) => (cookies[member] ??= await t.signIn(fx.users[member].email, fx.users[member].password));

  interface Comparison {
    member: Member;
    what: string;
    expected: number;
    call: (credentials: { key?: string; cookie?: string }) => Promise<ApiResponse>;
  }
  const comparisons: Comparison[] = [
    { member: "viewer", what: "reads the workspace", expected: 200, call: (c) => t.request(`/api/v1/workspaces/${fx.ws.slug}`, c) },
    {
      member: "viewer",
      what: "creates a project",
      expected: 403,
      call: (c) => t.request(`/api/v1/workspaces/${fx.ws.slug}/projects`, { ...c, body: { slug: uniqueSlug("cookie-viewer") } }),
    },
    {
      member: "editor",
      what: "creates a project",
      expected: 201,
      call: (c) => t.request(`/api/v1/workspaces/${fx.ws.slug}/projects`, { ...c, body: { slug: uniqueSlug("cookie-editor") } }),
    },
    {
      member: "editor",
      what: "lists invitations",
      expected: 403,
      call: (c) => t.request(`/api/v1/workspaces/${fx.ws.slug}/invitations`, c),
    },
    { member: "outsider", what: "reads the workspace", expected: 404, call: (c) => t.request(`/api/v1/workspaces/${fx.ws.slug}`, c) },
  ];

  it.each(comparisons.map((c) => [c.member, c.what, c.expected, c] as const))(
    "give the %s the same answer as a key when it %s (%i)",
    async (member, _what, expected, { call }) => {
    const viaKey = await call({ key: fx.users[member].key });
    const viaCookie = await call({ cookie: await cookieOf(member) });
    expect([viaKey.status, viaCookie.status]).toEqual([expected, expected]);
    },
  );

  it("identify the user on /me as a session", async () => {
    const res = await t.request("/api/v1/me", { cookie: await cookieOf("editor") });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      user: { id: fx.users.editor.user.id },
      authenticatedWith: "session",
      workspaces: [expect.objectContaining({ slug: fx.ws.slug, role: "editor" })],
    });
  });

  const projectsPath = () => `/api/v1/workspaces/${fx.ws.slug}/projects`;
  const projectExists = async (slug: string) => (await t.request(`/api/v1/projects/${fx.ws.slug}/${slug}`, { key: fx.users.owner.key })).status === 200;

  it.each([
    ["a foreign Origin", "https://evil.example"],
    ["no Origin", null],
  ] as const)("refuse a write with %s (403) and write nothing", async (_label, origin) => {
    const slug = uniqueSlug("csrf");
    const events = await countEvents(t);
    const res = await t.request(projectsPath(), { cookie: await cookieOf("editor"), origin, body: { slug } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: "forbidden", message: expect.stringContaining("Origin") } });
    expect(await projectExists(slug)).toBe(false);
    expect(await countEvents(t)).toBe(events);
  });

  it("refuse a cross-origin rename as well (403, name unchanged)", async () => {
    const res = await t.request(`/api/v1/projects/${fx.ws.slug}/${fx.project.slug}`, {
      method: "PATCH",
      cookie: await cookieOf("editor"),
      origin: "https://evil.example",
      body: { name: "Hijacked" },
    });
    expect(res.status).toBe(403);
    const after = await t.request(`/api/v1/projects/${fx.ws.slug}/${fx.project.slug}`, { key: fx.users.owner.key });
    expect(after.body).toMatchObject({ name: "Fixture" });
  });

  it("accept a same-origin write", async () => {
    const slug = uniqueSlug("same-origin");
    const res = await t.request(projectsPath(), { cookie: await cookieOf("editor"), body: { slug } });
    expect(res.status).toBe(201);
    expect(await projectExists(slug)).toBe(true);
  });

  it.each([
    ["no Origin", undefined],
    ["a foreign Origin", "https://evil.example"],
  ] as const)("do not apply to Bearer keys: a key write with %s succeeds", async (_label, origin) => {
    const slug = uniqueSlug("bearer");
    const res = await t.request(projectsPath(), { key: fx.users.editor.key, origin, body: { slug } });
    expect(res.status).toBe(201);
    expect(await projectExists(slug)).toBe(true);
  });
});
