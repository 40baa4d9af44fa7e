import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { authorizeWorkspace } from "@/lib/access/authorize-workspace";
import type { Db } from "@/lib/db/client";
import { projects, runs, type Repro, type Run } from "@/lib/db/schema";
import { recordEvent } from "@/lib/events/record-event";
import { conflict } from "@/lib/errors";
import { slug } from "@/lib/slug";
import { runName, runNotes, runParams, runTags } from "./run-input";
import { generateRunName } from "./run-name";

export const createRunInput = z.object({
  /** Chosen by the client so that a retried create is idempotent. */
  id: z.uuid("must be a UUID").optional(),
  project: z
    .string()
    .regex(/^[^/]+\/[^/]+$/, 'must look like "<workspace>/<project>"')
    .transform((p) => p.split("/") as [string, string])
    .pipe(z.tuple([z.string(), slug])),
  name: runName.optional(),
  params: runParams.optional(),
  tags: runTags.optional(),
  notes: runNotes.optional(),
  group: z.string().max(250, "must be at most 250 characters").optional(),
  repro: z.record(z.string(), z.json()).optional(),
});
export type CreateRunInput = z.infer<typeof createRunInput>;

/** What other transports (the MLflow API) may set beyond the public input. */
export interface CreateRunExtras {
  startedAt?: Date;
  mlflowTags?: Record<string, string>;
}

/**
 * Starts a run in `<workspace>/<project>`, creating the project when the caller may (editor+).
 * With a client-chosen `id`, sending the same create again returns the run made the first
 * time (`existed: true`) instead of a second run.
 */
export async function createRun(
  db: Db,
  input: CreateRunInput & CreateRunExtras & { userId: string },
): Promise<{ run: Run; workspaceSlug: string; projectSlug: string; existed: boolean }> {
  const [workspaceSlug, projectSlug] = input.project;
  const { workspace } = await authorizeWorkspace(db, { userId: input.userId, workspace: { slug: workspaceSlug }, min: "editor" });
  return db.transaction(async (tx) => {
    await tx
      .insert(projects)
      .values({ workspaceId: workspace.id, slug: projectSlug, name: projectSlug, createdBy: input.userId })
      .onConflictDoNothing();
    const [project] = await tx
      .select({ id: projects.id, deletedAt: projects.deletedAt })
      .from(projects)
      .where(and(eq(projects.workspaceId, workspace.id), eq(projects.slug, projectSlug)));
    if (!project) throw new Error("project vanished");
    if (project.deletedAt) throw conflict(`Project "${workspaceSlug}/${projectSlug}" is deleted; restore it before logging runs to it.`);
    const [run] = await tx
      .insert(runs)
      .values({
        ...(input.id && { id: input.id }),
        projectId: project.id,
        name: input.name ?? generateRunName(),
        createdBy: input.userId,
        params: input.params ?? {},
        tags: input.tags ?? [],
        notes: input.notes ?? "",
        group: input.group ?? null,
        repro: (input.repro ?? {}) as Repro,
        mlflowTags: input.mlflowTags ?? {},
        ...(input.startedAt && { startedAt: input.startedAt }),
      })
      // Concurrent creates with one client-chosen id: one inserts, the others find its run.
      .onConflictDoNothing({ target: runs.id })
      .returning();
    if (!run) {
      const [prior] = input.id ? await tx.select().from(runs).where(eq(runs.id, input.id)) : [];
      if (!prior || prior.projectId !== project.id || prior.createdBy !== input.userId) {
        throw conflict(`A run with id ${input.id ?? "?"} already exists elsewhere; choose another id.`);
      }
      return { run: prior, workspaceSlug, projectSlug, existed: true };
    }
    await recordEvent(tx, { workspaceId: workspace.id, actorId: input.userId, type: "run.created", subjectType: "run", subjectId: run.id });
    return { run, workspaceSlug, projectSlug, existed: false };
  });
}
