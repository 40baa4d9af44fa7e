import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { getImageRecordOrThrow, readImageBytes } from "@/lib/images/read-image";
import { MAX_IMAGE_BYTES, saveImage } from "@/lib/images/save-image";
import { invalid } from "@/lib/errors";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import { requireCaller } from "../authenticate";
import type { HttpEnv } from "../context";
import { errorBody } from "../errors";

/** Room for the multipart envelope around one image. */
const MULTIPART_OVERHEAD = 64 * 1024;

/**
 * Images in notebooks: editors upload (`multipart/form-data`, field `file`), and anyone who may
 * read the notebook may fetch them. Types are judged by the bytes; SVG is refused.
 */
export const imageRoutes = new Hono<HttpEnv>()
  .post(
    "/notebooks/:id/images",
    bodyLimit({
      maxSize: MAX_IMAGE_BYTES + MULTIPART_OVERHEAD,
      onError: (c) => c.json(errorBody("payload_too_large", `Images can be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`), 413),
    }),
    async (c) => {
      const caller = await requireCaller(c);
      const { services } = c.var;
      const { notebook } = await authorizeNotebook(services.database.db, { userId: caller.user.id, notebookId: c.req.param("id"), min: "editor" });
      let form: FormData;
      try {
        form = await c.req.formData();
      } catch (error) {
        throw invalid('Send the image as multipart/form-data in a field named "file".', error);
      }
      const file = form.get("file");
      if (!(file instanceof File)) throw invalid('Send the image as multipart/form-data in a field named "file".');
      const record = await saveImage(services.env.dataDir, { notebookId: notebook.id, uploadedBy: caller.user.id, bytes: new Uint8Array(await file.arrayBuffer()) });
      return c.json({ id: record.id, url: `/api/v1/images/${record.id}`, type: record.type, size: record.size }, 201);
    },
  )
  .get("/images/:id", async (c) => {
    const caller = await requireCaller(c);
    const { services } = c.var;
    const record = await getImageRecordOrThrow(services.env.dataDir, c.req.param("id"));
    // Not a member of the notebook's workspace (or the notebook is gone): not found, as for the notebook.
    await authorizeNotebook(services.database.db, { userId: caller.user.id, notebookId: record.notebookId, min: "viewer", includeDeleted: true });
    const bytes = await readImageBytes(services.env.dataDir, record);
    return c.body(new Uint8Array(bytes), 200, {
      "content-type": record.type,
      "content-length": String(bytes.length),
      "x-content-type-options": "nosniff",
      "content-security-policy": "default-src 'none'; sandbox",
      "content-disposition": "inline",
      // Images never change; each is private to members, so only the browser caches it.
      "cache-control": "private, max-age=31536000, immutable",
    });
  });
