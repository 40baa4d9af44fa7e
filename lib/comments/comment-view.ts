import { inArray } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { users, type Comment } from "@/lib/db/schema";
import type { CommentPayload } from "@/lib/protocol/live";

/** Comments as the API and live events show them, with the names of the people they name. */
export async function toCommentPayloads(db: DbOrTx, rows: readonly Comment[]): Promise<CommentPayload[]> {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.authorId) ids.add(row.authorId);
    if (row.resolvedBy) ids.add(row.resolvedBy);
    for (const id of row.mentions) ids.add(id);
  }
  const people = ids.size > 0 ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...ids])) : [];
  const byId = new Map(people.map((p) => [p.id, p]));
  const person = (id: string | null) => (id === null ? null : (byId.get(id) ?? null));
  return rows.map((row) => {
    const deleted = row.deletedAt !== null;
    return {
      id: row.id,
      // Only run comments reach this view; notebook comments have no run.
      runId: row.runId ?? "",
      parentId: row.parentId,
      author: deleted ? null : person(row.authorId),
      body: deleted ? "" : row.body,
      anchor: row.metricKey === null ? null : { key: row.metricKey, fromStep: row.fromStep, toStep: row.toStep },
      mentions: deleted ? [] : row.mentions.flatMap((id) => person(id) ?? []),
      resolvedAt: row.resolvedAt?.toISOString() ?? null,
      resolvedBy: person(row.resolvedBy),
      editedAt: row.editedAt?.toISOString() ?? null,
      deleted,
      createdAt: row.createdAt.toISOString(),
    };
  });
}

/** One comment as the API shows it. */
export async function toCommentPayload(db: DbOrTx, row: Comment): Promise<CommentPayload> {
  const [payload] = await toCommentPayloads(db, [row]);
  if (!payload) throw new Error("comment view lost its row");
  return payload;
}
