import { notFound } from "next/navigation";
import { cache } from "react";
import { services } from "@/app/_lib/services";
import { AppError } from "@/lib/errors";
import { authorizeNotebook, type NotebookAccess } from "@/lib/notebooks/authorize-notebook";

/** A notebook the user may read, with its project, workspace and the user's role; 404 otherwise, as the API does. */
export const loadNotebook = cache(async (notebookId: string, userId: string): Promise<NotebookAccess> => {
  const { database } = await services();
  try {
    return await authorizeNotebook(database.db, { userId, notebookId, min: "viewer" });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});
