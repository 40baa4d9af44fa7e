import path from "node:path";

/** Images live in `<data dir>/images/<id>` with their record beside them in `<id>.json`. */
export function imagesDir(dataDir: string): string {
  return path.join(dataDir, "images");
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True when `id` can name an image; anything else never reaches the file system. */
export const isImageId = (id: string) => UUID.test(id);

/** What is known about a stored image. */
export interface ImageRecord {
  id: string;
  notebookId: string;
  type: string;
  size: number;
  uploadedBy: string;
  createdAt: string;
}

/** The paths of an image's bytes and record; `id` must pass {@link isImageId}. */
export function imagePaths(dataDir: string, id: string): { bytes: string; record: string } {
  if (!isImageId(id)) throw new Error(`not an image id: ${id}`);
  const dir = imagesDir(dataDir);
  return { bytes: path.join(dir, id.toLowerCase()), record: path.join(dir, `${id.toLowerCase()}.json`) };
}
