import { randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import { invalid, AppError } from "@/lib/errors";
import { imagePaths, imagesDir, type ImageRecord } from "./image-files";
import { sniffImageType } from "./sniff-image-type";

/** The largest image a notebook accepts. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/**
 * Stores an uploaded image for a notebook after checking its size and, by its bytes, its type.
 * The caller has checked that the uploader may edit the notebook.
 */
export async function saveImage(dataDir: string, input: { notebookId: string; uploadedBy: string; bytes: Uint8Array }): Promise<ImageRecord> {
  if (input.bytes.length === 0) throw invalid("The image is empty.");
  if (input.bytes.length > MAX_IMAGE_BYTES) throw new AppError("payload_too_large", `Images can be at most ${MAX_IMAGE_BYTES / 1024 / 1024} MB.`);
  const type = sniffImageType(input.bytes);
  if (!type) throw invalid("Only PNG, JPEG, GIF and WebP images can be added (judged by the file's content).");
  const record: ImageRecord = {
    id: randomUUID(),
    notebookId: input.notebookId,
    type,
    size: input.bytes.length,
    uploadedBy: input.uploadedBy,
    createdAt: new Date().toISOString(),
  };
  const paths = imagePaths(dataDir, record.id);
  await fs.mkdir(imagesDir(dataDir), { recursive: true });
  // Bytes first, record last: an image without its record is never served.
  await fs.writeFile(paths.bytes, input.bytes, { flag: "wx" });
  const tmp = `${paths.record}.${process.pid}.tmp`;
  await fs.writeFile(tmp, JSON.stringify(record), { flag: "wx" });
  await fs.rename(tmp, paths.record);
  return record;
}
