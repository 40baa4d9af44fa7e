import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { members, users, workspaces } from "@/lib/db/schema";
import { cookieHeader, startTestServer, type TestServer } from "@/tests/support/server";

type Me = { user: { email: string }; workspaces: { slug: string; name: string; role: string }[] };

async function signUp(t: TestServer, body: Record<string, unknown>, origin = t.url) {
  const res = await fetch(`${t.url}/api/v1/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, cookie: cookieHeader(res), headers: res.headers };
}

describe("accounts: sign-up, sign-in, sign-out (invitation-only instance)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it("makes the first sign-up the owner of a new workspace, with an httpOnly session cookie", async () => {
    const res = await signUp(t, { name: "Ada", email: "ada@example.com", password: "correct horse", workspaceName: "Vision Lab" });
    expect(res.status).toBe(200);
    const setCookie = res.headers.getSetCookie().join("\n");
    expect(setCookie).toMatch(/labbook\.session_token=[^;]+;.*HttpOnly/i);
    const me = await t.request<Me>("/api/v1/me", { cookie: res.cookie });
    expect(me.status).toBe(200);
    expect(me.body.workspaces).toEqual([{ id: expect.any(String), slug: "vision-lab", name: "Vision Lab", role: "owner" }]);
  });

  it("refuses a second sign-up without an invitation and writes nothing", async () => {
    const res = await signUp(t, { name: "Eve", email: "eve@example.com", password: "password123" });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: { code: "forbidden", message: expect.stringMatching(/invitation/i) } });
    const rows = await t.server.services.database.db.select().from(users).where(eq(users.email, "eve@example.com"));
    expect(rows).toHaveLength(0);
  });

  it("lets an invited person sign up and join with the invited role", async () => {
    const owner = await t.signIn("ada@example.com", "correct horse");
    const invite = await t.request<{ token: string; url: string }>("/api/v1/workspaces/vision-lab/invitations", {
      cookie: owner,
      body: { role: "commenter" },
    });
    expect(invite.status).toBe(201);
    const res = await signUp(t, { name: "Bob", email: "bob@example.com", password: "password123", invitation: invite.body.token });
    expect(res.status).toBe(200);
    const me = await t.request<Me>("/api/v1/me", { cookie: res.cookie });
    expect(me.body.workspaces.map((w) => [w.slug, w.role])).toEqual([["vision-lab", "commenter"]]);
    // a used link cannot sign up anyone else
    const again = await signUp(t, { name: "Mallory", email: "mallory@example.com", password: "password123", invitation: invite.body.token });
    expect(again.status).toBe(409);
  });

  it("refuses an invitation bound to another email", async () => {
    const owner = await t.signIn("ada@example.com", "correct horse");
    const invite = await t.request<{ token: string }>("/api/v1/workspaces/vision-lab/invitations", {
      cookie: owner,
      body: { role: "viewer", email: "carol@example.com" },
    });
    const res = await signUp(t, { name: "Dan", email: "dan@example.com", password: "password123", invitation: invite.body.token });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: { message: expect.stringContaining("carol@example.com") } });
    const ok = await signUp(t, { name: "Carol", email: "carol@example.com", password: "password123", invitation: invite.body.token });
    expect(ok.status).toBe(200);
  });

  it("answers a duplicate email with 409 and a wrong password with 401, in the API's error shape", async () => {
    const owner = await t.signIn("ada@example.com", "correct horse");
    const invite = await t.request<{ token: string }>("/api/v1/workspaces/vision-lab/invitations", { cookie: owner, body: { role: "viewer" } });
    const dup = await signUp(t, { name: "Ada 2", email: "ada@example.com", password: "password123", invitation: invite.body.token });
    expect(dup.status).toBe(409);
    expect(dup.body).toEqual({ error: { code: "conflict", message: expect.any(String) } });
    const wrong = await t.request("/api/v1/auth/sign-in/email", { body: { email: "ada@example.com", password: "nope-nope" }, origin: t.url });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toEqual({ error: { code: "unauthenticated", message: expect.any(String) } });
  });

  it("signs out: the old session cookie stops working", async () => {
    const cookie = await t.signIn("ada@example.com", "correct horse");
    expect((await t.request("/api/v1/me", { cookie })).status).toBe(200);
    const out = await t.request("/api/v1/auth/sign-out", { cookie, body: {} });
    expect(out.status).toBe(200);
    const after = await t.request("/api/v1/me", { cookie });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("refuses a cross-site sign-in", async () => {
    const res = await t.request("/api/v1/auth/sign-in/email", {
      body: { email: "ada@example.com", password: "correct horse" },
      origin: "https://evil.example",
    });
    expect(res.status).toBe(403);
  });
});

describe("accounts with LABBOOK_OPEN_SIGNUP=true", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ LABBOOK_OPEN_SIGNUP: "true" });
  });
  afterAll(async () => t?.close());

  it("lets anyone sign up; only the first sign-up gets a workspace", async () => {
    // "Settings" would collide with the app's own /settings page: the slug steps aside.
    const first = await signUp(t, { name: "First", email: "first@example.com", password: "password123", workspaceName: "Settings" });
    const second = await signUp(t, { name: "Second", email: "second@example.com", password: "password123" });
    expect([first.status, second.status]).toEqual([200, 200]);
    const db = t.server.services.database.db;
    expect((await db.select().from(workspaces)).map((w) => [w.slug, w.name])).toEqual([["settings-team", "Settings"]]);
    const [owner] = await db.select().from(members);
    expect(owner?.role).toBe("owner");
    const me = await t.request<Me>("/api/v1/me", { cookie: second.cookie });
    expect(me.body.workspaces).toEqual([]);
  });
});

describe("sign-in rate limit (LABBOOK_SIGNIN_RATE_LIMIT=3)", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ LABBOOK_SIGNIN_RATE_LIMIT: "3" });
    await signUp(t, { name: "Ada", email: "ada@example.com", password: "correct horse" });
  });
  afterAll(async () => t?.close());

  it("refuses further attempts from the same address with 429, even with the right password", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await t.request("/api/v1/auth/sign-in/email", { body: { email: "ada@example.com", password: `wrong-${i}` }, origin: t.url });
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses[3]).toBe(429);
    const limited = await t.request("/api/v1/auth/sign-in/email", { body: { email: "ada@example.com", password: "correct horse" }, origin: t.url });
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error: { code: "rate_limited" } });
  });
});
