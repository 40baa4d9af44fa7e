import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createProject } from "@/lib/projects/create-project";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);

describe("notebook images API", () => {
  let t: TestServer;
  let notebookId: string;
  let editor: KeyUser;
  let commenter: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  beforeAll(async () => {
    t = await startTestServer();
    const { workspace, owner } = await createOwnedWorkspace(t);
    await createProject(t.server.services.database.db, { slug: "writeups", workspaceId: workspace.id, actorId: owner.user.id });
    editor = await createKeyUser(t, { workspaceId: workspace.id, role: "editor" });
    commenter = await createKeyUser(t, { workspaceId: workspace.id, role: "commenter" });
    viewer = await createKeyUser(t, { workspaceId: workspace.id, role: "viewer" });
    outsider = await createKeyUser(t);
    const created = await t.request<{ id: string }>("/api/v1/notebooks", { key: editor.key, body: { project: `${workspace.slug}/writeups`, title: "Figures" } });
    notebookId = created.body.id;
  });
  afterAll(async () => t?.close());

  const upload = async (key: string, bytes: Uint8Array<ArrayBuffer>, name = "plot.png", type = "image/png") => {
    const body = new FormData();
    body.set("file", new File([bytes], name, { type }));
    const res = await fetch(`${t.url}/api/v1/notebooks/${notebookId}/images`, { method: "POST", headers: { authorization: `Bearer ${key}` }, body });
    return { status: res.status, body: (await res.json()) as { id: string; url: string; type: string; size: number; error?: { code: string; message: string } } };
  };

  it("stores an editor's image and serves it to a viewer with safe headers", async () => {
    const up = await upload(editor.key, PNG);
    expect(up.status).toBe(201);
    expect(up.body).toMatchObject({ url: `/api/v1/images/${up.body.id}`, type: "image/png", size: PNG.length });
    const res = await fetch(`${t.url}${up.body.url}`, { headers: { authorization: `Bearer ${viewer.key}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/png");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toMatch(/^private/);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
  });

  it("judges the type by the bytes, not the name or declared type", async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const res = await upload(editor.key, svg, "innocent.png", "image/png");
    expect(res.status).toBe(400);
    expect(res.body.error?.message).toMatch(/PNG, JPEG, GIF and WebP/);
  });

  it("refuses an image over 10 MB with 413", async () => {
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PNG);
    expect((await upload(editor.key, big)).status).toBe(413);
  });

  it("refuses a body that is not multipart", async () => {
    const res = await t.request(`/api/v1/notebooks/${notebookId}/images`, { key: editor.key, body: { file: "x" } });
    expect(res.status).toBe(400);
  });

  it("refuses uploads below editor and hides images from non-members", async () => {
    expect((await upload(commenter.key, PNG)).status).toBe(403);
    expect((await upload(viewer.key, PNG)).status).toBe(403);
    expect((await upload(outsider.key, PNG)).status).toBe(404);
    const { body } = await upload(editor.key, PNG);
    expect((await fetch(`${t.url}${body.url}`, { headers: { authorization: `Bearer ${outsider.key}` } })).status).toBe(404);
    expect((await fetch(`${t.url}${body.url}`)).status).toBe(401);
  });

  it("answers 404 for unknown and malformed image ids", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "..%2F..%2Fetc%2Fpasswd", "not-an-id"]) {
      expect((await t.request(`/api/v1/images/${id}`, { key: viewer.key })).status).toBe(404);
    }
  });
});
