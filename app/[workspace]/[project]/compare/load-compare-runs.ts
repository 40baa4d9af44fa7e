import { services } from "@/app/_lib/services";
import { authorizeRun } from "@/lib/access/authorize-run";
import { AppError } from "@/lib/errors";
import { getRunView } from "@/lib/runs/get-run";
import { MAX_COMPARE_RUNS, type CompareRun } from "./compare-types";

/** Runs read at once; PGlite serializes queries anyway, Postgres gets a few in parallel. */
const CONCURRENCY = 8;

/** The ids of `?runs=a,b,c`: trimmed, de-duplicated, in order, at most MAX_COMPARE_RUNS. */
export function parseRunIds(value: string | string[] | undefined): { ids: string[]; truncated: boolean } {
  const raw = (Array.isArray(value) ? value.join(",") : (value ?? "")).split(",");
  const ids = [...new Set(raw.map((id) => id.trim()).filter(Boolean))];
  return { ids: ids.slice(0, MAX_COMPARE_RUNS), truncated: ids.length > MAX_COMPARE_RUNS };
}

/**
 * The runs of `project` among `ids` that the user may read, in the order asked; ids that
 * are unknown, deleted, elsewhere or not readable are counted as missing, not fatal.
 */
export async function loadCompareRuns(ids: readonly string[], project: string, userId: string): Promise<{ runs: CompareRun[]; missing: number }> {
  const { database, env } = await services();
  const crashAfterMs = env.LABBOOK_CRASH_AFTER_SECONDS * 1000;
  const found: (CompareRun | null)[] = [];
  for (let i = 0; i < ids.length; i += CONCURRENCY) {
    const batch = ids.slice(i, i + CONCURRENCY).map(async (runId): Promise<CompareRun | null> => {
      try {
        const access = await authorizeRun(database.db, { userId, runId, min: "viewer" });
        const view = await getRunView(database.db, access, crashAfterMs);
        if (view.project !== project) return null;
        return {
          id: view.id,
          name: view.name,
          status: view.status,
          startedAt: view.startedAt.toISOString(),
          params: view.params,
          metrics: view.metrics.map((m) => ({ ...m, last: m.last ? { ...m.last, time: m.last.time?.toISOString() ?? null } : null })),
        };
      } catch (error) {
        if (error instanceof AppError && (error.code === "not_found" || error.code === "forbidden")) return null;
        throw error;
      }
    });
    found.push(...(await Promise.all(batch)));
  }
  const runs = found.filter((r): r is CompareRun => r !== null);
  return { runs, missing: ids.length - runs.length };
}
