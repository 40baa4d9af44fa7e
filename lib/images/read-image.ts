import fs from "node:fs/promises";
import { notFound } from "@/lib/errors";
import { imagePaths, isImageId, type ImageRecord } from "./image-files";

function isMissing(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === "ENOENT";
}

/** An image's record; not found when there is none. Check access to its notebook before reading its bytes. */
export async function getImageRecordOrThrow(dataDir: string, id: string): Promise<ImageRecord> {
  if (!isImageId(id)) throw notFound(`Image "${id}" was not found.`);
  try {
    return JSON.parse(await fs.readFile(imagePaths(dataDir, id).record, "utf8")) as ImageRecord;
  } catch (error) {
    if (isMissing(error)) throw notFound(`Image "${id}" was not found.`);
    throw error;
  }
}

/** The bytes of an image whose record exists. */
export async function readImageBytes(dataDir: string, record: ImageRecord): Promise<Buffer> {
  try {
    return await fs.readFile(imagePaths(dataDir, record.id).bytes);
  } catch (error) {
    if (isMissing(error)) throw notFound(`Image "${record.id}" was not found.`);
    throw error;
  }
}
