import { eq, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { runs } from "@/lib/db/schema";
import { invalid } from "@/lib/errors";
import { NOTE_TAG, RUN_NAME_TAG } from "./run-view";
import type { MlflowKeyValue } from "./validation";

/** Labbook run names are 1–250 characters. */
export function runNameOrThrow(name: string): string {
  if (name.trim() === "") throw invalid("Run names must not be empty in Labbook.");
  if (name.length > 250) throw invalid(`Run names are at most 250 characters in Labbook; got ${name.length}.`);
  return name;
}

/**
 * Sets tags on a run (validated, run active), the last value of a key winning:
 * `mlflow.runName` renames the run, `mlflow.note.content` replaces its notes, and the
 * rest are stored as key/value tags.
 */
export async function setRunTags(db: Db, input: { runId: string; tags: readonly MlflowKeyValue[] }): Promise<void> {
  let name: string | undefined;
  let notes: string | undefined;
  const rest: Record<string, string> = {};
  for (const { key, value } of input.tags) {
    if (key === RUN_NAME_TAG) name = runNameOrThrow(value);
    else if (key === NOTE_TAG) notes = value;
    else rest[key] = value;
  }
  await db
    .update(runs)
    .set({
      mlflowTags: sql`${runs.mlflowTags} || ${JSON.stringify(rest)}::jsonb`,
      ...(name !== undefined && { name }),
      ...(notes !== undefined && { notes }),
      lastSeenAt: sql`now()`,
    })
    .where(eq(runs.id, input.runId));
}
