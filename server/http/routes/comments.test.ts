import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { BusMessage } from "@/lib/bus/bus";
import { mentionToken } from "@/lib/comments/mentions";
import type { Workspace } from "@/lib/db/schema";
import type { CommentPayload } from "@/lib/protocol/live";
import { deleteRun } from "@/lib/runs/delete-run";
import { countEvents, createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectLive, nextEvent, subscribe } from "../../live/live-test-client";

type ErrorBody = { error: { code: string; message: string } };

describe(`comments API (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let t: TestServer;
  let workspace: Workspace;
  let owner: KeyUser;
  let admin: KeyUser;
  let editor: KeyUser;
  let commenter: KeyUser;
  let other: KeyUser;
  let viewer: KeyUser;
  let outsider: KeyUser;
  let published: BusMessage[] = [];
  beforeAll(async () => {
    t = await startTestServer();
    ({ workspace, owner } = await createOwnedWorkspace(t));
    const member = (name: string, role: "admin" | "editor" | "commenter" | "viewer") => createKeyUser(t, { name, workspaceId: workspace.id, role });
    admin = await member("Grace Admin", "admin");
    editor = await member("Eddie Editor", "editor");
    commenter = await member("Ada Lovelace", "commenter");
    other = await member("Bo Commenter", "commenter");
    viewer = await member("Vera Viewer", "viewer");
    outsider = await createKeyUser(t, { name: "Olga Outsider" });
    t.server.services.bus.subscribe((message) => published.push(message));
  });
  afterAll(async () => t?.close());
  beforeEach(() => {
    published = [];
  });

  const newRun = async (keys: string[] = ["loss"]) => {
    const res = await t.request<{ id: string }>("/api/v1/runs", { key: editor.key, body: { project: `${workspace.slug}/mnist` } });
    expect(res.status).toBe(201);
    if (keys.length > 0) {
      const points = keys.flatMap((key) => [0, 500].map((step) => ({ key, step, value: 1 })));
      expect((await t.request(`/api/v1/runs/${res.body.id}/metrics`, { key: editor.key, body: { points } })).status).toBe(200);
    }
    return res.body.id;
  };
  const post = (runId: string, who: KeyUser, body: unknown) => t.request<CommentPayload & ErrorBody>(`/api/v1/runs/${runId}/comments`, { key: who.key, body });
  const postOk = async (runId: string, who: KeyUser, body: Record<string, unknown>) => {
    const res = await post(runId, who, body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const patch = (id: string, who: KeyUser, body: unknown) =>
    t.request<CommentPayload & ErrorBody>(`/api/v1/comments/${id}`, { method: "PATCH", key: who.key, body });
  const remove = (id: string, who: KeyUser) => t.request<ErrorBody>(`/api/v1/comments/${id}`, { method: "DELETE", key: who.key });
  const list = async (runId: string, who: KeyUser = viewer) => {
    const res = await t.request<{ comments: CommentPayload[] }>(`/api/v1/runs/${runId}/comments`, { key: who.key });
    expect(res.status).toBe(200);
    return res.body.comments;
  };
  const commentEvents = () => published.flatMap((m) => (m.type === "comment" ? [m.event] : []));

  it("starts an anchored thread that viewers read, and publishes it live", async () => {
    const runId = await newRun(["val/loss"]);
    expect(await list(runId)).toEqual([]);
    const created = await postOk(runId, commenter, { body: "**Spike** after warm-up", anchor: { key: "val/loss", fromStep: 120, toStep: 340 } });
    expect(created).toEqual({
      id: expect.any(String),
      runId,
      parentId: null,
      author: { id: commenter.user.id, name: "Ada Lovelace" },
      body: "**Spike** after warm-up",
      anchor: { key: "val/loss", fromStep: 120, toStep: 340 },
      mentions: [],
      resolvedAt: null,
      resolvedBy: null,
      editedAt: null,
      deleted: false,
      createdAt: expect.any(String),
    });
    expect(await list(runId)).toEqual([created]);
    expect(commentEvents()).toEqual([{ runId, action: "created", comment: created }]);
    const keyOnly = await postOk(runId, editor, { body: "whole curve", anchor: { key: "val/loss" } });
    expect(keyOnly.anchor).toEqual({ key: "val/loss", fromStep: null, toStep: null });
  });

  it("delivers new threads, replies, resolutions and deletions to a viewer watching the run", async () => {
    const runId = await newRun();
    const socket = await connectLive(t, { token: viewer.key });
    try {
      expect(await subscribe(socket, { runId })).toEqual({ ok: true });
      const heard = (action: string) => nextEvent(socket, "comment").then((e) => (expect(e.action).toBe(action), e.comment));
      let next = heard("created");
      const root = await postOk(runId, commenter, { body: "look at this" });
      expect(await next).toEqual(root);
      next = heard("created");
      const reply = await postOk(runId, other, { body: "on it", parentId: root.id });
      expect(await next).toEqual(reply);
      next = heard("updated");
      const resolved = await patch(reply.id, other, { resolved: true });
      expect(await next).toEqual(resolved.body);
      next = heard("deleted");
      expect((await remove(reply.id, other)).status).toBe(204);
      expect(await next).toMatchObject({ id: reply.id, deleted: true, body: "" });
    } finally {
      socket.close();
    }
  });

  it("threads replies under the root, oldest first, and refuses replies to replies and anchored replies", async () => {
    const runId = await newRun();
    const root = await postOk(runId, commenter, { body: "root" });
    const first = await postOk(runId, other, { body: "first reply", parentId: root.id });
    const second = await postOk(runId, owner, { body: "second reply", parentId: root.id });
    expect((await list(runId)).map((c) => [c.id, c.parentId])).toEqual([
      [root.id, null],
      [first.id, root.id],
      [second.id, root.id],
    ]);
    const elsewhere = await newRun();
    const events = await countEvents(t);
    const nested = await post(runId, commenter, { body: "nested", parentId: first.id });
    expect(nested.status).toBe(400);
    expect(nested.body.error.message).toMatch(new RegExp(`parentId: reply to the thread's first comment "${root.id}"`));
    const anchored = await post(runId, commenter, { body: "anchored reply", parentId: root.id, anchor: { key: "loss", fromStep: 0, toStep: 1 } });
    expect(anchored.status).toBe(400);
    expect(anchored.body.error.message).toMatch(/anchor: a reply shares its thread's anchor/);
    const foreign = await post(elsewhere, commenter, { body: "wrong run", parentId: root.id });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.message).toMatch(/parentId: this run has no comment/);
    expect(await countEvents(t)).toBe(events);
    expect(await list(runId)).toHaveLength(3);
    expect(await list(elsewhere)).toEqual([]);
  });

  it("records mentions of workspace members and refuses anyone else, naming the field", async () => {
    const runId = await newRun();
    const body = `${mentionToken({ id: other.user.id, name: "Bo" })} and ${mentionToken({ id: admin.user.id, name: "Grace" })}, have a look`;
    const created = await postOk(runId, commenter, { body });
    expect(created.mentions).toEqual([
      { id: other.user.id, name: "Bo Commenter" },
      { id: admin.user.id, name: "Grace Admin" },
    ]);
    const events = await countEvents(t);
    for (const stranger of [outsider.user.id, "no-such-user"]) {
      const refused = await post(runId, commenter, { body: `hi ${mentionToken({ id: stranger, name: "Olga" })}` });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toEqual({ code: "invalid_input", message: expect.stringContaining(`body: mentions "${stranger}", who is not a member`) });
      const edit = await patch(created.id, commenter, { body: `now ${mentionToken({ id: stranger, name: "Olga" })}` });
      expect(edit.status).toBe(400);
    }
    expect(await countEvents(t)).toBe(events);
    expect(await list(runId)).toEqual([created]);
  });

  it.each<[string, unknown, RegExp]>([
    ["a missing body", {}, /body: /],
    ["an empty body", { body: "" }, /body: must not be empty/],
    ["a blank body", { body: "  \n " }, /body: must not be empty/],
    ["a body of 10,001 characters", { body: "x".repeat(10_001) }, /body: must be at most 10000 characters/],
    ["a number as body", { body: 42 }, /body: must be a string/],
    ["a reversed range", { body: "b", anchor: { key: "loss", fromStep: 340, toStep: 120 } }, /anchor\.toStep: must not be less than fromStep/],
    ["a negative step", { body: "b", anchor: { key: "loss", fromStep: -1, toStep: 3 } }, /anchor\.fromStep: must not be negative/],
    ["a fractional step", { body: "b", anchor: { key: "loss", fromStep: 1, toStep: 2.5 } }, /anchor\.toStep: must be an integer/],
    ["half a range", { body: "b", anchor: { key: "loss", fromStep: 1 } }, /anchor\.fromStep: send fromStep and toStep together/],
    ["an empty key", { body: "b", anchor: { key: "" } }, /anchor\.key: must not be empty/],
    ["a control character in the key", { body: "b", anchor: { key: "lo\u0000ss" } }, /anchor\.key: must not contain control characters/],
    ["a key the run never logged", { body: "b", anchor: { key: "accuracy", fromStep: 1, toStep: 2 } }, /anchor\.key: this run has no metric "accuracy"/],
    ["a parent that is not an id", { body: "b", parentId: "root" }, /parentId: must be a comment id/],
    ["an unknown field", { body: "b", resolved: true }, /resolved/],
    ["malformed JSON", '{"body": "b",', /Malformed JSON/],
  ])("refuses %s with a 400 naming the field and writes nothing", async (_label, body, message) => {
    const runId = await newRun();
    const events = await countEvents(t);
    const res = await post(runId, commenter, body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_input");
    expect(res.body.error.message).toMatch(message);
    expect(await list(runId)).toEqual([]);
    expect(await countEvents(t)).toBe(events);
    expect(commentEvents()).toEqual([]);
  });

  it("lets the author edit, showing when, and no one else", async () => {
    const runId = await newRun();
    const created = await postOk(runId, commenter, { body: "typo" });
    published = [];
    const edited = await patch(created.id, commenter, { body: `fixed, ${mentionToken({ id: other.user.id, name: "Bo" })}` });
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({ id: created.id, body: `fixed, ${mentionToken({ id: other.user.id, name: "Bo" })}`, mentions: [{ id: other.user.id }], editedAt: expect.any(String) });
    expect(commentEvents()).toEqual([{ runId, action: "updated", comment: edited.body }]);
    for (const someone of [other, admin, owner]) {
      const res = await patch(created.id, someone, { body: "hijacked" });
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/Only its author can edit/);
    }
    const bad = await patch(created.id, commenter, { body: "" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/body: must not be empty/);
    const nothing = await patch(created.id, commenter, {});
    expect(nothing.status).toBe(400);
    expect(nothing.body.error.message).toMatch(/send body, resolved or both/);
    expect(await list(runId)).toEqual([edited.body]);
  });

  it("resolves and reopens a thread through its root or a reply, by any commenter", async () => {
    const runId = await newRun();
    const root = await postOk(runId, commenter, { body: "is this a bug?", anchor: { key: "loss", fromStep: 0, toStep: 500 } });
    const reply = await postOk(runId, other, { body: "fixed in b7f2", parentId: root.id });
    published = [];
    const resolved = await patch(reply.id, other, { resolved: true });
    expect(resolved.status).toBe(200);
    expect(resolved.body).toMatchObject({ id: root.id, resolvedAt: expect.any(String), resolvedBy: { id: other.user.id, name: "Bo Commenter" } });
    expect(commentEvents()).toEqual([{ runId, action: "updated", comment: resolved.body }]);
    // Resolving again changes nothing and tells no one.
    const again = await patch(root.id, commenter, { resolved: true });
    expect(again.body.resolvedAt).toBe(resolved.body.resolvedAt);
    expect(commentEvents()).toHaveLength(1);
    const reopened = await patch(root.id, commenter, { resolved: false });
    expect(reopened.body).toMatchObject({ id: root.id, resolvedAt: null, resolvedBy: null });
    const [listedRoot, listedReply] = await list(runId);
    expect(listedRoot).toEqual(reopened.body);
    expect(listedReply?.resolvedAt).toBeNull();
  });

  it("records one resolution when two people resolve a thread at once", async () => {
    const runId = await newRun();
    const root = await postOk(runId, commenter, { body: "race" });
    const events = await countEvents(t);
    published = [];
    const answers = await Promise.all([patch(root.id, commenter, { resolved: true }), patch(root.id, other, { resolved: true })]);
    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(answers[0]?.body.resolvedAt).toBe(answers[1]?.body.resolvedAt);
    expect(await countEvents(t)).toBe(events + 1);
    expect(commentEvents()).toHaveLength(1);
  });

  it("deletes a reply outright and keeps a deleted root with replies as a tombstone", async () => {
    const runId = await newRun();
    const root = await postOk(runId, commenter, { body: `secret ${mentionToken({ id: other.user.id, name: "Bo" })}` });
    const reply = await postOk(runId, other, { body: "reply" });
    const threadReply = await postOk(runId, other, { body: "in thread", parentId: root.id });
    published = [];
    expect((await remove(reply.id, other)).status).toBe(204);
    expect((await remove(root.id, commenter)).status).toBe(204);
    const tombstone = { ...root, body: "", author: null, mentions: [], deleted: true };
    expect(await list(runId)).toEqual([tombstone, threadReply]);
    expect(commentEvents().map((e) => [e.action, e.comment.id, e.comment.deleted])).toEqual([
      ["deleted", reply.id, true],
      ["deleted", root.id, true],
    ]);
    // A tombstone cannot be edited or deleted again, but the thread can still be replied to and resolved.
    expect((await patch(root.id, commenter, { body: "back" })).status).toBe(404);
    expect((await remove(root.id, commenter)).status).toBe(404);
    expect((await patch(root.id, other, { resolved: true })).status).toBe(200);
    const late = await postOk(runId, owner, { body: "still here", parentId: root.id });
    // Once its last reply goes, the thread goes.
    expect((await remove(threadReply.id, other)).status).toBe(204);
    expect((await remove(late.id, admin)).status).toBe(204);
    expect(await list(runId)).toEqual([]);
    const gone = await post(runId, owner, { body: "too late", parentId: root.id });
    expect(gone.status).toBe(400);
    expect(gone.body.error.message).toMatch(/parentId: comment ".*" was deleted/);
  });

  it("lets admins and owners delete anyone's comment, and no other commenter or editor", async () => {
    const runId = await newRun();
    const mine = await postOk(runId, commenter, { body: "mine" });
    for (const someone of [other, editor]) {
      const res = await remove(mine.id, someone);
      expect(res.status).toBe(403);
      expect(res.body.error.message).toMatch(/Only its author, or an admin or owner/);
    }
    expect(await list(runId)).toEqual([mine]);
    expect((await remove(mine.id, admin)).status).toBe(204);
    const another = await postOk(runId, commenter, { body: "another" });
    expect((await remove(another.id, owner)).status).toBe(204);
    expect(await list(runId)).toEqual([]);
  });

  // Every comment route: the role below the minimum is refused, and nothing changes.
  it.each<[string, (ids: { runId: string; commentId: string }) => Promise<{ status: number }>]>([
    ["POST /runs/:id/comments", ({ runId }) => post(runId, viewer, { body: "viewer says" })],
    ["PATCH /comments/:id (edit)", ({ commentId }) => patch(commentId, viewer, { body: "viewer edits" })],
    ["PATCH /comments/:id (resolve)", ({ commentId }) => patch(commentId, viewer, { resolved: true })],
    ["DELETE /comments/:id", ({ commentId }) => remove(commentId, viewer)],
  ])("refuses a viewer: %s (commenter needed)", async (_label, call) => {
    const runId = await newRun();
    const comment = await postOk(runId, commenter, { body: "hello" });
    const events = await countEvents(t);
    published = [];
    const res = await call({ runId, commentId: comment.id });
    expect(res.status).toBe(403);
    expect(await list(runId)).toEqual([comment]);
    expect(await countEvents(t)).toBe(events);
    expect(commentEvents()).toEqual([]);
  });

  it("refuses an outsider on every route (viewer needed), as if nothing existed", async () => {
    const runId = await newRun();
    const comment = await postOk(runId, commenter, { body: "members only" });
    const answers = [
      await t.request<ErrorBody>(`/api/v1/runs/${runId}/comments`, { key: outsider.key }),
      await post(runId, outsider, { body: "let me in" }),
      await patch(comment.id, outsider, { resolved: true }),
      await remove(comment.id, outsider),
    ];
    expect(answers.map((a) => [a.status, a.body.error.code])).toEqual(Array.from({ length: 4 }, () => [404, "not_found"]));
    expect(answers[2]?.body.error.message).not.toContain(runId);
    expect(await list(runId)).toEqual([comment]);
  });

  it("answers 404 for comments on a deleted run, unknown runs and unknown comments", async () => {
    const runId = await newRun();
    const comment = await postOk(runId, commenter, { body: "before deletion" });
    await deleteRun(t.server.services.database.db, { runId, workspaceId: workspace.id, actorId: owner.user.id });
    expect((await t.request(`/api/v1/runs/${runId}/comments`, { key: owner.key })).status).toBe(404);
    expect((await post(runId, owner, { body: "after deletion" })).status).toBe(404);
    expect((await patch(comment.id, commenter, { body: "edit" })).status).toBe(404);
    expect((await remove(comment.id, commenter)).status).toBe(404);
    expect((await post("00000000-0000-4000-8000-000000000000", owner, { body: "x" })).status).toBe(404);
    expect((await patch("00000000-0000-4000-8000-000000000000", owner, { resolved: true })).status).toBe(404);
    expect((await remove("not-a-uuid", owner)).status).toBe(404);
  });

  it("refuses unauthenticated calls", async () => {
    const runId = await newRun([]);
    expect((await t.request(`/api/v1/runs/${runId}/comments`)).status).toBe(401);
    expect((await t.request(`/api/v1/runs/${runId}/comments`, { body: { body: "anon" } })).status).toBe(401);
  });
});
