import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { users, type Comment } from "@/lib/db/schema";
import type { AnyCommentPayload, CommentPayload, NotebookCommentPayload } from "@/lib/protocol/live";

/**
 * Comments as the API and live events show them, with the names of the people they name: a
 * run's comments as run comments, a notebook's as notebook comments.
 */
export async function toAnyCommentPayloads(db: DbOrTx, rows: readonly Comment[]): Promise<AnyCommentPayload[]> {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.authorId) ids.add(row.authorId);
    if (row.resolvedBy) ids.add(row.resolvedBy);
    for (const id of row.mentions) ids.add(id);
  }
  const people = ids.size > 0 ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...ids])) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id === null ? null : (byId.get(id) ?? null));
  return rows.map((row): AnyCommentPayload => {
    const deleted = row.deletedAt !== null;
    const shared = {
      id: row.id,
      parentId: row.parentId,
      author: deleted ? null : person(row.authorId),
      body: deleted ? "" : row.body,
      mentions: deleted ? [] : row.mentions.flatMap((id) => person(id) ?? []),
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      resolvedBy: person(row.resolvedBy),
      editedAt: row.editedAt?.toISOString() ?? null,
      deleted,
      createdAt: row.createdAt.toISOString(),
    };
    if (row.notebookId !== null) {
      return { ...shared, notebookId: row.notebookId, anchor: row.anchor, quote: row.quote, orphaned: row.orphanedAt !== null };
    }
    if (row.runId === null) throw new Error(`comment ${row.id} belongs to neither a run nor a notebook`);
    return {
      ...shared,
      runId: row.runId,
      anchor: row.metricKey === null ? null : { key: row.metricKey, fromStep: row.fromStep, toStep: row.toStep },
    };
  });
}

/** Run comments as the API shows them. */
export async function toCommentPayloads(db: DbOrTx, rows: readonly Comment[]): Promise<CommentPayload[]> {
  return (await toAnyCommentPayloads(db, rows)).filter(isRunComment);
}

/** Notebook comments as the API shows them. */
export async function toNotebookCommentPayloads(db: DbOrTx, rows: readonly Comment[]): Promise<NotebookCommentPayload[]> {
  return (await toAnyCommentPayloads(db, rows)).filter(isNotebookComment);
}

/** One comment as the API shows it. */
export async function toAnyCommentPayload(db: DbOrTx, row: Comment): Promise<AnyCommentPayload> {
  const [payload] = await toAnyCommentPayloads(db, [row]);
  if (!payload) throw new Error("comment view lost its row");
  return payload;
}

export const isRunComment = (comment: AnyCommentPayload): comment is CommentPayload => "runId" in comment;
export const isNotebookComment = (comment: AnyCommentPayload): comment is NotebookCommentPayload => "notebookId" in comment;
