import type { JSONContent } from "@tiptap/core";
import { prosemirrorJSONToYXmlFragment } from "@tiptap/y-tiptap";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { editorSchema } from "@/lib/editor/schema";
import { EDITOR_FRAGMENT, EDITOR_SCHEMA_VERSION } from "@/lib/protocol/collab";
import { createRun } from "@/lib/runs/create-run";
import { connectClient } from "@/server/collab/collab-test-client";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";

const text = (value: string, ...marks: { type: string; attrs?: Record<string, unknown> }[]): JSONContent => ({ type: "text", text: value, ...(marks.length > 0 && { marks }) });
const cell = (type: string, value: string): JSONContent => ({ type, content: [{ type: "paragraph", content: [text(value)] }] });

describe("notebook export API", () => {
  let t: TestServer;
  let slug: string;
  let editor: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  let runId: string;

  beforeAll(async () => {
    t = await startTestServer();
    const { workspace } = await createOwnedWorkspace(t);
    slug = workspace.slug;
    editor = await createKeyUser(t, { workspaceId: workspace.id, role: "editor", name: "Grace Editor" });
    viewer = await createKeyUser(t, { workspaceId: workspace.id, role: "viewer" });
    outsider = await createKeyUser(t);
    runId = (await createRun(t.server.services.database.db, { userId: editor.user.id, project: [slug, "writeups"], name: "cosine-lr", params: { lr: 0.003 } })).run.id;
  });
  afterAll(async () => t?.close());

  const create = async (title: string) => {
    const res = await t.request<{ id: string }>("/api/v1/notebooks", { key: editor.key, body: { project: `${slug}/writeups`, title } });
    expect(res.status).toBe(201);
    return res.body.id;
  };

  /** Writes `blocks` under the title through the collaboration server, as an editor would, and waits until it is stored. */
  const write = async (notebookId: string, title: string, blocks: JSONContent[]) => {
    const client = connectClient(t.url, notebookId, { token: editor.key, schema: EDITOR_SCHEMA_VERSION });
    try {
      await client.synced();
      const json = { type: "doc", content: [{ type: "title", content: [text(title)] }, ...blocks] };
      prosemirrorJSONToYXmlFragment(editorSchema(), json, client.doc.getXmlFragment(EDITOR_FRAGMENT));
      await client.saved();
    } finally {
      client.destroy();
    }
  };

  const exportOf = (id: string, key = viewer.key) => t.request<string>(`/api/v1/notebooks/${id}/export.md`, { key });

  it("exports the current page as Markdown, with a decision as a section and a table", async () => {
    const id = await create("Weekly review");
    await write(id, "LR sweep: week 47", [
      { type: "heading", attrs: { level: 1 }, content: [text("Results")] },
      { type: "paragraph", content: [text("Cosine wins", { type: "bold" }), text(" — see "), text("the run", { type: "link", attrs: { href: `/${slug}/writeups/runs/${runId}` } })] },
      {
        type: "table",
        content: [
          { type: "tableRow", content: [cell("tableHeader", "schedule"), cell("tableHeader", "val loss")] },
          { type: "tableRow", content: [cell("tableCell", "cosine"), cell("tableCell", "0.21")] },
        ],
      },
      {
        type: "decision",
        attrs: { decisionId: "8a0f6a57-9a3e-4a38-9d5e-0e3b8f1d2c11", title: "Adopt cosine LR", status: "accepted", context: "Plateau after warmup.", decision: "Use cosine.", rationale: "Lower loss.", owner: editor.user.id, date: "2026-11-27", runs: [runId] },
      },
    ]);

    // Read right after the server acknowledged the edit: nothing is lost to a write still in flight.
    const res = await exportOf(id);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="lr-sweep-week-47.md"');
    const runUrl = `${t.url}/${slug}/writeups/runs/${runId}`;
    expect(res.body).toBe(
      [
        "# LR sweep: week 47",
        "## Results",
        `**Cosine wins** — see [the run](${runUrl})`,
        "| schedule | val loss |\n| --- | --- |\n| cosine | 0.21 |",
        "### Decision: Adopt cosine LR (Accepted)",
        "**Status:** Accepted",
        "**Context:** Plateau after warmup.",
        "**Decision:** Use cosine.",
        "**Rationale:** Lower loss.",
        "**Owner:** Grace Editor",
        "**Date:** 2026-11-27",
        `**Linked runs:** [cosine-lr](${runUrl})`,
      ].join("\n\n") + "\n",
    );
  });

  it("fills run tables and summarizes charts with absolute links", async () => {
    const id = await create("Data blocks");
    await write(id, "Data blocks", [
      { type: "runTable", attrs: { runs: [runId], columns: ["params.lr"] } },
      { type: "metricChart", attrs: { runs: [runId], keys: ["loss"] } },
    ]);
    const res = await exportOf(id);
    expect(res.body).toContain(`| [cosine-lr](${t.url}/${slug}/writeups/runs/${runId}) | running | 0.003 |`);
    expect(res.body).toContain(`**Chart: loss** ([open these runs in the compare view](${t.url}/${slug}/writeups/compare?runs=${runId}))`);
    expect(res.body).toContain(`| loss | [cosine-lr](${t.url}/${slug}/writeups/runs/${runId}) | no data |`);
  });

  it("answers the page as JSON for the print view", async () => {
    const id = await create("Printable");
    await write(id, "Printable", [{ type: "decision", attrs: { title: "Keep it", status: "proposed" } }]);
    const res = await t.request<{ id: string; content: JSONContent }>(`/api/v1/notebooks/${id}/content`, { key: viewer.key });
    expect(res.status).toBe(200);
    expect(res.body.content.content?.map((n) => n.type)).toEqual(["title", "decision"]);
    expect(res.body.content.content?.[1]?.attrs).toMatchObject({ title: "Keep it", status: "proposed", runs: [] });
  });

  it("names an untitled page's file after the notebook", async () => {
    const id = await create("Ünïcode ✓ notes");
    expect((await exportOf(id)).headers.get("content-disposition")).toBe('attachment; filename="unicode-notes.md"');
    const symbols = await create("✓✓");
    expect((await exportOf(symbols)).headers.get("content-disposition")).toBe('attachment; filename="notebook.md"');
  });

  it("refuses non-members, anonymous callers and deleted notebooks", async () => {
    const id = await create("Private");
    for (const path of [`/api/v1/notebooks/${id}/export.md`, `/api/v1/notebooks/${id}/content`]) {
      expect((await t.request(path, { key: outsider.key })).status).toBe(404);
      expect((await t.request(path)).status).toBe(401);
    }
    expect((await t.request(`/api/v1/notebooks/${id}`, { method: "DELETE", key: editor.key })).status).toBe(204);
    expect((await exportOf(id)).status).toBe(404);
    expect((await t.request(`/api/v1/notebooks/${id}/content`, { key: viewer.key })).status).toBe(404);
    expect((await exportOf("not-a-notebook")).status).toBe(404);
  });
});

describe("notebook export behind a configured public URL", () => {
  let t: TestServer;
  afterAll(async () => t?.close());

  it("builds absolute links from LABBOOK_PUBLIC_URL, not from the address the request reached", async () => {
    t = await startTestServer({ LABBOOK_PUBLIC_URL: "https://lab.example.com/ignored-path" });
    const { workspace, owner } = await createOwnedWorkspace(t);
    const runId = (await createRun(t.server.services.database.db, { userId: owner.user.id, project: [workspace.slug, "p"], name: "r1" })).run.id;
    const created = await t.request<{ id: string }>("/api/v1/notebooks", { key: owner.key, body: { project: `${workspace.slug}/p`, title: "Linked" } });
    const client = connectClient(t.url, created.body.id, { token: owner.key, schema: EDITOR_SCHEMA_VERSION });
    try {
      await client.synced();
      const json = { type: "doc", content: [{ type: "title", content: [text("Linked")] }, { type: "decision", attrs: { title: "D", runs: [runId] } }] };
      prosemirrorJSONToYXmlFragment(editorSchema(), json, client.doc.getXmlFragment(EDITOR_FRAGMENT));
      await client.saved();
    } finally {
      client.destroy();
    }
    const res = await t.request<string>(`/api/v1/notebooks/${created.body.id}/export.md`, { key: owner.key });
    expect(res.body).toContain(`**Linked runs:** [r1](https://lab.example.com/${workspace.slug}/p/runs/${runId})`);
  });
});
