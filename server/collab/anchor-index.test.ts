import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { encodeTextPosition } from "@/lib/comments/text-anchor";
import { comments, users, workspaces } from "@/lib/db/schema";
import { EDITOR_FRAGMENT } from "@/lib/protocol/collab";
import { startCollabHarness, type CollabHarness } from "./collab-harness";
import { connectClient, type TestClient } from "./collab-test-client";
import { until } from "./test-edits";

describe("the collaboration server keeps text comment anchors up to date", () => {
  let h: CollabHarness;
  const clients: TestClient[] = [];
  const db = () => h.services.database.db;

  beforeAll(async () => {
    h = await startCollabHarness({ indexDelayMs: 100 });
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => h?.close());

  it("keeps a thread anchored through edits around it, and orphans it (telling the page) when its text is deleted", async () => {
    const notebookId = await h.notebook();
    const c = connectClient(h.url, notebookId, { token: h.key });
    clients.push(c);
    await c.synced();
    const fragment = c.doc.getXmlFragment(EDITOR_FRAGMENT);
    const paragraph = new Y.XmlElement("paragraph");
    const text = new Y.XmlText("The baseline diverges after warmup.");
    paragraph.insert(0, [text]);
    fragment.insert(fragment.length, [paragraph]);
    await c.saved();

    const [workspace] = await db().select().from(workspaces).limit(1);
    const [author] = await db().select().from(users).limit(1);
    if (!workspace || !author) throw new Error("the harness made no workspace");
    const anchor = { from: encodeTextPosition(Y.createRelativePositionFromTypeIndex(text, 4)), to: encodeTextPosition(Y.createRelativePositionFromTypeIndex(text, 12)) };
    const [thread] = await db().insert(comments).values({ workspaceId: workspace.id, notebookId, authorId: author.id, body: "Which baseline?", anchor, quote: "baseline" }).returning();
    if (!thread) throw new Error("no thread");
    const orphanedAt = async () => (await db().select({ at: comments.orphanedAt }).from(comments).where(eq(comments.id, thread.id)))[0]?.at ?? null;

    const heard: unknown[] = [];
    const stop = h.services.bus.subscribe((message) => {
      if (message.type === "comment") heard.push(message.event);
    });
    try {
      // Typing before the range moves it; the thread stays anchored.
      text.insert(0, "Note: ");
      await c.saved();
      await new Promise((r) => setTimeout(r, 400));
      expect(await orphanedAt()).toBeNull();

      text.delete(0, text.length);
      await c.saved();
      await until(async () => (await orphanedAt()) !== null, 5_000, "the thread to be orphaned");
      expect(heard).toContainEqual(expect.objectContaining({ notebookId, action: "updated", comment: expect.objectContaining({ id: thread.id, orphaned: true }) }));

    } finally {
      stop();
    }
  });
});
