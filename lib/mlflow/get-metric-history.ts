import { sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";
import { invalid } from "@/lib/errors";
import { encodeValue } from "@/lib/metrics/metric-input";
import { createPageToken, parsePageToken } from "./page-token";
import type { MlflowMetricView } from "./run-view";

/**
 * Every stored point of one metric of a run, by step, in MLflow's format; with
 * `maxResults`, one page of them and the token of the next page.
 */
export async function getMetricHistory(
  db: Db,
  input: { runId: string; key: string; maxResults?: number | undefined; pageToken?: string | undefined },
): Promise<{ metrics: MlflowMetricView[]; nextPageToken?: string }> {
  if (input.maxResults !== undefined && input.maxResults < 1) throw invalid(`Invalid value ${input.maxResults} for parameter 'max_results' supplied: it must be at least 1.`);
  const offset = parsePageToken(input.pageToken);
  const limit = input.maxResults === undefined ? sql`` : sql`limit ${input.maxResults + 1}`;
  const rows = await queryRows<{ step: number; value: number; ts: number }>(
    db,
    sql`select p.step::float8 as step, p.value, round(extract(epoch from p.ts) * 1000)::float8 as ts
        from metric_points p join metric_keys k on k.id = p.key_id
        where k.run_id = ${input.runId}::uuid and k.key = ${input.key} and p.run_id = ${input.runId}::uuid
        order by p.step
        ${limit} offset ${offset}`,
  );
  const more = input.maxResults !== undefined && rows.length > input.maxResults;
  const page = more ? rows.slice(0, input.maxResults) : rows;
  return {
    metrics: page.map((r) => ({ key: input.key, value: encodeValue(Number(r.value)), timestamp: Number(r.ts), step: Number(r.step) })),
    ...(more && input.maxResults !== undefined && { nextPageToken: createPageToken(offset + input.maxResults) }),
  };
}
