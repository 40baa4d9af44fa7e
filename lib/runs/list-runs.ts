import { sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@/lib/db/client";
import { textArray } from "@/lib/db/pg-array";
import { invalid } from "@/lib/errors";
import { encodeValue } from "@/lib/metrics/metric-input";
import { parseRunFilter } from "./run-filter";
import { filterToSql, statusSql } from "./run-filter-sql";
import type { RunStatus } from "./run-status";

export const listRunsQuery = z.object({
  filter: z.string().max(2000, "must be at most 2000 characters").optional(),
  sort: z.string().max(300, "must be at most 300 characters").optional(),
  limit: z.coerce.number().int("must be an integer").min(1, "must be at least 1").max(1000, "must be at most 1000").default(100),
  cursor: z.string().max(200).optional(),
  metrics: z
    .string()
    .optional()
    .transform((s) => (s ? s.split(",").map((k) => k.trim()).filter(Boolean).slice(0, 50) : [])),
  /** Only these runs (comma-separated ids, at most 200): a notebook block's picked runs. */
  ids: z
    .string()
    .optional()
    .transform((s) => (s ? [...new Set(s.split(",").map((id) => id.trim()).filter(Boolean))] : undefined))
    .refine((ids) => ids === undefined || ids.length <= 200, { message: "must list at most 200 run ids" })
    .refine((ids) => ids === undefined || ids.every((id) => UUID.test(id)), { message: "must be run ids (UUIDs)" }),
});
export type ListRunsQuery = Omit<z.infer<typeof listRunsQuery>, "ids"> & { ids?: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface RunRow {
  id: string;
  name: string;
  status: RunStatus;
  author: { id: string; name: string } | null;
  startedAt: string;
  endedAt: string | null;
  lastSeenAt: string;
  params: Record<string, unknown>;
  tags: string[];
  group: string | null;
  metrics: Record<string, { last: unknown; min: unknown; max: unknown; step: number | null; count: number }>;
}

/** Parses `-created`, `name`, `params.lr`, `-metrics.val/loss.min` into an ORDER BY expression. */
function sortSql(sort: string | undefined, crashAfterMs: number): SQL {
  const raw = (sort ?? "-created").trim();
  const desc = raw.startsWith("-");
  const key = desc ? raw.slice(1) : raw;
  const dir = sql.raw(desc ? "desc nulls last" : "asc nulls last");
  const simple: Record<string, SQL> = {
    created: sql`r.created_at`,
    started: sql`r.started_at`,
    name: sql`lower(r.name)`,
    status: statusSql(crashAfterMs),
    duration: sql`(coalesce(r.ended_at, now()) - r.started_at)`,
  };
  const base = simple[key];
  if (base) return sql`${base} ${dir}, r.id ${dir}`;
  if (key.startsWith("params.") && key.length > 7) {
    const path = textArray(key.slice(7).split("."));
    // numbers sort numerically, everything else as text after them
    return sql`(case when jsonb_typeof(r.params #> ${path}::text[]) = 'number' then (r.params #>> ${path}::text[])::float8 end) ${dir}, (r.params #>> ${path}::text[]) ${dir}, r.id ${dir}`;
  }
  if (key.startsWith("metrics.") && key.length > 8) {
    const m = /^(.*)\.(min|max|last)$/.exec(key.slice(8));
    const metric = m?.[1] ?? key.slice(8);
    const column = sql.raw(m?.[2] === "min" ? "min" : m?.[2] === "max" ? "max" : "last_value");
    return sql`(select mk.${column} from metric_keys mk where mk.run_id = r.id and mk.key = ${metric}) ${dir}, r.id ${dir}`;
  }
  throw invalid(`Invalid sort "${raw}": use created, started, name, status, duration, params.<path> or metrics.<key>[.min|.max], with "-" for descending`);
}

function decodeCursor(cursor: string | undefined): number {
  if (!cursor) return 0;
  const match = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  const offset = Number(match?.[1]);
  if (!match || !Number.isInteger(offset)) throw invalid("Invalid cursor: pass back the nextCursor of a previous page");
  return offset;
}

/**
 * A page of a project's runs, filtered and sorted, with summaries of the requested metric
 * keys. `repro` (package lists, diffs) is left out: lists never show it and it can be large;
 * `GET /runs/:id` has it.
 */
export async function listRuns(db: Db, input: ListRunsQuery & { projectId: string; crashAfterMs: number }): Promise<{ runs: RunRow[]; nextCursor: string | null; total: number }> {
  const node = input.filter ? parseRunFilter(input.filter) : null;
  const inProject = sql`r.project_id = ${input.projectId}::uuid and r.deleted_at is null`;
  const scope = input.ids ? sql`${inProject} and r.id = any(${textArray(input.ids)}::uuid[])` : inProject;
  const where = node ? sql`${scope} and coalesce(${filterToSql(node, input.crashAfterMs)}, false)` : scope;
  const offset = decodeCursor(input.cursor);
  const rows = await queryRows<{
    id: string; name: string; status: RunStatus; author_id: string | null; author_name: string | null; started_at: string; ended_at: string | null;
    last_seen_at: string; params: Record<string, unknown>; tags: string[]; group: string | null; total: number;
  }>(
    db,
    sql`select r.id, r.name, ${statusSql(input.crashAfterMs)} as status, u.id as author_id, u.name as author_name,
          r.started_at::text, r.ended_at::text, r.last_seen_at::text, r.params, r.tags, r."group", count(*) over ()::int as total
        from runs r left join users u on u.id = r.created_by
        where ${where}
        order by ${sortSql(input.sort, input.crashAfterMs)}
        limit ${input.limit + 1} offset ${offset}`,
  );
  const page = rows.slice(0, input.limit);
  const summaries = new Map<string, RunRow["metrics"]>();
  if (page.length > 0 && input.metrics.length > 0) {
    const keys = await queryRows<{ run_id: string; key: string; last_value: number | null; min: number | null; max: number | null; last_step: number | null; count: number }>(
      db,
      sql`select run_id, key, last_value, min, max, last_step::float8 as last_step, count::float8 as count from metric_keys
          where run_id = any(${textArray(page.map((r) => r.id))}::uuid[]) and key = any(${textArray(input.metrics)}::text[])`,
    );
    for (const k of keys) {
      const entry = summaries.get(k.run_id) ?? {};
      entry[k.key] = { last: encodeValue(k.last_value), min: encodeValue(k.min), max: encodeValue(k.max), step: k.last_step, count: k.count };
      summaries.set(k.run_id, entry);
    }
  }
  const iso = (t: string | null) => (t === null ? null : new Date(t).toISOString());
  return {
    total: rows[0]?.total ?? 0,
    nextCursor: rows.length > input.limit ? Buffer.from(`o:${offset + input.limit}`).toString("base64url") : null,
    runs: page.map((r) => ({
      id: r.id,
      name: r.name,
      status: r.status,
      author: r.author_id ? { id: r.author_id, name: r.author_name ?? "" } : null,
      startedAt: iso(r.started_at) ?? "",
      endedAt: iso(r.ended_at),
      lastSeenAt: iso(r.last_seen_at) ?? "",
      params: r.params,
      tags: r.tags,
      group: r.group,
      metrics: summaries.get(r.id) ?? {},
    })),
  };
}
