import { Hono } from "hono";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import { exportMarkdown, textOf } from "@/lib/notebooks/export-markdown";
import { loadExportData } from "@/lib/notebooks/load-export-data";
import { readNotebookContent } from "@/lib/notebooks/read-notebook-content";
import { slugify } from "@/lib/slug";
import { requireCaller } from "../authenticate";
import type { HttpContext, HttpEnv } from "../context";
import { publicOrigin } from "../origin";

async function readableNotebook(c: HttpContext) {
  const caller = await requireCaller(c);
  const access = await authorizeNotebook(c.var.services.database.db, { userId: caller.user.id, notebookId: c.req.param("id") ?? "", min: "viewer" });
  const content = await readNotebookContent(createDbNotebookStore(c.var.services.database), access.notebook.id);
  return { caller, ...access, content };
}

/** The file name of an export: the page's title as a slug (`weekly-review.md`). */
function exportFileName(title: string): string {
  // slugify falls back to a fixed word when nothing is left of the title.
  return `${/[a-z0-9]/i.test(title.normalize("NFKD")) ? slugify(title) : "notebook"}.md`;
}

/**
 * A notebook's current page, read-only (viewers and above): as ProseMirror JSON for the print
 * view, and as a Markdown download with its data blocks filled in.
 */
export const notebookExportRoutes = new Hono<HttpEnv>()
  .get("/notebooks/:id/content", async (c) => {
    const { notebook, content } = await readableNotebook(c);
    return c.json({ id: notebook.id, title: notebook.title, content });
  })
  .get("/notebooks/:id/export.md", async (c) => {
    const { caller, notebook, workspace, project, content } = await readableNotebook(c);
    const { services } = c.var;
    const data = await loadExportData(services.database.db, {
      doc: content,
      userId: caller.user.id,
      workspaceSlug: workspace.slug,
      project: { id: project.id, slug: project.slug },
      origin: publicOrigin(c),
      crashAfterMs: services.env.LABBOOK_CRASH_AFTER_SECONDS * 1000,
    });
    const first = content.content?.[0];
    const title = (first?.type === "title" ? textOf(first).trim() : "") || notebook.title;
    return c.body(exportMarkdown(content, data), 200, {
      "content-type": "text/markdown; charset=utf-8",
      "content-disposition": `attachment; filename="${exportFileName(title)}"`,
    });
  });
