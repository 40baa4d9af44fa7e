import { eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { Tx } from "@/lib/db/types";
import { comments, type Comment } from "@/lib/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { AnyCommentPayload } from "@/lib/protocol/live";
import type { CommentAccess } from "./authorize-comment";
import type { UpdateCommentInput } from "./comment-input";
import { toAnyCommentPayloads } from "./comment-view";
import { commentSubjectData } from "./create-comment";
import { mentionedMembersOrThrow } from "./mentioned-members";

export interface UpdateCommentResult {
  /** The comment edited, or the thread's root when only its resolution changed. */
  comment: AnyCommentPayload;
  /** Every comment that changed, for live events; empty when nothing did. */
  changed: AnyCommentPayload[];
}

/**
 * Edits a comment's body (its author only) and/or resolves or reopens its thread (any
 * commenter; a reply resolves its thread's root). Sending what is already there changes nothing.
 */
export async function updateComment(db: Db, input: UpdateCommentInput & { access: CommentAccess; actorId: string }): Promise<UpdateCommentResult> {
  const { workspace } = input.access;
  return db.transaction(async (tx) => {
    let target = await lockComment(tx, input.access.comment.id);
    const changed = new Map<string, Comment>();
    const log = (type: string, row: Comment, data: Record<string, unknown> = {}) =>
      recordEvent(tx, { workspaceId: workspace.id, actorId: input.actorId, type, subjectType: "comment", subjectId: row.id, data: { ...commentSubjectData(row), ...data } });

    if (input.body !== undefined) {
      if (target.deletedAt !== null) throw notFound(`Comment "${target.id}" was deleted.`);
      if (target.authorId !== input.actorId) throw forbidden("Only its author can edit a comment.");
      if (input.body !== target.body) {
        const mentions = await mentionedMembersOrThrow(tx, workspace.id, input.body);
        const [row] = await tx
          .update(comments)
          .set({ body: input.body, mentions, editedAt: new Date() })
          .where(eq(comments.id, target.id))
          .returning();
        if (!row) throw new Error("comment vanished");
        target = row;
        changed.set(row.id, row);
        await log("comment.edited", row);
      }
    }

    let root = target;
    if (input.resolved !== undefined) {
      if (target.parentId !== null) {
        if (target.deletedAt !== null) throw notFound(`Comment "${target.id}" was deleted.`);
        root = await lockComment(tx, target.parentId);
      }
      if (input.resolved !== (root.resolvedAt !== null)) {
        const [row] = await tx
          .update(comments)
          .set(input.resolved ? { resolvedAt: new Date(), resolvedBy: input.actorId } : { resolvedAt: null, resolvedBy: null })
          .where(eq(comments.id, root.id))
          .returning();
        if (!row) throw new Error("comment vanished");
        root = row;
        changed.set(row.id, row);
        await log(input.resolved ? "comment.resolved" : "comment.reopened", row);
      }
    }

    const shown = input.body !== undefined ? target : root;
    const payloads = await toAnyCommentPayloads(tx, [shown, ...[...changed.values()].filter((row) => row.id !== shown.id)]);
    const [comment] = payloads;
    if (!comment) throw new Error("comment view lost its row");
    return { comment, changed: payloads.filter((p) => changed.has(p.id)) };
  });
}

async function lockComment(tx: Tx, id: string): Promise<Comment> {
  const [row] = await tx.select().from(comments).where(eq(comments.id, id)).for("update");
  if (!row) throw notFound(`Comment "${id}" was not found.`);
  return row;
}
