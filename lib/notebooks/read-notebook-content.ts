import type { JSONContent } from "@tiptap/core";
import * as Y from "yjs";
import type { NotebookStore } from "@/lib/collab/notebook-store";
import { documentFromYDoc } from "@/lib/editor/schema";

/**
 * A notebook's current page as ProseMirror JSON, read from the durable store (compacted state
 * plus every appended update). The collaboration server acknowledges an edit only once it is
 * stored, so an acknowledged edit is always here.
 */
export async function readNotebookContent(store: NotebookStore, notebookId: string): Promise<JSONContent> {
  const updates = await store.load(notebookId);
  const doc = new Y.Doc();
  try {
    doc.transact(() => {
      for (const update of updates) Y.applyUpdate(doc, update);
    });
    return documentFromYDoc(doc).toJSON() as JSONContent;
  } finally {
    doc.destroy();
  }
}
