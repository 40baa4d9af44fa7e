import { and, eq, like, or } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { projects, type Project } from "@/lib/db/schema";
import { conflict, forbidden, invalid } from "@/lib/errors";
import { hasRole } from "@/lib/access/roles";
import { createProject } from "@/lib/projects/create-project";
import { slugify } from "@/lib/slug";
import { findProjectInWorkspace, resolveExperimentName } from "./find-experiment";
import { validateExperimentName, validateExperimentTag, type MlflowKeyValue } from "./validation";

/** Labbook project names are shorter than MLflow's 500-character experiment names. */
const MAX_PROJECT_NAME_LENGTH = 100;

/** A slug for a new project that no project of the workspace (deleted ones included) has. */
async function freeSlug(db: Db, workspaceId: string, name: string): Promise<string> {
  const derived = slugify(name);
  const base = derived === "workspace" && !/workspace/i.test(name) ? "experiment" : derived;
  const stem = base.slice(0, 44).replace(/-+$/, "");
  const taken = new Set(
    (
      await db
        .select({ slug: projects.slug })
        .from(projects)
        .where(and(eq(projects.workspaceId, workspaceId), or(eq(projects.slug, base), like(projects.slug, `${stem}-%`))))
    ).map((r) => r.slug),
  );
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${stem}-${n}`)) return `${stem}-${n}`;
}

/**
 * Creates the project behind a new MLflow experiment (editor+): in the workspace a
 * `<workspace>/<name>` name addresses, else in the caller's default workspace. Names are
 * unique per workspace, deleted experiments included, as in MLflow.
 */
export async function createExperiment(db: Db, input: { userId: string; name: string; tags: MlflowKeyValue[] }): Promise<Project> {
  validateExperimentName(input.name);
  for (const tag of input.tags) validateExperimentTag(tag);
  const resolved = await resolveExperimentName(db, input);
  if (!resolved) throw forbidden("You are not a member of any workspace; ask a workspace admin to invite you as an editor.");
  if (!hasRole(resolved.role, "editor")) {
    throw forbidden(`Creating experiments needs the editor role or above in workspace "${resolved.workspace.slug}"; you are ${resolved.role}.`);
  }
  const { name, workspace } = resolved;
  if (name.trim() === "") throw invalid(`Invalid experiment name: '${input.name}'`);
  if (Array.from(name).length > MAX_PROJECT_NAME_LENGTH) {
    throw invalid(`Experiment name exceeds the maximum length of ${MAX_PROJECT_NAME_LENGTH} characters (Labbook project names are shorter than MLflow's)`);
  }
  if (await findProjectInWorkspace(db, workspace.id, name)) throw conflict(`Experiment(name=${input.name}) already exists.`);
  const project = await createProject(db, { slug: await freeSlug(db, workspace.id, name), name, workspaceId: workspace.id, actorId: input.userId });
  if (input.tags.length === 0) return project;
  const mlflowTags = Object.fromEntries(input.tags.map((t) => [t.key, t.value]));
  const [tagged] = await db.update(projects).set({ mlflowTags }).where(eq(projects.id, project.id)).returning();
  return tagged ?? project;
}
