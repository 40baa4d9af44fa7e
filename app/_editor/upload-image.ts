import { ApiError, errorMessage } from "@/app/_lib/api";

/** Image types the server accepts (it checks the bytes, not the name). */
export const IMAGE_TYPES = ["image/png", "image/jpeg", "image/gif", "image/webp"] as const;
/** The server's size cap for one image. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;

/** Uploads an image into a notebook and returns the address to show it from. */
export async function uploadImage(notebookId: string, file: File): Promise<string> {
  if (!(IMAGE_TYPES as readonly string[]).includes(file.type)) throw new ApiError("invalid_input", "Only PNG, JPEG, GIF and WebP images can be added.", 400);
  if (file.size > MAX_IMAGE_BYTES) throw new ApiError("too_large", "Images can be at most 10 MB.", 413);
  const body = new FormData();
  body.set("file", file);
  let response: Response;
  try {
    response = await fetch(`/api/v1/notebooks/${notebookId}/images`, { method: "POST", body, credentials: "same-origin" });
  } catch (error) {
    throw new ApiError("network", "Could not reach the Labbook server. Check your connection and try again.", 0, { cause: error });
  }
  const data = (await response.json().catch(() => null)) as { url?: unknown; error?: { code?: unknown; message?: unknown } } | null;
  if (!response.ok || typeof data?.url !== "string") {
    const message = typeof data?.error?.message === "string" ? data.error.message : `The upload failed (${response.status}).`;
    throw new ApiError(typeof data?.error?.code === "string" ? data.error.code : "internal", message, response.status);
  }
  return data.url;
}

/** Image files among pasted or dropped data. */
export function imageFiles(data: DataTransfer | null): File[] {
  return Array.from(data?.files ?? []).filter((file) => file.type.startsWith("image/"));
}

export { errorMessage };
