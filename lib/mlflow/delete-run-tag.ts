import { eq, sql } from "drizzle-orm";
import type { RunAccess } from "@/lib/access/authorize-run";
import type { Db } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { assertRunActive } from "./authorize-mlflow-run";
import { NOTE_TAG, RUN_NAME_TAG } from "./run-view";

/**
 * Removes a tag from an active run: a key/value tag, a Labbook value-less tag, or the
 * notes (`mlflow.note.content`). The run name always remains. An absent tag is not found.
 */
export async function deleteRunTag(db: Db, input: { access: RunAccess; key: string }): Promise<void> {
  const { run } = input.access;
  assertRunActive(input.access);
  if (input.key === RUN_NAME_TAG) return;
  const inTags = Object.hasOwn(run.mlflowTags, input.key);
  const inLabels = run.tags.includes(input.key);
  const inNotes = input.key === NOTE_TAG && run.notes !== "";
  if (!inTags && !inLabels && !inNotes) throw notFound(`No tag with name: ${input.key} in run with id ${run.id}`);
  await db
    .update(runs)
    .set({
      ...(inTags && { mlflowTags: sql`${runs.mlflowTags} - ${input.key}::text` }),
      ...(inLabels && { tags: run.tags.filter((t) => t !== input.key) }),
      ...(inNotes && { notes: "" }),
      lastSeenAt: sql`now()`,
    })
    .where(eq(runs.id, run.id));
}
