import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiKeys } from "@/lib/db/schema";
import { hashSecret } from "@/lib/tokens";
import { countEvents, createKeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";

interface KeyView {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

describe("API keys", () => {
  let t: TestServer;
  let alice: TestUser;
  let cookie: string;

  beforeAll(async () => {
    t = await startTestServer();
    alice = await t.createUser({ name: "Alice" });
    cookie = await t.signIn(alice.email, alice.password);
  });
  afterAll(async () => t?.close());

  const list = async (credentials: { cookie?: string; key?: string } = { cookie }) => {
    const res = await t.request<{ apiKeys: KeyView[] }>("/api/v1/api-keys", credentials);
    expect(res.status).toBe(200);
    return res.body.apiKeys;
  };
  const createKey = async (name: string) => {
    const res = await t.request<KeyView & { key: string }>("/api/v1/api-keys", { cookie, body: { name } });
    expect(res.status).toBe(201);
    return res.body;
  };
  const me = (key: string) => t.request("/api/v1/me", { key });
  const revoke = (id: string, credentials: { cookie?: string; key?: string } = { cookie }) =>
    t.request(`/api/v1/api-keys/${id}`, { method: "DELETE", ...credentials });

  it("are created from a session and shown once; the list never holds the key or its hash", async () => {
    const res = await t.request<KeyView & { key: string }>("/api/v1/api-keys", { cookie, body: { name: "laptop" } });
    expect(res.status).toBe(201);
    const { key, ...view } = res.body;
    expect(key).toMatch(/^lbk_[A-Za-z0-9_-]{40,}$/);
    expect(view).toEqual({ id: expect.any(String), name: "laptop", prefix: key.slice(0, 10), createdAt: expect.any(String) });

    const listed = await list();
    expect(listed).toContainEqual({ ...view, lastUsedAt: null, revokedAt: null });
    for (const entry of listed) expect(Object.keys(entry).sort()).toEqual(["createdAt", "id", "lastUsedAt", "name", "prefix", "revokedAt"]);
    const text = JSON.stringify(listed);
    expect(text).not.toContain(key);
    expect(text).not.toContain(hashSecret(key));

    const [row] = await t.server.services.database.db.select().from(apiKeys).where(eq(apiKeys.id, view.id));
    expect(row?.keyHash).toBe(hashSecret(key));
    expect(JSON.stringify(row)).not.toContain(key);
  });

  it("are named 'API key' when no name is given, and refuse an empty name (400 naming name)", async () => {
    const unnamed = await t.request("/api/v1/api-keys", { cookie, method: "POST" });
    expect(unnamed.status).toBe(201);
    expect(unnamed.body).toMatchObject({ name: "API key" });
    const empty = await t.request("/api/v1/api-keys", { cookie, body: { name: "  " } });
    expect(empty.status).toBe(400);
    expect(empty.body).toEqual({ error: { code: "invalid_input", message: expect.stringMatching(/\bname: /) } });
  });

  it("authenticate on /me as the user, via api_key", async () => {
    const { key } = await createKey("ci");
    const res = await me(key);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      user: { id: alice.user.id, name: "Alice", email: alice.email },
      authenticatedWith: "api_key",
      workspaces: [],
    });
  });

  it("record lastUsedAt: null before first use, set after", async () => {
    const { id, key } = await createKey("usage");
    expect((await list()).find((k) => k.id === id)?.lastUsedAt).toBeNull();
    const before = Date.now();
    expect((await me(key)).status).toBe(200);
    const lastUsedAt = (await list()).find((k) => k.id === id)?.lastUsedAt;
    expect(lastUsedAt).toEqual(expect.any(String));
    expect(Math.abs(Date.parse(lastUsedAt ?? "") - before)).toBeLessThan(60_000);
  });

  it("stop working once revoked (204, then 401 saying revoked)", async () => {
    const { id, key } = await createKey("to revoke");
    expect((await me(key)).status).toBe(200);

    const res = await revoke(id);
    expect(res.status).toBe(204);
    const after = await me(key);
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("revoked") } });
    expect((await list()).find((k) => k.id === id)?.revokedAt).toEqual(expect.any(String));

    // Revoking again finds no active key.
    expect((await revoke(id)).status).toBe(404);
  });

  it("can be revoked with another of the user's keys, including itself", async () => {
    const { id, key } = await createKey("self-revoking");
    expect((await revoke(id, { key })).status).toBe(204);
    expect((await me(key)).status).toBe(401);
  });

  it.each([
    ["an unknown key", () => "lbk_thisisnotarealkeyatallbutlooksplausible0000000"],
    ["a key with one character changed", () => alice.key.slice(0, -1) + (alice.key.endsWith("A") ? "B" : "A")],
  ])("refuse %s with 401 saying it is not valid", async (_label, wrong) => {
    const res = await me(wrong());
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("not valid") } });
  });

  it.each([
    ["Basic credentials", "Basic xyz"],
    ["an empty Bearer", "Bearer "],
    ["two tokens", "Bearer a b"],
  ])("refuse a malformed Authorization header (%s) with 401", async (_label, authorization) => {
    const res = await t.request("/api/v1/me", { headers: { authorization } });
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ error: { code: "unauthenticated", message: expect.stringContaining("Authorization") } });
  });

  it("prefer the Authorization header over a session cookie: a bad key is not rescued by the cookie", async () => {
    const res = await t.request("/api/v1/me", { cookie, headers: { authorization: "Basic xyz" } });
    expect(res.status).toBe(401);
  });

  it("cannot be revoked by another user (404), and keep working", async () => {
    const { id, key } = await createKey("mine");
    const bob = await createKeyUser(t, { name: "Bob" });
    const events = await countEvents(t);
    const res = await revoke(id, { key: bob.key });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    expect((await me(key)).status).toBe(200);
    expect(await countEvents(t)).toBe(events);
    // Nor listed to them.
    expect((await list({ key: bob.key })).map((k) => k.id)).not.toContain(id);
  });

  it("answer 404 for an unknown key id", async () => {
    expect((await revoke(randomUUID())).status).toBe(404);
  });

  it("answer 400 for an id that is not a uuid", async () => {
    const res = await revoke("not-a-uuid");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("API key id") } });
  });
});
