import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { changeMemberRole } from "@/lib/members/change-member-role";
import { removeMember } from "@/lib/members/remove-member";
import { createProject } from "@/lib/projects/create-project";
import { collabCloseCodes, EDITOR_FRAGMENT, EDITOR_SCHEMA_VERSION } from "@/lib/protocol/collab";
import { createKeyUser, createOwnedWorkspace, type KeyUser } from "@/tests/support/fixtures";
import { startTestServer, type TestServer } from "@/tests/support/server";
import { connectClient, type TestClient } from "./collab-test-client";

/** Appends a paragraph holding `text` to the editor content. */
function write(doc: Y.Doc, text: string): void {
  const paragraph = new Y.XmlElement("paragraph");
  paragraph.insert(0, [new Y.XmlText(text)]);
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  fragment.insert(fragment.length, [paragraph]);
}
const content = (doc: Y.Doc) => doc.getXmlFragment(EDITOR_FRAGMENT).toJSON();

async function until(check: () => boolean, timeoutMs = 5_000, what = "condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("collaboration endpoint", () => {
  let t: TestServer;
  let owner: KeyUser;
  let workspaceId: string;
  let slug: string;
  let editor: KeyUser;
  let viewer: KeyUser;
  let commenter: KeyUser;
  let outsider: KeyUser;
  const clients: TestClient[] = [];
  const client = (notebookId: string, options: Parameters<typeof connectClient>[2] = {}) => {
    const c = connectClient(t.url, notebookId, options);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await startTestServer();
    const created = await createOwnedWorkspace(t);
    owner = created.owner;
    workspaceId = created.workspace.id;
    slug = created.workspace.slug;
    await createProject(t.server.services.database.db, { slug: "notes", workspaceId, actorId: owner.user.id });
    editor = await createKeyUser(t, { workspaceId, role: "editor" });
    viewer = await createKeyUser(t, { workspaceId, role: "viewer" });
    commenter = await createKeyUser(t, { workspaceId, role: "commenter" });
    outsider = await createKeyUser(t);
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => t?.close());

  const notebook = async () => {
    const res = await t.request<{ id: string }>("/api/v1/notebooks", { key: owner.key, body: { project: `${slug}/notes`, title: "n" } });
    expect(res.status).toBe(201);
    return res.body.id;
  };
  const stored = async (id: string) => {
    const doc = new Y.Doc();
    for (const u of await createDbNotebookStore(t.server.services.database).load(id)) Y.applyUpdate(doc, u);
    return content(doc);
  };

  it("syncs two editors both ways, and a third joining later gets everything", async () => {
    const id = await notebook();
    const a = client(id, { token: editor.key });
    const b = client(id, { token: owner.key });
    await Promise.all([a.synced(), b.synced()]);
    write(a.doc, "from a");
    write(b.doc, "from b");
    await until(() => content(a.doc) === content(b.doc) && content(a.doc).includes("from a") && content(a.doc).includes("from b"));
    await Promise.all([a.saved(), b.saved()]);
    expect(await stored(id)).toBe(content(a.doc));
    const c = client(id, { token: viewer.key });
    await c.synced();
    expect(content(c.doc)).toBe(content(a.doc));
  });

  it("drops a viewer's and a commenter's document updates but relays their awareness", async () => {
    const id = await notebook();
    const e = client(id, { token: editor.key });
    await e.synced();
    write(e.doc, "shared");
    await e.saved();
    // The stock client logs y-protocols' "permission denied": the reader is told, once.
    const warn = vi.spyOn(console, "warn").mockImplementation(() => undefined);
    for (const reader of [viewer, commenter]) {
      const r = client(id, { token: reader.key });
      await r.synced();
      expect(content(r.doc)).toContain("shared");
      write(r.doc, "injected");
      // A reader claiming to be someone else is shown as who it is; its caret color stays.
      r.provider.awareness.setLocalStateField("user", { id: owner.user.id, name: "The Owner", color: "#00ff00" });
      const seen = () =>
        [...e.provider.awareness.getStates().values()].map((s) => (s as { user?: { id?: string; name?: string; color?: string } }).user).find((u) => u?.color === "#00ff00");
      await until(() => seen() !== undefined, 5_000, "awareness");
      expect(seen()).toEqual({ id: reader.user.id, name: reader.user.name, color: "#00ff00" });
      // Later edits of the editor still reach the reader…
      write(e.doc, `after ${reader.user.id}`);
      await until(() => content(r.doc).includes(`after ${reader.user.id}`));
      await e.saved();
      // …but the reader's never reached the editor nor the database.
      expect(content(e.doc)).not.toContain("injected");
      expect(await stored(id)).not.toContain("injected");
      r.provider.awareness.setLocalState(null);
    }
    expect(warn.mock.calls.map((call) => String(call[0]))).toEqual([expect.stringMatching(/read-only/), expect.stringMatching(/read-only/)]);
    warn.mockRestore();
  });

  it.each<[string, () => Promise<{ id: string; options: Parameters<typeof connectClient>[2] }>, number]>([
    ["no credentials", async () => ({ id: await notebook(), options: {} }), collabCloseCodes.unauthenticated],
    ["a wrong API key", async () => ({ id: await notebook(), options: { token: "lb_wrong" } }), collabCloseCodes.unauthenticated],
    ["a non-member", async () => ({ id: await notebook(), options: { token: outsider.key } }), collabCloseCodes.notFound],
    ["an unknown notebook", () => Promise.resolve({ id: randomUUID(), options: { token: editor.key } }), collabCloseCodes.notFound],
    ["a malformed notebook id", () => Promise.resolve({ id: "not-an-id", options: { token: editor.key } }), collabCloseCodes.notFound],
    [
      "a deleted notebook",
      async () => {
        const id = await notebook();
        expect((await t.request(`/api/v1/notebooks/${id}`, { method: "DELETE", key: owner.key })).status).toBe(204);
        return { id, options: { token: editor.key } };
      },
      collabCloseCodes.notFound,
    ],
    ["an older editor schema", async () => ({ id: await notebook(), options: { token: editor.key, schema: EDITOR_SCHEMA_VERSION - 1 } }), collabCloseCodes.reload],
  ])("refuses %s with a close code, sends no document byte, and is not retried", async (_label, setup, code) => {
    const { id, options } = await setup();
    const c = client(id, { ...options, connect: false });
    const received: number[] = [];
    let attempts = 0;
    c.provider.on("status", ({ status }) => {
      if (status !== "connecting") return;
      attempts++;
      (c.provider.ws as unknown as WebSocket).addEventListener("message", (e) => received.push((e.data as ArrayBuffer).byteLength));
    });
    const closed = c.nextClose();
    c.provider.connect();
    const close = await closed;
    expect(close.code).toBe(code);
    if (code === collabCloseCodes.reload) expect(close.reason).toMatch(/^reload/);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(received).toEqual([]);
    expect(attempts).toBe(1);
    expect(c.provider.shouldConnect).toBe(false);
  });

  it("accepts the current schema and scripts that send none", async () => {
    const id = await notebook();
    const current = client(id, { token: editor.key, schema: EDITOR_SCHEMA_VERSION });
    const script = client(id, { token: editor.key });
    await Promise.all([current.synced(), script.synced()]);
  });

  it("takes a same-origin session cookie and refuses it cross-origin in the handshake", async () => {
    const id = await notebook();
    const member = await t.createUser({ workspaceId, role: "editor" });
    const cookie = await t.signIn(member.email, member.password);
    const same = client(id, { cookie, origin: t.url });
    await same.synced();
    const handshake = (headers: Record<string, string>) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${t.url.replace("http", "ws")}/ws/yjs/${id}`, { headers });
        ws.on("unexpected-response", (req, res) => {
          req.destroy();
          resolve(res.statusCode ?? 0);
        });
        ws.on("open", () => {
          ws.terminate();
          resolve(101);
        });
        ws.on("error", reject);
      });
    expect(await handshake({ cookie, origin: "https://evil.example" })).toBe(403);
    expect(await handshake({ cookie })).toBe(403);
    expect(await handshake({ cookie, origin: t.url })).toBe(101);
  });

  it("closes on an oversized frame (1009) and on a malformed one (4400); others stay connected", async () => {
    const id = await notebook();
    const bystander = client(id, { token: editor.key });
    await bystander.synced();
    const open = async () => {
      const ws = new WebSocket(`${t.url.replace("http", "ws")}/ws/yjs/${id}?token=${editor.key}`);
      await new Promise((r) => ws.once("open", r));
      return ws;
    };
    const closeOf = (ws: WebSocket) => new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    const big = await open();
    const bigClosed = closeOf(big);
    big.send(new Uint8Array(5 * 1024 * 1024));
    expect(await bigClosed).toBe(collabCloseCodes.tooLarge);
    for (const frame of [new Uint8Array([0, 2, 0xff, 0xff, 0xff, 0xff, 0xff]), new Uint8Array([9]), new Uint8Array([0, 7])]) {
      const bad = await open();
      const closed = closeOf(bad);
      bad.send(frame);
      expect(await closed).toBe(collabCloseCodes.invalid);
    }
    write(bystander.doc, "still here");
    await bystander.saved();
    expect(bystander.provider.wsconnected).toBe(true);
  });

  it.each<[string, Uint8Array, number]>([
    ["awareness queries", new Uint8Array([3]), 3_000],
    ["sync step 1 requests (each makes the server encode the document)", new Uint8Array([0, 0, 1, 0]), 200],
  ])("closes a connection flooding %s (4429); others are unaffected", async (_label, frame, count) => {
    const id = await notebook();
    const bystander = client(id, { token: editor.key });
    await bystander.synced();
    const ws = new WebSocket(`${t.url.replace("http", "ws")}/ws/yjs/${id}?token=${editor.key}`);
    await new Promise((r) => ws.once("open", r));
    const closed = new Promise<number>((resolve) => ws.once("close", (code) => resolve(code)));
    for (let i = 0; i < count; i++) ws.send(frame);
    expect(await closed).toBe(collabCloseCodes.rateLimited);
    write(bystander.doc, "unaffected");
    await bystander.saved();
  });

  it("downgrades, then closes, connections whose access is withdrawn, and closes on a revoked key", async () => {
    const id = await notebook();
    const db = t.server.services.database.db;
    const member = await createKeyUser(t, { workspaceId, role: "editor" });
    const c = client(id, { token: member.key });
    await c.synced();
    write(c.doc, "while editor");
    await c.saved();
    await changeMemberRole(db, { workspaceId, userId: member.user.id, role: "viewer", actorId: owner.user.id, actorRole: "owner" });
    await new Promise((r) => setTimeout(r, 6_500)); // one access re-check (every 5 s)
    write(c.doc, "while viewer");
    await new Promise((r) => setTimeout(r, 300));
    expect(await stored(id)).not.toContain("while viewer");
    const closed = c.nextClose();
    await removeMember(db, { workspaceId, userId: member.user.id, actorId: owner.user.id, actorRole: "owner" });
    expect((await closed).code).toBe(collabCloseCodes.notFound);

    const k = client(id, { token: editor.key });
    await k.synced();
    const keyClosed = k.nextClose();
    const [row] = await t.server.services.database.rows<{ id: string }>(
      (await import("drizzle-orm")).sql`select id::text as id from api_keys where user_id = ${editor.user.id} and revoked_at is null limit 1`,
    );
    await revokeApiKey(db, { userId: editor.user.id, apiKeyId: row!.id });
    expect((await keyClosed).code).toBe(collabCloseCodes.unauthenticated);
  }, 30_000);
});
