import type { Notebook } from "@/lib/db/schema";

/** A notebook as the API shows it. */
export interface NotebookView {
  id: string;
  title: string;
  project: string;
  path: string;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
  deletedAt: Date | null;
}

/** The API view of a notebook in `<workspace>/<project>`; `path` is its page, relative to the origin. */
export function notebookView(notebook: Notebook, workspaceSlug: string, projectSlug: string): NotebookView {
  return {
    id: notebook.id,
    title: notebook.title,
    project: `${workspaceSlug}/${projectSlug}`,
    path: `/${workspaceSlug}/${projectSlug}/notebooks/${notebook.id}`,
    createdBy: notebook.createdBy,
    createdAt: notebook.createdAt,
    updatedAt: notebook.updatedAt,
    deletedAt: notebook.deletedAt,
  };
}
