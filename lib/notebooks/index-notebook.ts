import { eq } from "drizzle-orm";
import type * as Y from "yjs";
import type { Db } from "@/lib/db/client";
import { notebooks, projects } from "@/lib/db/schema";
import { extractDecisions } from "@/lib/decisions/extract-decisions";
import { indexDecisions } from "@/lib/decisions/index-decisions";
import { documentFromYDoc } from "@/lib/editor/schema";

/**
 * Rewrites what the server derives from a notebook's page (its decision log) from the live
 * Yjs document. The page is read before the first await, so the caller may go on editing or
 * destroy `doc` once this returns its promise. A notebook that no longer exists indexes nothing.
 */
export async function indexNotebook(db: Db, notebookId: string, doc: Y.Doc): Promise<{ indexed: number; removed: number } | null> {
  const found = extractDecisions(documentFromYDoc(doc));
  const [row] = await db
    .select({ projectId: notebooks.projectId, workspaceId: projects.workspaceId })
    .from(notebooks)
    .innerJoin(projects, eq(projects.id, notebooks.projectId))
    .where(eq(notebooks.id, notebookId))
    .limit(1);
  if (!row) return null;
  return indexDecisions(db, { notebookId, projectId: row.projectId, workspaceId: row.workspaceId, decisions: found });
}
