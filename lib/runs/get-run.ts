import { asc, eq } from "drizzle-orm";
import type { Db } from "@/lib/db/client";
import { metricKeys, users } from "@/lib/db/schema";
import type { RunAccess } from "@/lib/access/authorize-run";
import { encodeValue } from "@/lib/metrics/metric-input";
import { effectiveStatus } from "./run-status";

/** A run as the API shows it: params, tags, repro, and a summary per metric key. */
export async function getRunView(db: Db, access: RunAccess, crashAfterMs?: number) {
  const { run, project, workspace } = access;
  const [author] = run.createdBy ? await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, run.createdBy)) : [];
  const keys = await db.select().from(metricKeys).where(eq(metricKeys.runId, run.id)).orderBy(asc(metricKeys.key));
  return {
    id: run.id,
    name: run.name,
    project: `${workspace.slug}/${project.slug}`,
    status: effectiveStatus(run, new Date(), crashAfterMs),
    author: author ?? null,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    lastSeenAt: run.lastSeenAt,
    params: run.params,
    tags: run.tags,
    mlflowTags: run.mlflowTags,
    notes: run.notes,
    group: run.group,
    repro: run.repro,
    metrics: keys.map((k) => ({
      key: k.key,
      count: k.count,
      min: encodeValue(k.min),
      max: encodeValue(k.max),
      last: k.lastStep === null ? null : { step: k.lastStep, value: encodeValue(k.lastValue), time: k.lastTime },
    })),
  };
}
