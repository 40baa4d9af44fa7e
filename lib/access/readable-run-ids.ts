import { and, eq, inArray, isNull } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { members, projects, runs } from "@/lib/db/schema";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Which of these runs the user may read (any role on the owning workspace), deleted runs and
 * runs of deleted projects left out: one query for many runs, as a comparison needs.
 */
export async function readableRunIds(db: DbOrTx, input: { userId: string; runIds: readonly string[] }): Promise<Set<string>> {
  const ids = [...new Set(input.runIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: runs.id })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(members, and(eq(members.workspaceId, projects.workspaceId), eq(members.userId, input.userId)))
    .where(and(inArray(runs.id, ids), isNull(runs.deletedAt), isNull(projects.deletedAt)));
  return new Set(rows.map((r) => r.id));
}
