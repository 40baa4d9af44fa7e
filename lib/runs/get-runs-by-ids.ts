import { and, asc, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { members, metricKeys, projects, runs, workspaces } from "@/lib/db/schema";
import { encodeValue } from "@/lib/metrics/metric-input";
import { effectiveStatus } from "./run-status";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Many runs of one project that the user may read, in the order asked, each with its params
 * and a summary per metric key — two queries however many runs (a comparison). Unknown,
 * deleted, unreadable or other-project ids are left out.
 */
export async function getRunsByIds(
  db: Db,
  input: { userId: string; workspace: string; project: string; runIds: readonly string[]; crashAfterMs?: number },
) {
  const ids = [...new Set(input.runIds.filter((id) => UUID.test(id)))];
  if (ids.length === 0) return [];
  const rows = await db
    .select({ run: runs })
    .from(runs)
    .innerJoin(projects, eq(projects.id, runs.projectId))
    .innerJoin(workspaces, eq(workspaces.id, projects.workspaceId))
    .innerJoin(members, and(eq(members.workspaceId, workspaces.id), eq(members.userId, input.userId)))
    .where(
      and(inArray(runs.id, ids), isNull(runs.deletedAt), isNull(projects.deletedAt), eq(workspaces.slug, input.workspace), eq(projects.slug, input.project)),
    );
  const found = new Map(rows.map(({ run }) => [run.id, run]));
  const keys = found.size === 0 ? [] : await db.select().from(metricKeys).where(inArray(metricKeys.runId, [...found.keys()])).orderBy(asc(metricKeys.key));
  const now = new Date();
  return ids.flatMap((id) => {
    const run = found.get(id);
    if (!run) return [];
    return [
      {
        id: run.id,
        name: run.name,
        status: effectiveStatus(run, now, input.crashAfterMs),
        startedAt: run.startedAt,
        params: run.params,
        metrics: keys
          .filter((k) => k.runId === id)
          .map((k) => ({
            key: k.key,
            count: k.count,
            min: encodeValue(k.min),
            max: encodeValue(k.max),
            last: k.lastStep === null ? null : { step: k.lastStep, value: encodeValue(k.lastValue), time: k.lastTime },
          })),
      },
    ];
  });
}
