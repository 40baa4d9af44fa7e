import { randomUUID } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { decisions, users, workspaces } from "@/lib/db/schema";
import { listVersions } from "@/lib/notebooks/list-versions";
import { nameVersion } from "@/lib/notebooks/name-version";
import { restoreVersion } from "@/lib/notebooks/restore-version";
import { EDITOR_FRAGMENT } from "@/lib/protocol/collab";
import { createRun } from "@/lib/runs/create-run";
import { startCollabHarness, type CollabHarness } from "./collab-harness";
import { connectClient, type TestClient } from "./collab-test-client";
import { publishStoredUpdate } from "./relay";
import { until } from "./test-edits";

/** Appends a `decision` block the way the editor's Yjs binding stores one (attributes as they are). */
function writeDecision(doc: Y.Doc, attrs: Record<string, unknown>): void {
  const block = new Y.XmlElement("decision");
  for (const [key, value] of Object.entries(attrs)) block.setAttribute(key, value as string);
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  fragment.insert(fragment.length, [block]);
}

function removeDecisions(doc: Y.Doc): void {
  const fragment = doc.getXmlFragment(EDITOR_FRAGMENT);
  doc.transact(() => {
    for (let i = fragment.length - 1; i >= 0; i--) {
      const node = fragment.get(i);
      if (node instanceof Y.XmlElement && node.nodeName === "decision") fragment.delete(i, 1);
    }
  });
}

describe("the collaboration server indexes decision blocks", () => {
  let h: CollabHarness;
  let userId: string;
  let slug: string;
  let runId: string;
  const clients: TestClient[] = [];
  const db = () => h.services.database.db;
  const rows = (notebookId: string) => db().select().from(decisions).where(eq(decisions.notebookId, notebookId)).orderBy(asc(decisions.position));

  beforeAll(async () => {
    h = await startCollabHarness({ indexDelayMs: 100 });
    const [workspace] = await db().select().from(workspaces).limit(1);
    const [user] = await db().select().from(users).limit(1);
    if (!workspace || !user) throw new Error("the harness made no workspace");
    slug = workspace.slug;
    userId = user.id;
    runId = (await createRun(db(), { userId, project: [slug, "p"] })).run.id;
  });
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy();
  });
  afterAll(async () => h?.close());

  it("indexes a block written by the stock y-websocket client, and unindexes it when removed", async () => {
    const notebookId = await h.notebook();
    const c = connectClient(h.url, notebookId, { token: h.key });
    clients.push(c);
    await c.synced();
    const decisionId = randomUUID();
    writeDecision(c.doc, { decisionId, title: "Use AdamW", status: "accepted", rationale: "better val loss", owner: userId, date: "2024-05-01", runs: [runId, randomUUID()] });
    await c.saved();
    await until(async () => (await rows(notebookId)).length === 1, 5_000, "the decision to be indexed");
    const [row] = await rows(notebookId);
    expect(row).toMatchObject({ decisionId, title: "Use AdamW", status: "accepted", rationale: "better val loss", ownerId: userId, decidedOn: "2024-05-01", runIds: [runId] });

    const block = c.doc.getXmlFragment(EDITOR_FRAGMENT).toArray().find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === "decision");
    block?.setAttribute("status", "superseded");
    await until(async () => (await rows(notebookId))[0]?.status === "superseded", 5_000, "the status change to be indexed");

    removeDecisions(c.doc);
    await c.saved();
    await until(async () => (await rows(notebookId)).length === 0, 5_000, "the removed decision to be unindexed");
  });

  it("indexes version restores, with the page open and with nobody on it", async () => {
    const notebookId = await h.notebook();
    const store = createDbNotebookStore(h.services.database);
    const workspaceId = (await db().select({ id: workspaces.id }).from(workspaces).where(eq(workspaces.slug, slug)))[0]?.id ?? "";
    const restore = async (versionId: string) => {
      const { update } = await restoreVersion(db(), store, { notebookId, versionId, workspaceId, actorId: userId });
      publishStoredUpdate(h.services.bus, notebookId, update);
    };

    const c = connectClient(h.url, notebookId, { token: h.key });
    clients.push(c);
    await c.synced();
    const decisionId = randomUUID();
    writeDecision(c.doc, { decisionId, title: "kept in a version" });
    await c.saved();
    await until(async () => (await rows(notebookId)).length === 1, 5_000, "the decision to be indexed");
    const withDecision = await nameVersion(db(), store, { name: "with", notebookId, author: { id: userId, name: "Editor" } });
    removeDecisions(c.doc);
    await c.saved();
    await until(async () => (await rows(notebookId)).length === 0, 5_000, "the removed decision to be unindexed");

    await restore(withDecision.id);
    await until(async () => (await rows(notebookId)).length === 1, 5_000, "the restored decision to be indexed (page open)");

    c.destroy();
    clients.length = 0;
    await until(() => h.collab.stats().notebooks === 0, 5_000, "the notebook to unload");
    const before = (await listVersions(db(), notebookId)).find((v) => v.name === "Before restoring a version");
    if (!before) throw new Error("no version before the restore");
    await restore(before.id);
    await until(async () => (await rows(notebookId)).length === 0, 5_000, "the restore to be indexed (nobody on the page)");
    await until(() => h.collab.stats().notebooks === 0, 5_000, "the notebook loaded for indexing to unload again");
  });
});
