import * as Y from "yjs";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { documentFromYDoc, documentTitle, setDocumentTitle } from "@/lib/editor/schema";

/**
 * Writes `title` into the title of a notebook's stored page, as a rename from outside the
 * editor must (the page's title and the record's are one). Returns the stored change for live
 * documents to apply, or null when the page already has that title.
 */
export async function retitlePage(store: NotebookStore, notebookId: string, title: string): Promise<Uint8Array | null> {
  const doc = new Y.Doc();
  try {
    const updates = await store.load(notebookId);
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    if (documentTitle(documentFromYDoc(doc)) === title.trim()) return null;
    const before = Y.encodeStateVector(doc);
    setDocumentTitle(doc, title);
    const update = Y.encodeStateAsUpdate(doc, before);
    await store.append(notebookId, update);
    return update;
  } finally {
    doc.destroy();
  }
}
