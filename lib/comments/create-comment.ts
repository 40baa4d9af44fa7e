import { and, eq, isNull } from "drizzle-orm";
import type { RunAccess } from "@/lib/access/authorize-run";
import type { Db } from "@/lib/db/client";
import type { DbOrTx } from "@/lib/db/types";
import { comments, metricKeys } from "@/lib/db/schema";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { CommentPayload } from "@/lib/protocol/live";
import type { CreateCommentInput } from "./comment-input";
import { toCommentPayload } from "./comment-view";
import { mentionedMembersOrThrow } from "./mentioned-members";

/** Starts a thread on a run, or replies to one; the caller is authorized as commenter+. */
export async function createComment(db: Db, input: CreateCommentInput & { access: RunAccess; actorId: string }): Promise<CommentPayload> {
  const { run, workspace } = input.access;
  return db.transaction(async (tx) => {
    if (input.parentId) {
      if (input.anchor) throw invalid("Invalid body: anchor: a reply shares its thread's anchor; anchor only the thread's first comment.");
      await assertReplyable(tx, run.id, input.parentId);
    } else if (input.anchor) {
      const [key] = await tx
        .select({ id: metricKeys.id })
        .from(metricKeys)
        .where(and(eq(metricKeys.runId, run.id), eq(metricKeys.key, input.anchor.key)));
      if (!key) throw invalid(`Invalid body: anchor.key: this run has no metric "${input.anchor.key}".`);
    }
    const mentions = await mentionedMembersOrThrow(tx, workspace.id, input.body);
    const [row] = await tx
      .insert(comments)
      .values({
        workspaceId: workspace.id,
        runId: run.id,
        parentId: input.parentId ?? null,
        authorId: input.actorId,
        body: input.body,
        metricKey: input.anchor?.key ?? null,
        fromStep: input.anchor?.fromStep ?? null,
        toStep: input.anchor?.toStep ?? null,
        mentions,
      })
      .returning();
    if (!row) throw new Error("insert returned no comment");
    await recordEvent(tx, {
      workspaceId: workspace.id,
      actorId: input.actorId,
      type: "comment.created",
      subjectType: "comment",
      subjectId: row.id,
      data: { runId: run.id, parentId: row.parentId, mentions },
    });
    return toCommentPayload(tx, row);
  });
}

/** A reply goes to a thread's root on the same run, and not to a thread deleted entirely. */
async function assertReplyable(tx: DbOrTx, runId: string, parentId: string): Promise<void> {
  const [parent] = await tx
    .select()
    .from(comments)
    .where(and(eq(comments.id, parentId), eq(comments.runId, runId)))
    .for("share");
  if (!parent) throw invalid(`Invalid body: parentId: this run has no comment "${parentId}".`);
  if (parent.parentId !== null) throw invalid(`Invalid body: parentId: reply to the thread's first comment "${parent.parentId}", not to a reply.`);
  if (parent.deletedAt === null) return;
  const [reply] = await tx
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.parentId, parent.id), isNull(comments.deletedAt)))
    .limit(1);
  if (!reply) throw invalid(`Invalid body: parentId: comment "${parentId}" was deleted.`);
}
