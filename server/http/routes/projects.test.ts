import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Workspace } from "@/lib/db/schema";
import { deleteRun } from "@/lib/runs/delete-run";
import { countEvents, createKeyUser, createOwnedWorkspace, uniqueSlug, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

interface ProjectBody {
  id: string;
  slug: string;
  name: string;
  description: string;
  path: string;
  createdAt: string;
  updatedAt: string;
}

const MAX_BODY_BYTES = 2048;

describe("projects", () => {
  let t: TestServer;
  let ws: Workspace;
  let editor: KeyUser;

  beforeAll(async () => {
    t = await startTestServer({ LABBOOK_MAX_BODY_BYTES: String(MAX_BODY_BYTES) });
    ({ workspace: ws } = await createOwnedWorkspace(t, { slug: "vision" }));
    editor = await createKeyUser(t, { workspaceId: ws.id, role: "editor" });
  });
  afterAll(async () => t?.close());

  const listPath = () => `/api/v1/workspaces/${ws.slug}/projects`;
  const projectPath = (slug: string) => `/api/v1/projects/${ws.slug}/${slug}`;
  const create = (body: unknown) => t.request<ProjectBody>(listPath(), { key: editor.key, body });
  const get = (slug: string) => t.request<ProjectBody>(projectPath(slug), { key: editor.key });
  const patch = (slug: string, body: unknown) => t.request<ProjectBody>(projectPath(slug), { method: "PATCH", key: editor.key, body });

  it("are created with 201, a ws/slug path, and the slug as default name", async () => {
    const res = await create({ slug: "resnet-ablations" });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.any(String),
      slug: "resnet-ablations",
      name: "resnet-ablations",
      description: "",
      path: "vision/resnet-ablations",
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await get("resnet-ablations")).body).toEqual(res.body);
  });

  it("keep a given name and description", async () => {
    const res = await create({ slug: "named", name: "  Named project  ", description: "Why we run it" });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ slug: "named", name: "Named project", description: "Why we run it" });
  });

  it("are listed sorted by name", async () => {
    const { workspace: own, owner } = await createOwnedWorkspace(t);
    // Slug order and creation order both differ from name order.
    for (const [slug, name] of [["a-proj", "Charlie"], ["c-proj", "Alpha"], ["b-proj", "Delta"], ["d-proj", "Bravo"]]) {
      const res = await t.request(`/api/v1/workspaces/${own.slug}/projects`, { key: owner.key, body: { slug, name } });
      expect(res.status).toBe(201);
    }
    const res = await t.request<{ projects: ProjectBody[] }>(`/api/v1/workspaces/${own.slug}/projects`, { key: owner.key });
    expect(res.status).toBe(200);
    expect(res.body.projects.map((p) => [p.name, p.path])).toEqual([
      ["Alpha", `${own.slug}/c-proj`],
      ["Bravo", `${own.slug}/d-proj`],
      ["Charlie", `${own.slug}/a-proj`],
      ["Delta", `${own.slug}/b-proj`],
    ]);
  });

  it("are listed per workspace only", async () => {
    const { workspace: other, owner } = await createOwnedWorkspace(t);
    const res = await t.request<{ projects: ProjectBody[] }>(`/api/v1/workspaces/${other.slug}/projects`, { key: owner.key });
    expect(res.body.projects).toEqual([]);
    // Slugs are unique per workspace, not globally.
    expect((await t.request(`/api/v1/workspaces/${other.slug}/projects`, { key: owner.key, body: { slug: "resnet-ablations" } })).status).toBe(201);
  });

  it("are renamed by PATCH without changing their slug or path", async () => {
    const slug = uniqueSlug("rename");
    const created = (await create({ slug, name: "Before" })).body;
    const res = await patch(slug, { name: "After", description: "New notes" });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: created.id, slug, path: `vision/${slug}`, name: "After", description: "New notes" });
    expect((await get(slug)).body).toMatchObject({ name: "After", description: "New notes" });

    // Either field alone leaves the other as it was.
    expect((await patch(slug, { description: "Only notes" })).body).toMatchObject({ name: "After", description: "Only notes" });
    expect((await patch(slug, { name: "Only name" })).body).toMatchObject({ name: "Only name", description: "Only notes" });
  });

  it("ignore a slug in a PATCH body: URLs stay stable", async () => {
    const slug = uniqueSlug("stable");
    await create({ slug });
    const res = await patch(slug, { name: "Renamed", slug: "moved" });
    expect(res.status).toBe(200);
    expect(res.body.slug).toBe(slug);
    expect((await get("moved")).status).toBe(404);
  });

  it("refuse a duplicate slug with 409 naming it, leaving the original untouched", async () => {
    const slug = uniqueSlug("dup");
    const first = await create({ slug, name: "Original" });
    const events = await countEvents(t);
    const res = await create({ slug, name: "Copy" });
    expect(res.status).toBe(409);
    expect(res.body).toEqual({ error: { code: "conflict", message: expect.stringContaining(`"${slug}"`) } });
    expect((await get(slug)).body).toEqual(first.body);
    expect(await countEvents(t)).toBe(events);
  });

  it("give a slug to only one of two simultaneous creates (201 and 409, never 500)", async () => {
    const slug = uniqueSlug("race");
    const results = await Promise.all([create({ slug, name: "A" }), create({ slug, name: "B" })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it.each([
    ["spaces and capitals", "Bad Slug"],
    ["a double dash", "a--b"],
    ["a leading dash", "-a"],
    ["an empty string", ""],
    ["49 characters", "a".repeat(49)],
    ["a number", 42],
  ])("refuse a slug with %s (400 naming slug)", async (_label, slug) => {
    const events = await countEvents(t);
    const res = await create({ slug });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringMatching(/\bslug: /) } });
    expect(await countEvents(t)).toBe(events);
  });

  it("refuse a body without a slug (400 naming slug)", async () => {
    const res = await create({ name: "No slug" });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_input", message: expect.stringMatching(/\bslug: /) } });
  });

  it.each([
    ["POST", () => listPath()],
    ["PATCH", () => projectPath("resnet-ablations")],
  ])("answer malformed JSON on %s with 400 mentioning JSON", async (method, path) => {
    const events = await countEvents(t);
    const res = await t.request(path(), { method, key: editor.key, body: '{"slug": "half' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: { code: "invalid_input", message: expect.stringContaining("JSON") } });
    expect(await countEvents(t)).toBe(events);
  });

  it.each([
    ["an empty object", {}],
    ["an empty body", ""],
    ["an empty name", { name: "   " }],
  ])("refuse a PATCH with %s (400), leaving the project as it was", async (_label, body) => {
    const before = (await get("resnet-ablations")).body;
    const res = await patch("resnet-ablations", body);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: "invalid_input", message: expect.stringMatching(/name/) } });
    expect((await get("resnet-ablations")).body).toEqual(before);
  });

  it("answer 404 for an unknown project, on GET and PATCH", async () => {
    const got = await get("no-such-project");
    expect(got.status).toBe(404);
    expect(got.body).toEqual({ error: { code: "not_found", message: expect.stringContaining('"no-such-project"') } });
    const patched = await patch("no-such-project", { name: "x" });
    expect(patched.status).toBe(404);
    expect(patched.body).toMatchObject({ error: { code: "not_found" } });
  });

  it.each([
    ["GET", "/api/v1/workspaces/no-such-ws/projects", undefined],
    ["POST", "/api/v1/workspaces/no-such-ws/projects", { slug: "x" }],
    ["GET", "/api/v1/projects/no-such-ws/resnet-ablations", undefined],
    ["PATCH", "/api/v1/projects/no-such-ws/resnet-ablations", { name: "x" }],
  ])("answer 404 for an unknown workspace (%s %s)", async (method, path, body) => {
    const res = await t.request(path, { method, key: editor.key, body });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: "not_found", message: expect.stringContaining('"no-such-ws"') } });
  });

  it("list the metric keys of their runs, deleted runs left out; viewers may, strangers may not", async () => {
    expect((await create({ slug: "keys" })).status).toBe(201);
    const newRun = async () => (await t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { project: `${ws.slug}/keys` } })).body.id;
    const [a, b, gone] = [await newRun(), await newRun(), await newRun()];
    const log = (id: string, keys: string[]) => t.request(`/api/v1/runs/${id}/metrics`, { key: editor.key, body: { points: keys.map((key) => ({ key, value: 1 })) } });
    await log(a, ["val/loss", "train/loss"]);
    await log(b, ["train/loss", "lr"]);
    await log(gone, ["only/in/deleted"]);
    await deleteRun(t.server.services.database.db, { runId: gone, workspaceId: ws.id, actorId: editor.user.id });
    const viewer = await createKeyUser(t, { workspaceId: ws.id, role: "viewer" });
    const listed = await t.request(`${projectPath("keys")}/metric-keys`, { key: viewer.key });
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ keys: ["lr", "train/loss", "val/loss"], truncated: false });
    const stranger = await createKeyUser(t);
    expect((await t.request(`${projectPath("keys")}/metric-keys`, { key: stranger.key })).status).toBe(404);
    expect((await t.request(`${projectPath("no-such")}/metric-keys`, { key: viewer.key })).status).toBe(404);
  });

  describe("with a body over LABBOOK_MAX_BODY_BYTES", () => {
    const oversized = (slug: string) => ({ slug, description: "x".repeat(2 * MAX_BODY_BYTES) });

    it("refuse it with 413 and write nothing", async () => {
      const events = await countEvents(t);
      const body = JSON.stringify(oversized("too-big"));
      expect(body.length).toBeGreaterThan(4000);
      const res = await t.request(listPath(), { key: editor.key, body });
      expect(res.status).toBe(413);
      expect(res.body).toEqual({ error: { code: "payload_too_large", message: expect.stringContaining(String(MAX_BODY_BYTES)) } });
      expect((await get("too-big")).status).toBe(404);
      expect(await countEvents(t)).toBe(events);
    });

    it("refuse it with 413 when streamed without a Content-Length", async () => {
      const events = await countEvents(t);
      const bytes = new TextEncoder().encode(JSON.stringify(oversized("too-big-streamed")));
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 512) controller.enqueue(bytes.slice(i, i + 512));
          controller.close();
        },
      });
      const res = await fetch(`${t.url}${listPath()}`, {
        method: "POST",
        headers: { authorization: `Bearer ${editor.key}`, "content-type": "application/json" },
        body: stream,
        duplex: "half",
      } as RequestInit);
      expect(res.status).toBe(413);
      expect(await res.json()).toMatchObject({ error: { code: "payload_too_large" } });
      expect((await get("too-big-streamed")).status).toBe(404);
      expect(await countEvents(t)).toBe(events);
    });

    it("leave the server up and serving", async () => {
      expect((await t.request(listPath(), { key: editor.key, body: JSON.stringify(oversized("again")) })).status).toBe(413);
      const health = await t.request("/api/v1/health");
      expect(health.status).toBe(200);
      expect(health.body).toMatchObject({ status: "ok" });
      expect((await create({ slug: "after-413" })).status).toBe(201);
    });

    it("accept a body just under the limit", async () => {
      const body = JSON.stringify({ slug: "just-fits", description: "x".repeat(MAX_BODY_BYTES - 100) });
      expect(body.length).toBeLessThanOrEqual(MAX_BODY_BYTES);
      expect((await t.request(listPath(), { key: editor.key, body })).status).toBe(201);
    });
  });
});
