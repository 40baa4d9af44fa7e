import { z } from "zod";
import * as Y from "yjs";
import type { Db } from "@/lib/db/client";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { saveVersion } from "./save-version";
import type { VersionView } from "./version-view";

export const nameVersionInput = z.object({ name: z.string().trim().min(1, "must not be empty").max(200, "must be at most 200 characters") });
export type NameVersionInput = z.infer<typeof nameVersionInput>;

/** The stored state of a notebook as one update (built in a Y.Doc). */
export async function loadState(store: NotebookStore, notebookId: string): Promise<Uint8Array> {
  const doc = new Y.Doc();
  try {
    const updates = await store.load(notebookId);
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return Y.encodeStateAsUpdate(doc);
  } finally {
    doc.destroy();
  }
}

/** Names the notebook's current stored state as a version. */
export async function nameVersion(
  db: Db,
  store: NotebookStore,
  input: NameVersionInput & { notebookId: string; author: { id: string; name: string } },
): Promise<VersionView> {
  const state = await loadState(store, input.notebookId);
  const row = await saveVersion(db, { notebookId: input.notebookId, kind: "named", name: input.name, state, authorId: input.author.id });
  return { id: row.id, kind: "named", name: row.name, author: input.author, createdAt: row.createdAt };
}
