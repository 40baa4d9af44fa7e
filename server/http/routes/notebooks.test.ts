import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { loadState } from "@/lib/notebooks/name-version";
import { documentJsonFromState } from "@/lib/editor/schema";
import { createProject } from "@/lib/projects/create-project";
import { countEvents, createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

type NotebookBody = { id: string; title: string; url: string; project: string; deletedAt: string | null; role?: string };

describe("notebooks API", () => {
  let t: TestServer;
  let slug: string;
  let editor: KeyUser;
  let commenter: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  beforeAll(async () => {
    t = await startTestServer();
    const { workspace, owner } = await createOwnedWorkspace(t);
    slug = workspace.slug;
    await createProject(t.server.services.database.db, { slug: "writeups", workspaceId: workspace.id, actorId: owner.user.id });
    editor = await createKeyUser(t, { workspaceId: workspace.id, role: "editor" });
    commenter = await createKeyUser(t, { workspaceId: workspace.id, role: "commenter" });
    viewer = await createKeyUser(t, { workspaceId: workspace.id, role: "viewer" });
    outsider = await createKeyUser(t);
  });
  afterAll(async () => t?.close());

  const create = async (title = "Weekly write-up") => {
    const res = await t.request<NotebookBody>("/api/v1/notebooks", { key: editor.key, body: { project: `${slug}/writeups`, title } });
    expect(res.status).toBe(201);
    return res.body;
  };
  const list = async (query = "") =>
    (await t.request<{ notebooks: NotebookBody[] }>(`/api/v1/projects/${slug}/writeups/notebooks${query}`, { key: viewer.key })).body.notebooks.map((n) => n.id);

  it("creates a notebook and answers its id and page URL", async () => {
    const created = await create();
    expect(created.url).toBe(`${t.url}/${slug}/writeups/notebooks/${created.id}`);
    const got = await t.request<NotebookBody>(`/api/v1/notebooks/${created.id}`, { key: viewer.key });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: created.id, title: "Weekly write-up", project: `${slug}/writeups`, deletedAt: null, role: "viewer" });
  });

  const page = async (id: string) => documentJsonFromState(await loadState(createDbNotebookStore(t.server.services.database), id));
  const titleOf = async (id: string) => page(id).then((doc) => doc.content?.[0]?.content?.[0]?.text);

  it("seeds a new page with its title and an empty paragraph, once", async () => {
    const { id } = await create("Seeded page");
    expect(await page(id)).toEqual({ type: "doc", content: [{ type: "title", content: [{ type: "text", text: "Seeded page" }] }, { type: "paragraph" }] });
  });

  it("writes a rename into the page's title, except when the page itself was retitled", async () => {
    const { id } = await create("Before");
    await t.request(`/api/v1/notebooks/${id}`, { method: "PATCH", key: editor.key, body: { title: "After" } });
    expect(await titleOf(id)).toBe("After");
    const fromPage = await t.request<NotebookBody>(`/api/v1/notebooks/${id}`, { method: "PATCH", key: editor.key, body: { title: "Typed", fromPage: true } });
    expect(fromPage.body.title).toBe("Typed");
    expect(await titleOf(id)).toBe("After");
  });

  it("lists a project's notebooks newest first", async () => {
    const a = await create("a");
    const b = await create("b");
    const ids = await list();
    expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id));
  });

  it("renames, soft-deletes and restores", async () => {
    const { id } = await create();
    const renamed = await t.request<NotebookBody>(`/api/v1/notebooks/${id}`, { method: "PATCH", key: editor.key, body: { title: "  Renamed  " } });
    expect(renamed.body.title).toBe("Renamed");
    expect((await t.request(`/api/v1/notebooks/${id}`, { method: "DELETE", key: editor.key })).status).toBe(204);
    expect((await t.request(`/api/v1/notebooks/${id}`, { key: viewer.key })).status).toBe(404);
    expect(await list()).not.toContain(id);
    expect(await list("?deleted=true")).toContain(id);
    const restored = await t.request<NotebookBody>(`/api/v1/notebooks/${id}/restore`, { method: "POST", key: editor.key });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id, title: "Renamed", deletedAt: null });
    expect(await list()).toContain(id);
  });

  it.each<[string, unknown, RegExp]>([
    ["an empty title", { project: "x/writeups", title: "  " }, /title: must not be empty/],
    ["a long title", { project: "x/writeups", title: "t".repeat(201) }, /title: must be at most 200/],
    ["a bad project path", { project: "writeups", title: "x" }, /project: must look like/],
  ])("refuses %s with a clear error", async (_label, body, message) => {
    const res = await t.request<{ error: { message: string } }>("/api/v1/notebooks", { key: editor.key, body });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });

  it("answers 404 for a missing project and an unknown notebook", async () => {
    expect((await t.request("/api/v1/notebooks", { key: editor.key, body: { project: `${slug}/nope`, title: "x" } })).status).toBe(404);
    expect((await t.request("/api/v1/notebooks/00000000-0000-4000-8000-000000000000", { key: editor.key })).status).toBe(404);
    expect((await t.request("/api/v1/notebooks/not-a-uuid", { key: editor.key })).status).toBe(404);
  });

  // Every write: the role below editor is refused, and nothing is written.
  it.each<[string, string, string, unknown]>([
    ["PATCH notebook", "PATCH", "", { title: "injected" }],
    ["DELETE notebook", "DELETE", "", undefined],
    ["POST restore", "POST", "/restore", undefined],
  ])("refuses a commenter: %s (editor needed)", async (_label, method, path, body) => {
    const { id } = await create("kept");
    const events = await countEvents(t);
    const res = await t.request(`/api/v1/notebooks/${id}${path}`, { key: commenter.key, method, body });
    expect(res.status).toBe(403);
    expect(await countEvents(t)).toBe(events);
    expect((await t.request<NotebookBody>(`/api/v1/notebooks/${id}`, { key: viewer.key })).body).toMatchObject({ title: "kept", deletedAt: null });
  });

  it("refuses a commenter creating a notebook, and an outsider anything, as if it did not exist", async () => {
    const events = await countEvents(t);
    expect((await t.request("/api/v1/notebooks", { key: commenter.key, body: { project: `${slug}/writeups`, title: "x" } })).status).toBe(403);
    expect((await t.request("/api/v1/notebooks", { key: outsider.key, body: { project: `${slug}/writeups`, title: "x" } })).status).toBe(404);
    expect(await countEvents(t)).toBe(events);
    const { id } = await create();
    expect((await t.request(`/api/v1/notebooks/${id}`, { key: outsider.key })).status).toBe(404);
    expect((await t.request(`/api/v1/projects/${slug}/writeups/notebooks`, { key: outsider.key })).status).toBe(404);
    expect((await t.request(`/api/v1/notebooks/${id}`)).status).toBe(401);
  });
});
