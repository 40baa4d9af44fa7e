import { and, eq, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import type { DbOrTx } from "@/lib/db/types";
import { members, projects, workspaces, type Project, type Workspace } from "@/lib/db/schema";
import { forbidden, notFound } from "@/lib/errors";
import { hasRole, type Role } from "@/lib/access/roles";
import { createProject } from "@/lib/projects/create-project";
import { getDefaultWorkspace } from "./default-workspace";

/** A project seen as an MLflow experiment by one caller. */
export interface ExperimentAccess {
  project: Project;
  workspace: Workspace;
  role: Role;
  /** The caller's default workspace: experiments in it are named without a workspace prefix. */
  defaultWorkspaceId: string | null;
}

/** MLflow clients start runs in experiment "0" when none is set; it maps to this project. */
export const DEFAULT_EXPERIMENT_ID = "0";
const DEFAULT_PROJECT = { slug: "default", name: "Default" } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function requireRole(access: ExperimentAccess, min: Role): ExperimentAccess {
  if (!hasRole(access.role, min)) {
    throw forbidden(`This needs the ${min} role or above in workspace "${access.workspace.slug}"; you are ${access.role}.`);
  }
  return access;
}

const missingId = (id: string) => notFound(`No Experiment with id=${id} exists`);

/**
 * The experiment (project) with this id, deleted or not, if the caller is a member of its
 * workspace with at least `min`. Id "0" is the caller's default experiment, created in
 * their default workspace on first use when they may write there.
 */
export async function findExperimentById(db: Db, input: { userId: string; experimentId: string; min: Role }): Promise<ExperimentAccess> {
  const defaultWorkspace = await getDefaultWorkspace(db, input.userId);
  const defaultWorkspaceId = defaultWorkspace?.workspace.id ?? null;
  if (input.experimentId === DEFAULT_EXPERIMENT_ID || input.experimentId === "") {
    if (!defaultWorkspace) throw missingId(DEFAULT_EXPERIMENT_ID);
    const { workspace, role } = defaultWorkspace;
    let project = await findProjectInWorkspace(db, workspace.id, DEFAULT_PROJECT.slug);
    if (!project && hasRole(role, "editor")) {
      project = await createProject(db, { ...DEFAULT_PROJECT, workspaceId: workspace.id, actorId: input.userId }).catch(async (error: unknown) => {
        const raced = await findProjectInWorkspace(db, workspace.id, DEFAULT_PROJECT.slug);
        if (!raced) throw error;
        return raced;
      });
    }
    if (!project) throw missingId(DEFAULT_EXPERIMENT_ID);
    return requireRole({ project, workspace, role, defaultWorkspaceId }, input.min);
  }
  if (!UUID.test(input.experimentId)) throw missingId(input.experimentId);
  const [row] = await db
    .select({ project: projects, workspace: workspaces, role: members.role })
    .from(projects)
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(members, and(eq(members.workspaceId, workspaces.id), eq(members.userId, input.userId)))
    .where(eq(projects.id, input.experimentId))
    .limit(1);
  if (!row) throw missingId(input.experimentId);
  return requireRole({ ...row, defaultWorkspaceId }, input.min);
}

/** Splits an experiment name into the workspace it addresses and the project name in it. */
export async function resolveExperimentName(
  db: DbOrTx,
  input: { userId: string; name: string },
): Promise<{ workspace: Workspace; role: Role; name: string; defaultWorkspaceId: string | null } | null> {
  const defaultWorkspace = await getDefaultWorkspace(db, input.userId);
  const defaultWorkspaceId = defaultWorkspace?.workspace.id ?? null;
  const slash = input.name.indexOf("/");
  if (slash > 0 && slash < input.name.length - 1) {
    const [row] = await db
      .select({ workspace: workspaces, role: members.role })
      .from(workspaces)
      .innerJoin(members, and(eq(members.workspaceId, workspaces.id), eq(members.userId, input.userId)))
      .where(eq(workspaces.slug, input.name.slice(0, slash)))
      .limit(1);
    if (row) return { ...row, name: input.name.slice(slash + 1), defaultWorkspaceId };
  }
  return defaultWorkspace ? { ...defaultWorkspace, name: input.name, defaultWorkspaceId } : null;
}

/** A project of a workspace (deleted ones too) by exact name, else by slug. */
export async function findProjectInWorkspace(db: DbOrTx, workspaceId: string, name: string): Promise<Project | undefined> {
  const rows = await db
    .select()
    .from(projects)
    .where(and(eq(projects.workspaceId, workspaceId), or(eq(projects.name, name), eq(projects.slug, name))));
  return rows.find((p) => p.name === name) ?? rows[0];
}

/**
 * The experiment with this name: `<workspace>/<project>` addresses any workspace the
 * caller belongs to; a plain name is looked up in their default workspace.
 */
export async function findExperimentByName(db: Db, input: { userId: string; name: string; min: Role }): Promise<ExperimentAccess> {
  const resolved = await resolveExperimentName(db, input);
  const project = resolved && (await findProjectInWorkspace(db, resolved.workspace.id, resolved.name));
  if (!resolved || !project) throw notFound(`Could not find experiment with name '${input.name}'`);
  return requireRole({ project, workspace: resolved.workspace, role: resolved.role, defaultWorkspaceId: resolved.defaultWorkspaceId }, input.min);
}
