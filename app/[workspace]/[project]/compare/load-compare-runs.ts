import { services } from "@/app/_lib/services";
import { getRunsByIds } from "@/lib/runs/get-runs-by-ids";
import { MAX_COMPARE_RUNS, type CompareRun } from "./compare-types";

/** The ids of `?runs=a,b,c`: trimmed, de-duplicated, in order, at most MAX_COMPARE_RUNS. */
export function parseRunIds(value: string | string[] | undefined): { ids: string[]; truncated: boolean } {
  const raw = (Array.isArray(value) ? value.join(",") : (value ?? "")).split(",");
  const ids = [...new Set(raw.map((id) => id.trim()).filter(Boolean))];
  return { ids: ids.slice(0, MAX_COMPARE_RUNS), truncated: ids.length > MAX_COMPARE_RUNS };
}

/**
 * The runs of `project` (`<workspace>/<project>`) among `ids` that the user may read, in the
 * order asked; ids that are unknown, deleted, elsewhere or not readable are counted as
 * missing, not fatal.
 */
export async function loadCompareRuns(ids: readonly string[], project: string, userId: string): Promise<{ runs: CompareRun[]; missing: number }> {
  const { database, env } = await services();
  const [workspaceSlug = "", projectSlug = ""] = project.split("/");
  const found = await getRunsByIds(database.db, { userId, workspace: workspaceSlug, project: projectSlug, runIds: ids, crashAfterMs: env.LABBOOK_CRASH_AFTER_SECONDS * 1000 });
  const runs: CompareRun[] = found.map((run) => ({
    ...run,
    startedAt: run.startedAt.toISOString(),
    metrics: run.metrics.map((m) => ({ ...m, last: m.last ? { ...m.last, time: m.last.time?.toISOString() ?? null } : null })),
  }));
  return { runs, missing: ids.length - runs.length };
}
