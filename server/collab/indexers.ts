import * as Y from "yjs";
import type { Bus } from "@/lib/bus/bus";
import { syncNotebookAnchors } from "@/lib/comments/sync-notebook-anchors";
import type { Db } from "@/lib/db/client";
import { indexNotebook } from "@/lib/notebooks/index-notebook";
import type { DocumentIndexer } from "./indexing";

/**
 * Marks text comment threads whose text left the page as orphaned (and back), telling the
 * page's live subscribers. The database is read first, so it works on a copy of the page taken
 * before that await.
 */
function anchorIndexer(db: Db, bus: Bus): DocumentIndexer {
  return {
    name: "comment anchors",
    async index(notebookId, doc) {
      const copy = new Y.Doc({ gc: false });
      Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
      try {
        const changed = await syncNotebookAnchors(db, notebookId, copy);
        for (const comment of changed) bus.publish({ type: "comment", event: { notebookId, action: "updated", comment } });
      } finally {
        copy.destroy();
      }
    },
  };
}

/** Everything the server derives from notebook pages; each runs after stored changes (see ./indexing). */
export function notebookIndexers(db: Db, bus: Bus): DocumentIndexer[] {
  return [{ name: "decisions", index: (notebookId, doc) => indexNotebook(db, notebookId, doc) }, anchorIndexer(db, bus)];
}
