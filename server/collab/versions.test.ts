import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { listVersions } from "@/lib/notebooks/list-versions";
import { createProject } from "@/lib/projects/create-project";
import { countEvents, createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { startCollabHarness, type CollabHarness } from "./collab-harness";
import { connectClient, type TestClient } from "./collab-test-client";
import { editorContent, until, writeParagraph } from "./test-edits";

type Version = { id: string; kind: string; name: string | null; author: { id: string; name: string } | null; createdAt: string };

describe("notebook versions API", () => {
  let t: TestServer;
  let slug: string;
  let owner: KeyUser;
  let editor: KeyUser;
  let commenter: KeyUser;
  let outsider: KeyUser;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    const created = await createOwnedWorkspace(t);
    owner = created.owner;
    slug = created.workspace.slug;
    await createProject(t.server.services.database.db, { slug: "p", workspaceId: created.workspace.id, actorId: owner.user.id });
    editor = await createKeyUser(t, { workspaceId: created.workspace.id, role: "editor", name: "Ada" });
    commenter = await createKeyUser(t, { workspaceId: created.workspace.id, role: "commenter" });
    outsider = await createKeyUser(t);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => t?.close());

  /** What a new notebook titled "v" holds (the server seeds its title and an empty paragraph). */
  const seeded = "<title>v</title><paragraph></paragraph>";

  it("names the current state, lists it, previews it as JSON and restores it as a new change", async () => {
    const { id } = (await t.request<{ id: string }>("/api/v1/notebooks", { key: editor.key, body: { project: `${slug}/p`, title: "v" } })).body;
    const c = connectClient(t.url, id, { token: editor.key });
    clients.push(c);
    await c.synced();
    writeParagraph(c.doc, "first draft");
    await c.saved();
    const named = await t.request<Version>(`/api/v1/notebooks/${id}/versions`, { key: editor.key, body: { name: "Draft 1" } });
    expect(named.status).toBe(201);
    expect(named.body).toMatchObject({ kind: "named", name: "Draft 1", author: { id: editor.user.id, name: "Ada" } });
    writeParagraph(c.doc, "second draft");
    await c.saved();

    const list = await t.request<{ versions: Version[] }>(`/api/v1/notebooks/${id}/versions`, { key: commenter.key });
    expect(list.body.versions.map((v) => v.name)).toEqual(["Draft 1"]);
    const preview = await t.request<{ content: unknown }>(`/api/v1/notebooks/${id}/versions/${named.body.id}`, { key: commenter.key });
    expect(preview.body.content).toEqual({
      type: "doc",
      content: [{ type: "title", content: [{ type: "text", text: "v" }] }, { type: "paragraph" }, { type: "paragraph", content: [{ type: "text", text: "first draft" }] }],
    });

    const events = await countEvents(t);
    const restored = await t.request(`/api/v1/notebooks/${id}/versions/${named.body.id}/restore`, { method: "POST", key: editor.key });
    expect(restored.status).toBe(200);
    expect(await countEvents(t)).toBe(events + 1);
    // The open editor gets the restore as a change; the history keeps the state before it.
    await until(() => !editorContent(c.doc).includes("second draft"), 5_000, "restore reaching the editor");
    expect(editorContent(c.doc)).toBe(seeded + "<paragraph>first draft</paragraph>");
    const after = await t.request<{ versions: Version[] }>(`/api/v1/notebooks/${id}/versions`, { key: commenter.key });
    expect(after.body.versions.map((v) => v.name)).toEqual(["Before restoring a version", "Draft 1"]);
    const before = await t.request<{ content: { content: unknown[] } }>(`/api/v1/notebooks/${id}/versions/${after.body.versions[0]!.id}`, { key: commenter.key });
    expect(before.body.content.content).toHaveLength(4);
    // A later client loads the restored content from the database.
    const late = connectClient(t.url, id, { token: commenter.key });
    clients.push(late);
    await late.synced();
    expect(editorContent(late.doc)).toBe(seeded + "<paragraph>first draft</paragraph>");
  });

  it("refuses a commenter naming or restoring a version, and an outsider reading them", async () => {
    const { id } = (await t.request<{ id: string }>("/api/v1/notebooks", { key: editor.key, body: { project: `${slug}/p`, title: "v" } })).body;
    const named = await t.request<Version>(`/api/v1/notebooks/${id}/versions`, { key: editor.key, body: { name: "kept" } });
    const events = await countEvents(t);
    expect((await t.request(`/api/v1/notebooks/${id}/versions`, { key: commenter.key, body: { name: "x" } })).status).toBe(403);
    expect((await t.request(`/api/v1/notebooks/${id}/versions/${named.body.id}/restore`, { method: "POST", key: commenter.key })).status).toBe(403);
    expect((await t.request(`/api/v1/notebooks/${id}/versions`, { key: outsider.key })).status).toBe(404);
    expect((await t.request(`/api/v1/notebooks/${id}/versions/${named.body.id}`, { key: outsider.key })).status).toBe(404);
    expect(await countEvents(t)).toBe(events);
    const list = await t.request<{ versions: Version[] }>(`/api/v1/notebooks/${id}/versions`, { key: editor.key });
    expect(list.body.versions.map((v) => v.name)).toEqual(["kept"]);
    expect((await t.request(`/api/v1/notebooks/${id}/versions/00000000-0000-4000-8000-000000000000`, { key: editor.key })).status).toBe(404);
    expect((await t.request(`/api/v1/notebooks/${id}/versions`, { key: editor.key, body: { name: " " } })).status).toBe(400);
  });
});

describe("automatic versions", () => {
  let h: CollabHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("takes one after a pause in editing, and at least every interval while editing goes on", async () => {
    h = await startCollabHarness({ autoVersion: { pauseMs: 300, maxIntervalMs: 600 } });
    const id = await h.notebook();
    const c = connectClient(h.url, id, { token: h.key });
    try {
      await c.synced();
      const versions = () => listVersions(h!.services.database.db, id);
      writeParagraph(c.doc, "one");
      await until(async () => (await versions()).length === 1, 5_000, "a version after the pause");
      expect((await versions())[0]).toMatchObject({ kind: "auto", author: { name: "Editor" } });
      // Edits every 100 ms never pause for 300 ms: the interval still takes versions.
      for (let i = 0; i < 15; i++) {
        writeParagraph(c.doc, `busy ${i}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await versions()).length).toBeGreaterThanOrEqual(3);
    } finally {
      c.destroy();
    }
  });
});
