import { and, desc, eq, inArray } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { notebookSnapshots, users } from "@/lib/db/schema";
import type { VersionView } from "./version-view";

/** A notebook's versions (automatic and named), newest first. */
export async function listVersions(db: Db, notebookId: string): Promise<VersionView[]> {
  const rows = await db
    .select({
      id: notebookSnapshots.id,
      kind: notebookSnapshots.kind,
      name: notebookSnapshots.name,
      createdAt: notebookSnapshots.createdAt,
      authorId: users.id,
      authorName: users.name,
    })
    .from(notebookSnapshots)
    .leftJoin(users, eq(users.id, notebookSnapshots.authorId))
    .where(and(eq(notebookSnapshots.notebookId, notebookId), inArray(notebookSnapshots.kind, ["auto", "named"])))
    .orderBy(desc(notebookSnapshots.createdAt), desc(notebookSnapshots.id));
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind === "named" ? "named" : "auto",
    name: r.name,
    author: r.authorId && r.authorName !== null ? { id: r.authorId, name: r.authorName } : null,
    createdAt: r.createdAt,
  }));
}
