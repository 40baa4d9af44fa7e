import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notebookSnapshots, users, type NotebookSnapshot } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { stateToJson, type DocNode } from "@/lib/collab/fragment-json";
import { EDITOR_FRAGMENT } from "@/lib/protocol/collab";
import { isNotebookId } from "./authorize-notebook";
import type { VersionView } from "./version-view";

/** One stored version row of a notebook; not_found for another notebook's or a compaction's. */
export async function getVersionRowOrThrow(db: Db, input: { notebookId: string; versionId: string }): Promise<NotebookSnapshot> {
  const [row] = isNotebookId(input.versionId)
    ? await db
        .select()
        .from(notebookSnapshots)
        .where(
          and(
            eq(notebookSnapshots.id, input.versionId),
            eq(notebookSnapshots.notebookId, input.notebookId),
            inArray(notebookSnapshots.kind, ["auto", "named"]),
          ),
        )
        .limit(1)
    : [];
  if (!row) throw notFound(`Version "${input.versionId}" of this notebook was not found.`);
  return row;
}

/** A version with its content as JSON, for a read-only preview. */
export async function getVersion(db: Db, input: { notebookId: string; versionId: string }): Promise<VersionView & { content: DocNode }> {
  const row = await getVersionRowOrThrow(db, input);
  const [author] = row.authorId ? await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, row.authorId)).limit(1) : [];
  return {
    id: row.id,
    kind: row.kind === "named" ? "named" : "auto",
    name: row.name,
    author: author ?? null,
    createdAt: row.createdAt,
    content: stateToJson(row.state, EDITOR_FRAGMENT),
  };
}
