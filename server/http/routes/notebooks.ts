import { Hono } from "hono";
import type { Role } from "@/lib/access/roles";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import { createNotebook, createNotebookInput } from "@/lib/notebooks/create-notebook";
import { deleteNotebook } from "@/lib/notebooks/delete-notebook";
import { listNotebooks, listNotebooksQuery } from "@/lib/notebooks/list-notebooks";
import { notebookView, type NotebookView } from "@/lib/notebooks/notebook-view";
import { getVersion } from "@/lib/notebooks/get-version";
import { listVersions } from "@/lib/notebooks/list-versions";
import { nameVersion, nameVersionInput } from "@/lib/notebooks/name-version";
import { renameNotebook, renameNotebookInput } from "@/lib/notebooks/rename-notebook";
import { restoreNotebook } from "@/lib/notebooks/restore-notebook";
import { restoreVersion } from "@/lib/notebooks/restore-version";
import { retitlePage } from "@/lib/notebooks/retitle-page";
import { createDbNotebookStore } from "@/lib/collab/db-notebook-store";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import { publishStoredUpdate } from "../../collab/relay";
import { requireCaller } from "../authenticate";
import type { HttpContext, HttpEnv } from "../context";
import { publicOrigin } from "../origin";
import { parseOrThrow, readJson } from "../validate";

async function notebookAccess(c: HttpContext, min: Role, includeDeleted = false) {
  const caller = await requireCaller(c);
  const access = await authorizeNotebook(c.var.services.database.db, { userId: caller.user.id, notebookId: c.req.param("id") ?? "", min, includeDeleted });
  return { caller, ...access };
}

const withUrl = (c: HttpContext, view: NotebookView) => ({ ...view, url: `${publicOrigin(c)}${view.path}` });

/**
 * Notebook records and versions: editors create, rename, delete, restore, name and restore
 * versions; viewers read. The content itself syncs over /ws/yjs/.
 */
export const notebookRoutes = new Hono<HttpEnv>()
  .post("/notebooks", async (c) => {
    const caller = await requireCaller(c);
    const input = await readJson(c, createNotebookInput);
    const view = await createNotebook(c.var.services.database.db, { ...input, userId: caller.user.id });
    return c.json(withUrl(c, view), 201);
  })
  .get("/projects/:workspace/:project/notebooks", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const { workspace } = await authorizeWorkspace(db, { userId: caller.user.id, workspace: { slug: c.req.param("workspace") }, min: "viewer" });
    const project = await getProjectOrThrow(db, workspace.id, c.req.param("project"));
    const query = parseOrThrow(listNotebooksQuery, c.req.query(), "Invalid query");
    const list = await listNotebooks(db, { ...query, projectId: project.id, workspaceSlug: workspace.slug, projectSlug: project.slug });
    return c.json({ notebooks: list.map((view) => withUrl(c, view)) });
  })
  .get("/notebooks/:id", async (c) => {
    const { notebook, workspace, project, role } = await notebookAccess(c, "viewer");
    return c.json({ ...withUrl(c, notebookView(notebook, workspace.slug, project.slug)), role });
  })
  .patch("/notebooks/:id", async (c) => {
    const { caller, workspace, project } = await notebookAccess(c, "editor");
    const input = await readJson(c, renameNotebookInput);
    const { services } = c.var;
    const notebook = await renameNotebook(services.database.db, { ...input, notebookId: c.req.param("id"), workspaceId: workspace.id, actorId: caller.user.id });
    if (!input.fromPage) {
      // The page's title is the notebook's title: open editors see the rename live.
      const update = await retitlePage(createDbNotebookStore(services.database), notebook.id, notebook.title);
      if (update) publishStoredUpdate(services.bus, notebook.id, update);
    }
    return c.json(withUrl(c, notebookView(notebook, workspace.slug, project.slug)));
  })
  .delete("/notebooks/:id", async (c) => {
    const { caller, notebook, workspace } = await notebookAccess(c, "editor");
    await deleteNotebook(c.var.services.database.db, { notebookId: notebook.id, workspaceId: workspace.id, actorId: caller.user.id });
    return c.body(null, 204);
  })
  .post("/notebooks/:id/restore", async (c) => {
    const { caller, notebook, workspace, project } = await notebookAccess(c, "editor", true);
    await restoreNotebook(c.var.services.database.db, { notebookId: notebook.id, workspaceId: workspace.id, actorId: caller.user.id });
    return c.json(withUrl(c, notebookView({ ...notebook, deletedAt: null }, workspace.slug, project.slug)));
  })
  .get("/notebooks/:id/versions", async (c) => {
    const { notebook } = await notebookAccess(c, "viewer");
    return c.json({ versions: await listVersions(c.var.services.database.db, notebook.id) });
  })
  .post("/notebooks/:id/versions", async (c) => {
    const { caller, notebook } = await notebookAccess(c, "editor");
    const input = await readJson(c, nameVersionInput);
    const store = createDbNotebookStore(c.var.services.database);
    const author = { id: caller.user.id, name: caller.user.name };
    return c.json(await nameVersion(c.var.services.database.db, store, { ...input, notebookId: notebook.id, author }), 201);
  })
  .get("/notebooks/:id/versions/:vid", async (c) => {
    const { notebook } = await notebookAccess(c, "viewer");
    return c.json(await getVersion(c.var.services.database.db, { notebookId: notebook.id, versionId: c.req.param("vid") }));
  })
  .post("/notebooks/:id/versions/:vid/restore", async (c) => {
    const { caller, notebook, workspace } = await notebookAccess(c, "editor");
    const { services } = c.var;
    const { update } = await restoreVersion(services.database.db, createDbNotebookStore(services.database), {
      notebookId: notebook.id,
      versionId: c.req.param("vid"),
      workspaceId: workspace.id,
      actorId: caller.user.id,
    });
    // Stored already; open editors get it through the bus, in this process and others.
    publishStoredUpdate(services.bus, notebook.id, update);
    return c.json({ restored: c.req.param("vid") });
  });
