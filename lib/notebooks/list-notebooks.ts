import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { notebooks } from "@/lib/db/schema";
import { notebookView, type NotebookView } from "./notebook-view";

export const listNotebooksQuery = z.object({
  /** `true` lists the deleted notebooks (the trash) instead. */
  deleted: z.enum(["true", "false"]).optional().transform((v) => v === "true"),
});
export type ListNotebooksQuery = z.infer<typeof listNotebooksQuery>;

/** A project's notebooks, newest first. */
export async function listNotebooks(
  db: Db,
  input: ListNotebooksQuery & { projectId: string; workspaceSlug: string; projectSlug: string },
): Promise<NotebookView[]> {
  const rows = await db
    .select()
    .from(notebooks)
    .where(and(eq(notebooks.projectId, input.projectId), input.deleted ? isNotNull(notebooks.deletedAt) : isNull(notebooks.deletedAt)))
    .orderBy(desc(notebooks.createdAt), desc(notebooks.id));
  return rows.map((n) => notebookView(n, input.workspaceSlug, input.projectSlug));
}
