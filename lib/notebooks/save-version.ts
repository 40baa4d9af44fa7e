import type { DbOrTx } from "@/lib/db/types";
import { notebookSnapshots, type NotebookSnapshot } from "@/lib/db/schema";

/** Stores a version of a notebook: its full Yjs state, automatic or named. */
export async function saveVersion(
  db: DbOrTx,
  input: { notebookId: string; kind: "auto" | "named"; name?: string | null; state: Uint8Array; authorId: string | null },
): Promise<NotebookSnapshot> {
  const [row] = await db
    .insert(notebookSnapshots)
    .values({ notebookId: input.notebookId, kind: input.kind, name: input.name ?? null, state: input.state, authorId: input.authorId })
    .returning();
  if (!row) throw new Error("insert returned no version");
  return row;
}
