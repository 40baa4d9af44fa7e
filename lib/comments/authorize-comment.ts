import { eq } from "drizzle-orm";
import { authorizeRun, type RunAccess } from "@/lib/access/authorize-run";
import type { Role } from "@/lib/access/roles";
import type { DbOrTx } from "@/lib/db/types";
import { comments, type Comment } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";

export interface CommentAccess extends RunAccess {
  comment: Comment;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The caller's role on the workspace of a run comment's run. Like runs, comments of other
 * workspaces and of deleted runs are not found; deleted comments are returned (tombstones can
 * still be resolved), so each verb decides what a deletion means for it.
 */
export async function authorizeComment(db: DbOrTx, input: { userId: string; commentId: string; min: Role }): Promise<CommentAccess> {
  const message = `Comment "${input.commentId}" was not found, or you are not a member of its workspace.`;
  if (!UUID.test(input.commentId)) throw notFound(message);
  const [comment] = await db.select().from(comments).where(eq(comments.id, input.commentId)).limit(1);
  if (!comment?.runId) throw notFound(message);
  try {
    return { ...(await authorizeRun(db, { userId: input.userId, runId: comment.runId, min: input.min })), comment };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new AppError("not_found", message, { cause: error });
    throw error;
  }
}
