import { Hono } from "hono";
import { authorizeRun } from "@/lib/access/authorize-run";
import { authorizeComment } from "@/lib/comments/authorize-comment";
import { createCommentInput, updateCommentInput } from "@/lib/comments/comment-input";
import { isRunComment } from "@/lib/comments/comment-view";
import { createComment } from "@/lib/comments/create-comment";
import { createNotebookComment } from "@/lib/comments/create-notebook-comment";
import { deleteComment } from "@/lib/comments/delete-comment";
import { listComments } from "@/lib/comments/list-comments";
import { listNotebookComments } from "@/lib/comments/list-notebook-comments";
import { createNotebookCommentInput } from "@/lib/comments/notebook-comment-input";
import { updateComment } from "@/lib/comments/update-comment";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import type { AnyCommentPayload, CommentEvent } from "@/lib/protocol/live";
import { requireCaller } from "../authenticate";
import type { HttpContext, HttpEnv } from "../context";
import { readJson } from "../validate";

/** Tells the run's or the notebook's live subscribers; call after the commit. */
function publish(c: HttpContext, action: CommentEvent["action"], comment: AnyCommentPayload): void {
  const event = isRunComment(comment) ? { runId: comment.runId, action, comment } : { notebookId: comment.notebookId, action, comment };
  c.var.services.bus.publish({ type: "comment", event });
}

/**
 * Review comments on runs and on notebook pages: viewers read, commenters write; authors edit,
 * authors and admins delete.
 */
export const commentRoutes = new Hono<HttpEnv>()
  .get("/runs/:id/comments", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeRun(db, { userId: caller.user.id, runId: c.req.param("id"), min: "viewer" });
    return c.json({ comments: await listComments(db, access.run.id) });
  })
  .post("/runs/:id/comments", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeRun(db, { userId: caller.user.id, runId: c.req.param("id"), min: "commenter" });
    const input = await readJson(c, createCommentInput);
    const comment = await createComment(db, { ...input, access, actorId: caller.user.id });
    publish(c, "created", comment);
    return c.json(comment, 201);
  })
  .get("/notebooks/:id/comments", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeNotebook(db, { userId: caller.user.id, notebookId: c.req.param("id"), min: "viewer" });
    return c.json({ comments: await listNotebookComments(db, access.notebook.id) });
  })
  .post("/notebooks/:id/comments", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeNotebook(db, { userId: caller.user.id, notebookId: c.req.param("id"), min: "commenter" });
    const input = await readJson(c, createNotebookCommentInput);
    const comment = await createNotebookComment(db, { ...input, access, actorId: caller.user.id });
    publish(c, "created", comment);
    return c.json(comment, 201);
  })
  .patch("/comments/:id", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeComment(db, { userId: caller.user.id, commentId: c.req.param("id"), min: "commenter" });
    const input = await readJson(c, updateCommentInput);
    const { comment, changed } = await updateComment(db, { ...input, access, actorId: caller.user.id });
    for (const each of changed) publish(c, "updated", each);
    return c.json(comment);
  })
  .delete("/comments/:id", async (c) => {
    const caller = await requireCaller(c);
    const db = c.var.services.database.db;
    const access = await authorizeComment(db, { userId: caller.user.id, commentId: c.req.param("id"), min: "commenter" });
    const comment = await deleteComment(db, { access, actorId: caller.user.id });
    publish(c, "deleted", comment);
    return c.body(null, 204);
  });
