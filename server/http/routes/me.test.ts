import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addMember } from "@/lib/members/add-member";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createKeyUser, createOwnedWorkspace } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

describe("GET /api/v1/me", () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer();
  });
  afterAll(async () => t?.close());

  it("answers 401 with the error shape without credentials", async () => {
    const res = await t.request("/api/v1/me");
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("Sign in") } });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  });

  it("answers 401 to a cookie that is not a session", async () => {
    const res = await t.request("/api/v1/me", { cookie: "labbook.session_token=forged.value" });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ error: { code: "unauthenticated" } });
  });

  it("returns the user (no secrets) and their workspaces with roles, sorted by name", async () => {
    const user = await createKeyUser(t, { name: "Grace" });
    const db = t.server.services.database.db;
    await createWorkspace(db, { slug: "zebra", name: "Zebra", ownerId: user.user.id });
    const { workspace: shared } = await createOwnedWorkspace(t, { slug: "aardvark", name: "Aardvark" });
    await addMember(db, { workspaceId: shared.id, userId: user.user.id, role: "commenter", actorId: null });

    const res = await t.request("/api/v1/me", { key: user.key });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: user.user.id, name: "Grace", email: user.user.email },
      authenticatedWith: "api_key",
      workspaces: [
        { id: shared.id, slug: "aardvark", name: "Aardvark", role: "commenter" },
        { id: expect.any(String), slug: "zebra", name: "Zebra", role: "owner" },
      ],
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("identifies a cookie session as such, and stops after sign-out", async () => {
    const user = await t.createUser({ name: "Ada" });
    const cookie = await t.signIn(user.email, user.password);
    const res = await t.request("/api/v1/me", { cookie });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ user: { id: user.user.id }, authenticatedWith: "session", workspaces: [] });

    const out = await t.request("/api/v1/auth/sign-out", { method: "POST", cookie, body: {} });
    expect(out.status).toBe(200);
    expect((await t.request("/api/v1/me", { cookie })).status).toBe(401);
    // The user's API key is unaffected by signing out.
    expect((await t.request("/api/v1/me", { key: user.key })).status).toBe(200);
  });
});
