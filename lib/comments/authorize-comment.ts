import { eq } from "drizzle-orm";
import { authorizeRun } from "@/lib/access/authorize-run";
import type { Role } from "@/lib/access/roles";
import type { DbOrTx } from "@/lib/db/types";
import { comments, type Comment, type Workspace } from "@/lib/db/schema";
import { AppError, notFound } from "@/lib/errors";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";

export interface CommentAccess {
  comment: Comment;
  workspace: Workspace;
  role: Role;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The caller's role on the workspace of a comment's run or notebook. Like runs and notebooks,
 * comments of other workspaces and of deleted runs or notebooks are not found; deleted comments
 * are returned (tombstones can still be resolved), so each verb decides what a deletion means for it.
 */
export async function authorizeComment(db: DbOrTx, input: { userId: string; commentId: string; min: Role }): Promise<CommentAccess> {
  const message = `Comment "${input.commentId}" was not found, or you are not a member of its workspace.`;
  if (!UUID.test(input.commentId)) throw notFound(message);
  const [comment] = await db.select().from(comments).where(eq(comments.id, input.commentId)).limit(1);
  if (!comment) throw notFound(message);
  try {
    const { workspace, role } = comment.notebookId
      ? await authorizeNotebook(db, { userId: input.userId, notebookId: comment.notebookId, min: input.min })
      : comment.runId
        ? await authorizeRun(db, { userId: input.userId, runId: comment.runId, min: input.min })
        : notFoundOf(message);
    return { comment, workspace, role };
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw new AppError("not_found", message, { cause: error });
    throw error;
  }
}

function notFoundOf(message: string): never {
  throw notFound(message);
}
