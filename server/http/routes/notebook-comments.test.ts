import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { BusMessage } from "@/lib/bus/bus";
import { mentionToken } from "@/lib/comments/mentions";
import { encodeTextPosition } from "@/lib/comments/text-anchor";
import type { Workspace } from "@/lib/db/schema";
import { createProject } from "@/lib/projects/create-project";
import type { NotebookCommentPayload } from "@/lib/protocol/live";
import { countEvents, createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, emitAck, nextEvent, type TestSocket } from "../../live/live-test-client";

type ErrorBody = { error: { code: string; message: string } };

/** An anchor as a browser computes it: relative positions into a paragraph of the page. */
function anchor(from = 0, to = 5) {
  const doc = new Y.Doc();
  const text = new Y.XmlText();
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [text]);
  doc.getXmlFragment("default").insert(0, [paragraph]);
  text.insert(0, "Hello world");
  return {
    from: encodeTextPosition(Y.createRelativePositionFromTypeIndex(text, from)),
    to: encodeTextPosition(Y.createRelativePositionFromTypeIndex(text, to)),
  };
}

describe(`notebook comments API (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let t: TestServer;
  let workspace: Workspace;
  let owner: KeyUser;
  let editor: KeyUser;
  let commenter: KeyUser;
  let other: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  let published: BusMessage[] = [];
  const sockets: TestSocket[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    ({ workspace, owner } = await createOwnedWorkspace(t));
    await createProject(t.server.services.database.db, { slug: "writeups", workspaceId: workspace.id, actorId: owner.user.id });
    const member = (name: string, role: "editor" | "commenter" | "viewer") => createKeyUser(t, { name, workspaceId: workspace.id, role });
    editor = await member("Eddie Editor", "editor");
    commenter = await member("Ada Lovelace", "commenter");
    other = await member("Bo Commenter", "commenter");
    viewer = await member("Vera Viewer", "viewer");
    outsider = (await createOwnedWorkspace(t)).owner;
    t.server.services.bus.subscribe((message) => published.push(message));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t?.close();
  });
  beforeEach(() => {
    published = [];
  });

  const newNotebook = async () => {
    const res = await t.request<{ id: string }>("/api/v1/notebooks", { key: editor.key, body: { project: `${workspace.slug}/writeups`, title: "Write-up" } });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const post = (notebookId: string, who: KeyUser, body: unknown) =>
    t.request<NotebookCommentPayload & ErrorBody>(`/api/v1/notebooks/${notebookId}/comments`, { key: who.key, body });
  const postOk = async (notebookId: string, who: KeyUser, body: Record<string, unknown>) => {
    const res = await post(notebookId, who, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const patch = (id: string, who: KeyUser, body: unknown) =>
    t.request<NotebookCommentPayload & ErrorBody>(`/api/v1/comments/${id}`, { method: "PATCH", key: who.key, body });
  const list = (notebookId: string, who: KeyUser = viewer) => t.request<{ comments: NotebookCommentPayload[] } & ErrorBody>(`/api/v1/notebooks/${notebookId}/comments`, { key: who.key });
  const commentEvents = () => published.flatMap((m) => (m.type === "comment" ? [m.event] : []));
  const connect = async (who: KeyUser) => {
    const socket = await connectLive(t, { token: who.key });
    sockets.push(socket);
    return socket;
  };

  it("starts an anchored thread with its quote that viewers read, and publishes it for the notebook", async () => {
    const notebookId = await newNotebook();
    expect((await list(notebookId)).body.comments).toEqual([]);
    const range = anchor(0, 5);
    const created = await postOk(notebookId, commenter, { body: "Say **hello** properly", anchor: range, quote: "Hello" });
    expect(created).toEqual({
      id: expect.any(String),
      notebookId,
      parentId: null,
      author: { id: commenter.user.id, name: "Ada Lovelace" },
      body: "Say **hello** properly",
      anchor: range,
      quote: "Hello",
      orphaned: false,
      mentions: [],
      resolvedAt: null,
      resolvedBy: null,
      editedAt: null,
      deleted: false,
      createdAt: expect.any(String),
    });
    const reply = await postOk(notebookId, other, { body: "agreed", parentId: created.id });
    expect(reply).toMatchObject({ parentId: created.id, anchor: null, quote: null, notebookId });
    const listed = await list(notebookId);
    expect(listed.status).toBe(200);
    expect(listed.body.comments).toEqual([created, reply]);
    expect(commentEvents()).toEqual([
      { notebookId, action: "created", comment: created },
      { notebookId, action: "created", comment: reply },
    ]);
    // A page-wide thread has neither anchor nor quote.
    expect(await postOk(notebookId, editor, { body: "overall fine" })).toMatchObject({ anchor: null, quote: null, orphaned: false });
  });

  it("lets a viewer read but not write, and tells a non-member nothing", async () => {
    const notebookId = await newNotebook();
    const root = await postOk(notebookId, commenter, { body: "root" });
    const events = await countEvents(t);
    const refused = await post(notebookId, viewer, { body: "viewer speaking" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await patch(root.id, viewer, { resolved: true })).status).toBe(403);
    for (const attempt of [list(notebookId, outsider), post(notebookId, outsider, { body: "hi" }), patch(root.id, outsider, { resolved: true })]) {
      const res = await attempt;
      expect(res.status).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect(await countEvents(t)).toBe(events);
    expect((await list(notebookId)).body.comments.map((c) => [c.id, c.resolvedAt])).toEqual([[root.id, null]]);
  });

  it.each<[string, Record<string, unknown>, RegExp]>([
    ["an empty body", { body: "  " }, /body: must not be empty/],
    ["an anchor that is not base64", { body: "b", anchor: { from: "not base64!", to: anchor().to } }, /anchor\.from: must be base64/],
    ["an anchor that is no position", { body: "b", anchor: { from: anchor().from, to: btoa("\u00ff\u00ff\u00ff") } }, /anchor\.to: must be an encoded Yjs relative position/],
    ["an oversized anchor", { body: "b", anchor: { from: btoa("x".repeat(600)), to: anchor().to } }, /anchor\.from: must be at most 512 characters/],
    ["an anchor missing an end", { body: "b", anchor: { from: anchor().from } }, /anchor\.to:/],
    ["an oversized quote", { body: "b", anchor: anchor(), quote: "q".repeat(1_001) }, /quote: must be at most 1000 characters/],
    ["a quote without an anchor", { body: "b", quote: "Hello" }, /quote: send quote only with an anchor/],
    ["an unknown field", { body: "b", runId: "x" }, /Unrecognized key/],
  ])("refuses %s with a 400 naming the field, writing nothing", async (_label, body, message) => {
    const notebookId = await newNotebook();
    const events = await countEvents(t);
    const res = await post(notebookId, commenter, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.message).toMatch(message);
    expect(await countEvents(t)).toBe(events);
    expect((await list(notebookId)).body.comments).toEqual([]);
    expect(commentEvents()).toEqual([]);
  });

  it("refuses anchored replies, replies to replies and replies to another page's thread", async () => {
    const notebookId = await newNotebook();
    const root = await postOk(notebookId, commenter, { body: "root", anchor: anchor(), quote: "Hello" });
    const reply = await postOk(notebookId, other, { body: "reply", parentId: root.id });
    const anchored = await post(notebookId, other, { body: "anchored", parentId: root.id, anchor: anchor() });
    expect(anchored.status).toBe(400);
    expect(anchored.body.error.message).toMatch(/anchor: a reply shares its thread's anchor/);
    const nested = await post(notebookId, other, { body: "nested", parentId: reply.id });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(/parentId: reply to the thread's first comment/);
    const elsewhere = await post(await newNotebook(), other, { body: "wrong page", parentId: root.id });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.error.message).toMatch(/parentId: this notebook has no comment/);
  });

  it("records mentions of members and refuses anyone else, naming the field", async () => {
    const notebookId = await newNotebook();
    const created = await postOk(notebookId, commenter, { body: `${mentionToken({ id: other.user.id, name: "Bo" })} please check` });
    expect(created.mentions).toEqual([{ id: other.user.id, name: "Bo Commenter" }]);
    const events = await countEvents(t);
    const refused = await post(notebookId, commenter, { body: `hi ${mentionToken({ id: outsider.user.id, name: "Olga" })}` });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(new RegExp(`body: mentions "${outsider.user.id}", who is not a member of this workspace`));
    expect(await countEvents(t)).toBe(events);
  });

  it("edits, resolves, reopens and deletes notebook comments, publishing each change to the notebook", async () => {
    const notebookId = await newNotebook();
    const root = await postOk(notebookId, commenter, { body: "first", anchor: anchor(), quote: "Hello" });
    const reply = await postOk(notebookId, other, { body: "second", parentId: root.id });
    published = [];

    expect((await patch(root.id, other, { body: "not yours" })).status).toBe(403);
    const edited = await patch(root.id, commenter, { body: "first, edited" });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: root.id, body: "first, edited", editedAt: expect.any(String), anchor: root.anchor, quote: "Hello", notebookId });

    const resolved = await patch(reply.id, other, { resolved: true });
    expect(resolved.body).toMatchObject({ id: root.id, resolvedBy: { id: other.user.id, name: "Bo Commenter" } });
    const reopened = await patch(root.id, commenter, { resolved: false });
    expect(reopened.body).toMatchObject({ id: root.id, resolvedAt: null });

    expect((await t.request(`/api/v1/comments/${reply.id}`, { method: "DELETE", key: other.key })).status).toBe(204);
    expect(commentEvents().map((e) => ["notebookId" in e ? e.notebookId : null, e.action, e.comment.id])).toEqual([
      [notebookId, "updated", root.id],
      [notebookId, "updated", root.id],
      [notebookId, "updated", root.id],
      [notebookId, "deleted", reply.id],
    ]);
    expect((await list(notebookId)).body.comments.map((c) => c.id)).toEqual([root.id]);
  });

  it("refuses every comment verb on a deleted notebook", async () => {
    const notebookId = await newNotebook();
    const root = await postOk(notebookId, commenter, { body: "before deletion" });
    expect((await t.request(`/api/v1/notebooks/${notebookId}`, { method: "DELETE", key: editor.key })).status).toBe(204);
    for (const attempt of [
      list(notebookId),
      post(notebookId, commenter, { body: "after deletion" }),
      patch(root.id, commenter, { resolved: true }),
      t.request<ErrorBody>(`/api/v1/comments/${root.id}`, { method: "DELETE", key: commenter.key }),
    ]) {
      const res = await attempt;
      expect(res.status).toBe(404);
    }
  });

  it("delivers a notebook's comments live to everyone subscribed to it, and refuses a non-member", async () => {
    const notebookId = await newNotebook();
    const elsewhereId = await newNotebook();
    const [reader, writer, bystander] = [await connect(viewer), await connect(commenter), await connect(editor)];
    expect(await emitAck(reader, "subscribeNotebook", { notebookId })).toEqual({ ok: true });
    expect(await emitAck(writer, "subscribeNotebook", { notebookId })).toEqual({ ok: true });
    expect(await emitAck(bystander, "subscribeNotebook", { notebookId: elsewhereId })).toEqual({ ok: true });
    const stray: unknown[] = [];
    bystander.on("comment", (e) => stray.push(e));

    const heard = [nextEvent(reader, "comment"), nextEvent(writer, "comment")];
    const created = await postOk(notebookId, commenter, { body: "live", anchor: anchor(), quote: "Hello" });
    for (const event of await Promise.all(heard)) expect(event).toEqual({ notebookId, action: "created", comment: created });

    const resolved = nextEvent(reader, "comment");
    await patch(created.id, other, { resolved: true });
    expect(await resolved).toMatchObject({ notebookId, action: "updated", comment: { id: created.id, resolvedBy: { id: other.user.id } } });

    expect(await emitAck(reader, "unsubscribeNotebook", { notebookId })).toEqual({ ok: true });
    const stillHeard = nextEvent(writer, "comment");
    const quiet: unknown[] = [];
    reader.on("comment", (e) => quiet.push(e));
    await postOk(notebookId, commenter, { body: "after leaving" });
    await stillHeard;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(quiet).toEqual([]);
    expect(stray).toEqual([]);

    const stranger = await connect(outsider);
    expect(await emitAck(stranger, "subscribeNotebook", { notebookId })).toEqual({ error: { code: "not_found", message: expect.any(String) } });
    expect(await emitAck(stranger, "subscribeNotebook", { notebookId: "nope" })).toEqual({ error: { code: "invalid_input", message: expect.stringMatching(/notebookId: must be a notebook id/) } });
  });
});
