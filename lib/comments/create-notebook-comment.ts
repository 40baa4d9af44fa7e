import type { Db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import type { NotebookAccess } from "@/lib/notebooks/authorize-notebook";
import type { NotebookCommentPayload } from "@/lib/protocol/live";
import type { CreateNotebookCommentInput } from "./notebook-comment-input";
import { toNotebookCommentPayloads } from "./comment-view";
import { assertReplyable, insertComment } from "./create-comment";

/**
 * Starts a thread on a notebook page, anchored to a stretch of its text or to the page as a
 * whole, or replies to one; the caller is authorized as commenter+. The anchor is taken as
 * sent: whether its text is still there is for syncNotebookAnchors to say.
 */
export async function createNotebookComment(
  db: Db,
  input: CreateNotebookCommentInput & { access: NotebookAccess; actorId: string },
): Promise<NotebookCommentPayload> {
  const { notebook, workspace } = input.access;
  return db.transaction(async (tx) => {
    if (input.parentId) {
      if (input.anchor) throw invalid("Invalid body: anchor: a reply shares its thread's anchor; anchor only the thread's first comment.");
      await assertReplyable(tx, { kind: "notebook", id: notebook.id }, input.parentId);
    }
    const row = await insertComment(tx, {
      workspaceId: workspace.id,
      actorId: input.actorId,
      body: input.body,
      values: {
        notebookId: notebook.id,
        parentId: input.parentId ?? null,
        anchor: input.anchor ? { from: input.anchor.from, to: input.anchor.to } : null,
        quote: input.anchor ? (input.quote ?? null) : null,
      },
    });
    const [payload] = await toNotebookCommentPayloads(tx, [row]);
    if (!payload) throw new Error("comment view lost its row");
    return payload;
  });
}
