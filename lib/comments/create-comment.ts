import { and, eq, isNull } from "drizzle-orm";
import type { RunAccess } from "@/lib/access/authorize-run";
import type { Db } from "@/lib/db/client";
import type { DbOrTx, Tx } from "@/lib/db/types";
import { comments, metricKeys, type Comment } from "@/lib/db/schema";
import { invalid } from "@/lib/errors";
import { recordEvent } from "@/lib/events/record-event";
import type { CommentPayload } from "@/lib/protocol/live";
import type { CreateCommentInput } from "./comment-input";
import { toCommentPayloads } from "./comment-view";
import { mentionedMembersOrThrow } from "./mentioned-members";

/** Starts a thread on a run, or replies to one; the caller is authorized as commenter+. */
export async function createComment(db: Db, input: CreateCommentInput & { access: RunAccess; actorId: string }): Promise<CommentPayload> {
  const { run, workspace } = input.access;
  return db.transaction(async (tx) => {
    if (input.parentId) {
      if (input.anchor) throw invalid("Invalid body: anchor: a reply shares its thread's anchor; anchor only the thread's first comment.");
      await assertReplyable(tx, { kind: "run", id: run.id }, input.parentId);
    } else if (input.anchor) {
      const [key] = await tx
        .select({ id: metricKeys.id })
        .from(metricKeys)
        .where(and(eq(metricKeys.runId, run.id), eq(metricKeys.key, input.anchor.key)));
      if (!key) throw invalid(`Invalid body: anchor.key: this run has no metric "${input.anchor.key}".`);
    }
    const row = await insertComment(tx, {
      workspaceId: workspace.id,
      actorId: input.actorId,
      body: input.body,
      values: {
        runId: run.id,
        parentId: input.parentId ?? null,
        metricKey: input.anchor?.key ?? null,
        fromStep: input.anchor?.fromStep ?? null,
        toStep: input.anchor?.toStep ?? null,
      },
    });
    const [payload] = await toCommentPayloads(tx, [row]);
    if (!payload) throw new Error("comment view lost its row");
    return payload;
  });
}

/** What a comment is about: a run or a notebook page. */
export type CommentSubject = { kind: "run" | "notebook"; id: string };

/**
 * Inserts a comment after checking its mentions, and records `comment.created`; the caller has
 * checked the parent and the anchor. Shared by every kind of comment.
 */
export async function insertComment(
  tx: Tx,
  input: {
    workspaceId: string;
    actorId: string;
    body: string;
    values: Partial<Pick<Comment, "runId" | "notebookId" | "parentId" | "metricKey" | "fromStep" | "toStep" | "anchor" | "quote">>;
  },
): Promise<Comment> {
  const mentions = await mentionedMembersOrThrow(tx, input.workspaceId, input.body);
  const [row] = await tx
    .insert(comments)
    .values({ ...input.values, workspaceId: input.workspaceId, authorId: input.actorId, body: input.body, mentions })
    .returning();
  if (!row) throw new Error("insert returned no comment");
  await recordEvent(tx, {
    workspaceId: input.workspaceId,
    actorId: input.actorId,
    type: "comment.created",
    subjectType: "comment",
    subjectId: row.id,
    data: { ...commentSubjectData(row), parentId: row.parentId, mentions },
  });
  return row;
}

/** A reply goes to a thread's root on the same run or notebook, and not to a thread deleted entirely. */
export async function assertReplyable(tx: DbOrTx, subject: CommentSubject, parentId: string): Promise<void> {
  const sameSubject = subject.kind === "run" ? eq(comments.runId, subject.id) : eq(comments.notebookId, subject.id);
  const [parent] = await tx
    .select()
    .from(comments)
    .where(and(eq(comments.id, parentId), sameSubject))
    .for("share");
  if (!parent) throw invalid(`Invalid body: parentId: this ${subject.kind} has no comment "${parentId}".`);
  if (parent.parentId !== null) throw invalid(`Invalid body: parentId: reply to the thread's first comment "${parent.parentId}", not to a reply.`);
  if (parent.deletedAt === null) return;
  const [reply] = await tx
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.parentId, parent.id), isNull(comments.deletedAt)))
    .limit(1);
  if (!reply) throw invalid(`Invalid body: parentId: comment "${parentId}" was deleted.`);
}

/** What an event about a comment says it is about: `{ runId }` or `{ notebookId }`. */
export function commentSubjectData(row: Comment): { runId: string | null } | { notebookId: string } {
  return row.notebookId !== null ? { notebookId: row.notebookId } : { runId: row.runId };
}
