import { notFound } from "next/navigation";
import { cache } from "react";
import { authorizeWorkspace, type WorkspaceAccess } from "@/lib/access/authorize-workspace";
import { AppError } from "@/lib/errors";
import { getProjectOrThrow } from "@/lib/projects/get-project";
import type { Project } from "@/lib/db/schema";
import { listMemberships, type Membership } from "@/lib/workspaces/list-memberships";
import { services } from "./services";

/** A workspace and the caller's role in it; 404 for non-members, as the API does. */
export const getWorkspaceAccess = cache(async (slug: string, userId: string): Promise<WorkspaceAccess> => {
  const { database } = await services();
  try {
    return await authorizeWorkspace(database.db, { userId, workspace: { slug }, min: "viewer" });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});

/** The user's workspaces with their role in each. */
export const getMemberships = cache(async (userId: string): Promise<Membership[]> => {
  const { database } = await services();
  return listMemberships(database.db, userId);
});

/** A project of a workspace the caller may read; 404 when absent. */
export const getProject = cache(async (workspaceId: string, projectSlug: string): Promise<Project> => {
  const { database } = await services();
  try {
    return await getProjectOrThrow(database.db, workspaceId, projectSlug);
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") notFound();
    throw error;
  }
});
