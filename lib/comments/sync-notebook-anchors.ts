import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import type * as Y from "yjs";
import type { Db } from "@/lib/db/client";
import { comments } from "@/lib/db/schema";
import type { NotebookCommentPayload } from "@/lib/protocol/live";
import { toNotebookCommentPayloads } from "./comment-view";
import { isAnchorPresent } from "./text-anchor";

/**
 * Marks the anchored threads of a notebook whose text is gone from `doc` as orphaned, and
 * clears the mark of those whose text is back (an undo, a restored version). Call it with the
 * page's current document whenever the server has one (the notebook indexer does). Returns the
 * threads that changed, for `comment` events (`action: "updated"`) after the commit.
 */
export async function syncNotebookAnchors(db: Db, notebookId: string, doc: Y.Doc): Promise<NotebookCommentPayload[]> {
  return db.transaction(async (tx) => {
    const roots = await tx
      .select({ id: comments.id, anchor: comments.anchor, orphanedAt: comments.orphanedAt })
      .from(comments)
      .where(and(eq(comments.notebookId, notebookId), isNull(comments.parentId), isNotNull(comments.anchor)));
    const orphaned: string[] = [];
    const restored: string[] = [];
    for (const root of roots) {
      if (!root.anchor) continue;
      const present = isAnchorPresent(doc, root.anchor);
      if (!present && root.orphanedAt === null) orphaned.push(root.id);
      else if (present && root.orphanedAt !== null) restored.push(root.id);
    }
    const changed = [];
    // Only rows still in the state read above change: a concurrent sync of the same page wins once.
    if (orphaned.length > 0) {
      changed.push(
        ...(await tx
          .update(comments)
          .set({ orphanedAt: new Date() })
          .where(and(inArray(comments.id, orphaned), isNull(comments.orphanedAt)))
          .returning()),
      );
    }
    if (restored.length > 0) {
      changed.push(
        ...(await tx
          .update(comments)
          .set({ orphanedAt: null })
          .where(and(inArray(comments.id, restored), isNotNull(comments.orphanedAt)))
          .returning()),
      );
    }
    return toNotebookCommentPayloads(tx, changed);
  });
}
