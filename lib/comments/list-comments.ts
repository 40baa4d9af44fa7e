import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { comments } from "@/lib/db/schema";
import type { CommentPayload } from "@/lib/protocol/live";
import { toCommentPayloads } from "./comment-view";
import { visibleComments } from "./threads";

/** A run's comments, oldest first: every thread root and reply still shown. */
export async function listComments(db: DbOrTx, runId: string): Promise<CommentPayload[]> {
  const rows = await db.select().from(comments).where(eq(comments.runId, runId)).orderBy(asc(comments.createdAt), asc(comments.id));
  return visibleComments(await toCommentPayloads(db, rows));
}
