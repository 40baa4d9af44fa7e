import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { openDatabase, type Database } from "@/lib/db/client";
import { notebooks, projects, users, workspaces } from "@/lib/db/schema";
import { createTestDatabase, type TestDatabase } from "@/tests/support/database";
import { createDbNotebookStore } from "./db-notebook-store";
import type { NotebookStore } from "./notebook-store";

/** An embedded database copied from the migrated template, whatever DATABASE_URL says. */
async function openPglite(): Promise<{ database: Database; drop(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "labbook-store-"));
  const template = process.env.LABBOOK_TEST_TEMPLATE;
  if (template && fs.existsSync(path.join(template, "pgdata"))) fs.cpSync(path.join(template, "pgdata"), path.join(dir, "pgdata"), { recursive: true });
  const database = await openDatabase({ dataDir: dir });
  await database.migrate();
  return { database, drop: async () => (await database.close(), fs.rmSync(dir, { recursive: true, force: true })) };
}

async function openPostgres(): Promise<{ database: Database; drop(): Promise<void> }> {
  const target: TestDatabase = await createTestDatabase();
  const database = await openDatabase({ databaseUrl: target.env.DATABASE_URL, dataDir: target.env.LABBOOK_DATA_DIR });
  await database.migrate();
  return { database, drop: async () => (await database.close(), await target.drop()) };
}

// The contract runs on PGlite always, and on Postgres too when DATABASE_URL names one.
const targets: [string, () => Promise<{ database: Database; drop(): Promise<void> }>][] = [
  ["PGlite", openPglite],
  ...(process.env.DATABASE_URL ? [["Postgres", openPostgres] as [string, typeof openPostgres]] : []),
];

const text = (updates: Uint8Array[]) => {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  const value = doc.getText("t").toJSON();
  doc.destroy();
  return value;
};

/** A writer whose every edit is returned as an update. */
function writer() {
  const doc = new Y.Doc();
  const edits: Uint8Array[] = [];
  doc.on("update", (u: Uint8Array) => edits.push(u));
  return {
    doc,
    type(s: string) {
      const before = edits.length;
      doc.getText("t").insert(doc.getText("t").length, s);
      return edits.slice(before);
    },
  };
}

describe.each(targets)("notebook store contract on %s", (_kind, open) => {
  let database: Database;
  let drop: () => Promise<void>;
  let store: NotebookStore;
  let projectId: string;
  beforeAll(async () => {
    const handle = await open();
    database = handle.database;
    drop = () => handle.drop();
    store = createDbNotebookStore(database);
    const db = database.db;
    await db.insert(users).values({ id: "u1", email: "u1@example.com", name: "U" });
    const [ws] = await db.insert(workspaces).values({ slug: "s", name: "S", createdBy: "u1" }).returning();
    const [project] = await db.insert(projects).values({ workspaceId: ws!.id, slug: "p", name: "P" }).returning();
    projectId = project!.id;
  });
  afterAll(async () => drop?.());

  const notebook = async () => {
    const [row] = await database.db.insert(notebooks).values({ projectId, title: "n" }).returning();
    return row!.id;
  };
  const rowCount = async (id: string) =>
    (await database.rows<{ n: number }>(sql`select count(*)::int as n from notebook_updates where notebook_id = ${id}::uuid`))[0]!.n;

  it("loads nothing for a new notebook", async () => {
    expect(await store.load(await notebook())).toEqual([]);
  });

  it("returns appended updates byte for byte, in order", async () => {
    const id = await notebook();
    const w = writer();
    const updates = [...w.type("hello"), ...w.type(" world")];
    for (const u of updates) await store.append(id, u);
    const loaded = await store.load(id);
    expect(loaded.map((u) => Array.from(u))).toEqual(updates.map((u) => Array.from(u)));
    expect(text(loaded)).toBe("hello world");
  });

  it("folds updates and the in-memory state into one snapshot", async () => {
    const id = await notebook();
    const w = writer();
    for (const u of w.type("stored")) await store.append(id, u);
    w.type(" and in memory");
    const result = await store.compact(id, Y.encodeStateAsUpdate(w.doc));
    expect(result.folded).toBe(1);
    expect(await rowCount(id)).toBe(0);
    const loaded = await store.load(id);
    expect(loaded).toHaveLength(1);
    expect(text(loaded)).toBe("stored and in memory");
    for (const u of w.type("!")) await store.append(id, u);
    expect(text(await store.load(id))).toBe("stored and in memory!");
    await store.compact(id);
    expect(await store.load(id)).toHaveLength(1);
    expect(text(await store.load(id))).toBe("stored and in memory!");
  });

  it("garbage-collects deleted content (a Y.Doc, not Y.mergeUpdates)", async () => {
    const id = await notebook();
    const w = writer();
    const all: Uint8Array[] = [];
    w.doc.on("update", (u: Uint8Array) => all.push(u));
    for (let i = 0; i < 200; i++) w.doc.getText("t").insert(i, "x");
    for (let i = 0; i < 150; i++) w.doc.getText("t").delete(0, 1);
    // one row holding every edit: the store compacts what it was given, however it was batched
    await store.append(id, Y.mergeUpdates(all));
    const { bytes } = await store.compact(id);
    expect(bytes).toBeLessThan(Y.mergeUpdates(all).byteLength / 2);
    expect(text(await store.load(id))).toBe("x".repeat(50));
  });

  it("loses no update appended while compactions run", async () => {
    const id = await notebook();
    const writers = [writer(), writer(), writer()];
    const appends: Promise<void>[] = [];
    const compactions: Promise<unknown>[] = [];
    for (let round = 0; round < 30; round++) {
      for (const [i, w] of writers.entries()) for (const u of w.type(`${i}${round % 10}`)) appends.push(store.append(id, u));
      if (round % 5 === 0) compactions.push(store.compact(id));
    }
    await Promise.all([...appends, ...compactions]);
    const doc = new Y.Doc();
    for (const u of await store.load(id)) Y.applyUpdate(doc, u);
    for (const w of writers) {
      // every writer's whole history is in the store
      const clock = (d: Y.Doc) => Y.decodeStateVector(Y.encodeStateVector(d)).get(w.doc.clientID);
      expect(clock(doc)).toBe(clock(w.doc));
    }
    expect(doc.getText("t").length).toBe(3 * 30 * 2);
    await store.compact(id);
    const again = new Y.Doc();
    for (const u of await store.load(id)) Y.applyUpdate(again, u);
    expect(again.getText("t").toJSON()).toBe(doc.getText("t").toJSON());
  });

  it("loads a consistent state while compactions run", async () => {
    const id = await notebook();
    const w = writer();
    const compactions: Promise<unknown>[] = [];
    const loads: Promise<void>[] = [];
    for (let round = 0; round < 40; round++) {
      for (const u of w.type(String(round % 10))) await store.append(id, u);
      const expected = round + 1;
      compactions.push(store.compact(id));
      // Every load sees at least what was appended before it started, whatever compaction commits meanwhile.
      for (let k = 0; k < 3; k++) loads.push(store.load(id).then((loaded) => expect(text(loaded).length).toBeGreaterThanOrEqual(expected)));
    }
    await Promise.all([...compactions, ...loads]);
  });

  it("keeps notebooks apart", async () => {
    const a = await notebook();
    const b = await notebook();
    for (const u of writer().type("A")) await store.append(a, u);
    for (const u of writer().type("B")) await store.append(b, u);
    await store.compact(a);
    expect(text(await store.load(a))).toBe("A");
    expect(text(await store.load(b))).toBe("B");
  });
});
