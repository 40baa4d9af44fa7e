import { eq } from "drizzle-orm";
import { hasRole } from "@/lib/access/roles";
import type { Db } from "@/lib/db/client";
import { comments } from "@/lib/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { AnyCommentPayload } from "@/lib/protocol/live";
import type { CommentAccess } from "./authorize-comment";
import { toAnyCommentPayload } from "./comment-view";
import { commentSubjectData } from "./create-comment";

/**
 * Deletes a comment (its author, or an admin or owner): the text and mentions are erased at
 * once, and the row stays so that a thread whose root is deleted keeps its replies.
 */
export async function deleteComment(db: Db, input: { access: CommentAccess; actorId: string }): Promise<AnyCommentPayload> {
  const { comment, workspace, role } = input.access;
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(comments).where(eq(comments.id, comment.id)).for("update");
    if (!current || current.deletedAt !== null) throw notFound(`Comment "${comment.id}" was not found; it may have been deleted already.`);
    if (current.authorId !== input.actorId && !hasRole(role, "admin")) {
      throw forbidden("Only its author, or an admin or owner of the workspace, can delete a comment.");
    }
    const [row] = await tx.update(comments).set({ deletedAt: new Date(), body: "", mentions: [] }).where(eq(comments.id, current.id)).returning();
    if (!row) throw new Error("comment vanished");
    await recordEvent(tx, {
      workspaceId: workspace.id,
      actorId: input.actorId,
      type: "comment.deleted",
      subjectType: "comment",
      subjectId: row.id,
      data: { ...commentSubjectData(row), authorId: row.authorId },
    });
    return toAnyCommentPayload(tx, row);
  });
}
