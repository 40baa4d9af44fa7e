import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { countEvents, createKeyUser, uniqueSlug } from "@/tests/support/fixtures";
import { startTestServer, type TestServer, type TestUser } from "@/tests/support/server";

describe("workspaces", () => {
  let t: TestServer;
  let creator: TestUser;

  beforeAll(async () => {
    t = await startTestServer();
    creator = await t.createUser({ name: "Creator" });
  });
  afterAll(async () => t?.close());

  const create = (body: unknown, key = creator.key) => t.request("/api/v1/workspaces", { key, body });

  it("are created with the creator as owner, who then sees it in /me", async () => {
    const res = await create({ slug: "deep-learning", name: "Deep Learning" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), slug: "deep-learning", name: "Deep Learning", role: "owner" });

    const me = await t.request("/api/v1/me", { key: creator.key });
    expect(me.body).toMatchObject({ workspaces: [{ id: res.body.id, slug: "deep-learning", name: "Deep Learning", role: "owner" }] });

    const got = await t.request("/api/v1/workspaces/deep-learning", { key: creator.key });
    expect(got.status).toBe(200);
    expect(got.body).toEqual({ id: res.body.id, slug: "deep-learning", name: "Deep Learning", role: "owner", createdAt: expect.any(String) });

    const members = await t.request("/api/v1/workspaces/deep-learning/members", { key: creator.key });
    expect(members.body).toMatchObject({ members: [{ userId: creator.user.id, role: "owner" }] });
  });

  it("are created from a session too", async () => {
    const cookie = await t.signIn(creator.email, creator.password);
    const slug = uniqueSlug("by-session");
    const res = await t.request("/api/v1/workspaces", { cookie, body: { slug, name: "By session" } });
    expect(res.status).toBe(201);
    expect((await t.request(`/api/v1/workspaces/${slug}`, { cookie })).body).toMatchObject({ role: "owner" });
  });

  it("refuse a duplicate slug with 409, leaving the first workspace as it was", async () => {
    const slug = uniqueSlug("taken");
    const first = await create({ slug, name: "First" });
    expect(first.status).toBe(201);
    const other = await createKeyUser(t);
    const events = await countEvents(t);

    const res = await create({ slug, name: "Second" }, other.key);
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: "conflict", message: expect.stringContaining(`"${slug}"`) } });
    expect(await countEvents(t)).toBe(events);
    expect((await t.request(`/api/v1/workspaces/${slug}`, { key: creator.key })).body).toMatchObject({ name: "First", role: "owner" });
    // The loser got no membership out of it.
    expect((await t.request("/api/v1/me", { key: other.key })).body).toMatchObject({ workspaces: [] });
    expect((await t.request(`/api/v1/workspaces/${slug}`, { key: other.key })).status).toBe(404);
  });

  it("give a slug to only one of two simultaneous creators (201 and 409, never 500)", async () => {
    const slug = uniqueSlug("race");
    const other = await createKeyUser(t);
    const results = await Promise.all([create({ slug, name: "A" }), create({ slug, name: "B" }, other.key)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it.each(["settings", "api", "invite", "sign-in"])("refuse the reserved slug %s with 400 naming slug", async (slug) => {
    const events = await countEvents(t);
    const res = await create({ slug, name: "Reserved" });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringMatching(/\bslug: is reserved/) } });
    expect(await countEvents(t)).toBe(events);
  });

  it.each([
    ["a malformed slug", { slug: "Not OK", name: "x" }, /\bslug: /],
    ["a missing name", { slug: "no-name" }, /\bname: /],
    ["an empty name", { slug: "empty-name", name: " " }, /\bname: must not be empty/],
    ["a name over 80 characters", { slug: "long-name", name: "n".repeat(81) }, /\bname: must be at most 80/],
  ])("refuse %s with 400 naming the field", async (_label, body, message) => {
    const res = await create(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringMatching(message) } });
    expect((await t.request(`/api/v1/workspaces/${body.slug}`, { key: creator.key })).status).toBe(404);
  });

  it("answer 404 for an unknown workspace, the same as for one the caller is not in", async () => {
    const unknown = await t.request("/api/v1/workspaces/no-such-workspace", { key: creator.key });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: { code: "not_found", message: expect.stringContaining('"no-such-workspace"') } });

    const outsider = await createKeyUser(t);
    const hidden = await t.request("/api/v1/workspaces/deep-learning", { key: outsider.key });
    expect(hidden.status).toBe(404);
    expect(hidden.body).toEqual({ error: { code: "not_found", message: expect.stringContaining('"deep-learning"') } });
  });
});
