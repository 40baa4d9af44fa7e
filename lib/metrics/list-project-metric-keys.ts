import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";

/** Most keys one answer lists; a project with more says so. */
export const MAX_PROJECT_METRIC_KEYS = 5_000;

/** Every metric key logged by the project's runs (deleted runs left out), sorted. */
export async function listProjectMetricKeys(db: Db, projectId: string): Promise<{ keys: string[]; truncated: boolean }> {
  const rows = await queryRows<{ key: string }>(db, sql`
    select distinct k.key from metric_keys k join runs r on r.id = k.run_id
    where r.project_id = ${projectId}::uuid and r.deleted_at is null
    order by k.key limit ${MAX_PROJECT_METRIC_KEYS + 1}`);
  return { keys: rows.slice(0, MAX_PROJECT_METRIC_KEYS).map((r) => r.key), truncated: rows.length > MAX_PROJECT_METRIC_KEYS };
}
