import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase, type Database } from "@/lib/db/client";
import { comments, users } from "@/lib/db/schema";
import { EDITOR_FRAGMENT } from "@/lib/editor/schema-version";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import { createNotebook } from "@/lib/notebooks/create-notebook";
import { createProject } from "@/lib/projects/create-project";
import { createWorkspace } from "@/lib/workspaces/create-workspace";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { createNotebookComment } from "./create-notebook-comment";
import { syncNotebookAnchors } from "./sync-notebook-anchors";
import { decodeTextPosition, encodeTextPosition, isAnchorPresent } from "./text-anchor";

/** A page with one paragraph of `text`, as the editor stores it. */
function page(text: string, clientID: number): { doc: Y.Doc; paragraph: Y.XmlText } {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  const paragraph = new Y.XmlElement("paragraph");
  const content = new Y.XmlText();
  paragraph.insert(0, [content]);
  doc.getXmlFragment(EDITOR_FRAGMENT).insert(0, [paragraph]);
  content.insert(0, text);
  return { doc, paragraph: content };
}

/** The anchor of `text[from, to)`, as the browser computes it. */
function anchorOf(content: Y.XmlText, from: number, to: number) {
  return {
    from: encodeTextPosition(Y.createRelativePositionFromTypeIndex(content, from)),
    to: encodeTextPosition(Y.createRelativePositionFromTypeIndex(content, to)),
  };
}

/** Sends every update of one document to the other, both ways. */
function exchange(a: Y.Doc, b: Y.Doc): void {
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a, Y.encodeStateVector(b)));
  Y.applyUpdate(a, Y.encodeStateAsUpdate(b, Y.encodeStateVector(a)));
}

describe(`syncNotebookAnchors (${process.env.DATABASE_URL ? "postgres" : "pglite"})`, () => {
  let target: TestDatabase;
  let database: Database;
  let owner: string;
  /** Each test comments on a page of its own. */
  let notebookId: string;

  beforeAll(async () => {
    target = await createTestDatabase();
    database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
    await database.migrate();
    owner = randomUUID();
    await database.db.insert(users).values({ id: owner, email: `${owner}@example.com`, name: "Owner" });
    const workspace = await createWorkspace(database.db, { slug: "lab", name: "Lab", ownerId: owner });
    await createProject(database.db, { slug: "p", name: "P", workspaceId: workspace.id, actorId: owner });
  });
  beforeEach(async () => {
    notebookId = (await createNotebook(database.db, { project: ["lab", "p"], title: "n", userId: owner })).id;
  });
  afterAll(async () => {
    await database?.close();
    await target?.drop();
  });

  const thread = async (anchor: { from: string; to: string } | null, quote: string | null = null) => {
    const access = await authorizeNotebook(database.db, { userId: owner, notebookId, min: "commenter" });
    return createNotebookComment(database.db, { body: "look", anchor, quote, access, actorId: owner });
  };
  const orphanedAt = async (id: string) => (await database.db.select().from(comments).where(eq(comments.id, id)))[0]?.orphanedAt ?? null;

  it("keeps a thread anchored through concurrent edits before and inside its range", async () => {
    const alice = page("The loss spikes at step 1200.", 1);
    const bob = new Y.Doc();
    bob.clientID = 2;
    exchange(alice.doc, bob);
    // "spikes" is [9, 15).
    const root = await thread(anchorOf(alice.paragraph, 9, 15), "spikes");

    // Bob types before the range while Alice edits after it; neither has seen the other's edit.
    const bobText = (bob.getXmlFragment(EDITOR_FRAGMENT).get(0) as Y.XmlElement).get(0) as Y.XmlText;
    bobText.insert(0, "Note: ");
    alice.paragraph.insert(alice.paragraph.length - 1, " (bf16)");
    exchange(alice.doc, bob);
    expect(alice.paragraph.toString()).toBe("Note: The loss spikes at step 1200 (bf16).");

    for (const doc of [alice.doc, bob]) {
      expect(await syncNotebookAnchors(database.db, notebookId, doc)).toEqual([]);
      const from = decodeTextPosition(root.anchor?.from ?? "");
      const to = decodeTextPosition(root.anchor?.to ?? "");
      // The range moved right by what Bob typed, and still covers "spikes".
      expect(from && Y.createAbsolutePositionFromRelativePosition(from, doc)?.index).toBe(15);
      expect(to && Y.createAbsolutePositionFromRelativePosition(to, doc)?.index).toBe(21);
    }
    expect(await orphanedAt(root.id)).toBeNull();
  });

  it("orphans a thread whose text was deleted, and anchors it again when an undo brings the text back", async () => {
    const { doc, paragraph } = page("We chose AdamW over SGD.", 3);
    const undo = new Y.UndoManager(doc.getXmlFragment(EDITOR_FRAGMENT), { captureTimeout: 0 });
    const root = await thread(anchorOf(paragraph, 9, 14), "AdamW");
    const untouched = await thread(anchorOf(paragraph, 0, 2), "We");
    const pageWide = await thread(null);

    paragraph.delete(9, 5);
    expect(paragraph.toString()).toBe("We chose  over SGD.");
    const changed = await syncNotebookAnchors(database.db, notebookId, doc);
    expect(changed.map((c) => [c.id, c.orphaned, c.quote])).toEqual([[root.id, true, "AdamW"]]);
    expect(await orphanedAt(root.id)).toBeInstanceOf(Date);
    expect(await orphanedAt(untouched.id)).toBeNull();
    expect(await orphanedAt(pageWide.id)).toBeNull();
    // Nothing changed since: nothing to tell anyone.
    expect(await syncNotebookAnchors(database.db, notebookId, doc)).toEqual([]);

    undo.undo();
    expect(paragraph.toString()).toBe("We chose AdamW over SGD.");
    const back = await syncNotebookAnchors(database.db, notebookId, doc);
    expect(back.map((c) => [c.id, c.orphaned])).toEqual([[root.id, false]]);
    expect(await orphanedAt(root.id)).toBeNull();
  });

  it("orphans a thread whose whole paragraph was deleted, or whose anchor points into another document", async () => {
    const { doc, paragraph } = page("A paragraph that goes away.", 4);
    const inParagraph = await thread(anchorOf(paragraph, 2, 11), "paragraph");
    const elsewhere = page("Another page entirely.", 5);
    const foreign = await thread(anchorOf(elsewhere.paragraph, 0, 7), "Another");
    expect(isAnchorPresent(doc, anchorOf(paragraph, 2, 11))).toBe(true);
    expect(isAnchorPresent(doc, anchorOf(paragraph, 5, 5))).toBe(false);

    doc.getXmlFragment(EDITOR_FRAGMENT).delete(0, 1);
    const changed = await syncNotebookAnchors(database.db, notebookId, doc);
    expect(new Set(changed.map((c) => c.id))).toEqual(new Set([inParagraph.id, foreign.id]));
    expect(changed.every((c) => c.orphaned)).toBe(true);
  });
});
