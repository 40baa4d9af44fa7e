import { asc, eq } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { comments } from "@/lib/db/schema";
import type { NotebookCommentPayload } from "@/lib/protocol/live";
import { toNotebookCommentPayloads } from "./comment-view";
import { visibleComments } from "./threads";

/** A notebook page's comments, oldest first: every thread root and reply still shown. */
export async function listNotebookComments(db: DbOrTx, notebookId: string): Promise<NotebookCommentPayload[]> {
  const rows = await db.select().from(comments).where(eq(comments.notebookId, notebookId)).orderBy(asc(comments.createdAt), asc(comments.id));
  return visibleComments(await toNotebookCommentPayloads(db, rows));
}
