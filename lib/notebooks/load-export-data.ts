import type { JSONContent } from "@tiptap/core";
import { inArray, sql } from "drizzle-orm";
import { queryRows, type Db } from "@/lib/db/client";
import { textArray } from "@/lib/db/pg-array";
import { users } from "@/lib/db/schema";
import { AppError } from "@/lib/errors";
import { encodeValue } from "@/lib/metrics/metric-input";
import { getRunsByIds } from "@/lib/runs/get-runs-by-ids";
import { listRuns } from "@/lib/runs/list-runs";
import { MAX_SUBSCRIPTIONS_PER_CONNECTION } from "@/lib/protocol/live";
import {
  blockDataKey,
  chartFrozenAt,
  decisionAttrs,
  metricChartAttrs,
  metricColumn,
  runTableAttrs,
  walkDocument,
  type ExportChart,
  type ExportData,
  type ExportMetricSummary,
  type ExportRunRef,
  type ExportRunRow,
  type ExportRunTable,
} from "./export-markdown";

/** Runs a chart by filter summarizes: the newest ones, as many as its page would draw. */
export const CHART_MAX_RUNS = 20;
/** Runs one compare link may name (the compare page takes no more). */
const MAX_COMPARE_RUNS = MAX_SUBSCRIPTIONS_PER_CONNECTION;

export interface LoadExportDataInput {
  /** The page, as `documentJsonFromState` reads it. */
  doc: JSONContent;
  /** The reader: picked runs are shown only when they may read them. */
  userId: string;
  workspaceSlug: string;
  project: { id: string; slug: string };
  /** Origin of absolute links (`https://lab.example.com`). */
  origin: string;
  crashAfterMs: number;
  now?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
type SeriesSummary = ExportMetricSummary & { runId: string; key: string };

/**
 * Everything the data blocks of a page show, fetched from the database: run tables (by
 * filter or picked ids, with columns, sort and limit), chart runs with a summary per key and
 * run (a frozen chart's counted up to its time), decision owners and linked runs. A block
 * whose filter or sort cannot be read gets its error, not a failed export.
 */
export async function loadExportData(db: Db, input: LoadExportDataInput): Promise<ExportData> {
  const { origin, workspaceSlug, project } = input;
  const runUrl = (id: string) => `${origin}/${workspaceSlug}/${project.slug}/runs/${id}`;
  const ref = (run: { id: string; name: string }): ExportRunRef => ({ id: run.id, name: run.name, url: runUrl(run.id) });

  const tables = new Map<string, JSONContent>();
  const charts = new Map<string, JSONContent>();
  const owners = new Set<string>();
  const picked = new Set<string>();
  walkDocument(input.doc, (node) => {
    if (node.type === "decision") {
      const a = decisionAttrs(node);
      if (a.owner) owners.add(a.owner);
      for (const id of a.runs) picked.add(id);
    } else if (node.type === "runTable") {
      tables.set(blockDataKey(node), node);
    } else if (node.type === "metricChart") {
      const a = metricChartAttrs(node);
      charts.set(blockDataKey(node), node);
      if (!a.filter.trim()) for (const id of a.runs) picked.add(id);
    }
  });

  const [pickedRuns, ownerRows] = await Promise.all([
    picked.size === 0
      ? Promise.resolve([])
      : getRunsByIds(db, { userId: input.userId, workspace: workspaceSlug, project: project.slug, runIds: [...picked], crashAfterMs: input.crashAfterMs }),
    owners.size === 0 ? Promise.resolve([]) : db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, [...owners])),
  ]);
  const byId = new Map(pickedRuns.map((run) => [run.id, run]));
  const pickedIn = (ids: readonly string[]) => [...new Set(ids)].flatMap((id) => byId.get(id) ?? []);

  const loadTable = async (node: JSONContent): Promise<ExportRunTable> => {
    const a = runTableAttrs(node);
    const limit = Math.min(200, Math.max(1, Math.floor(Number(a.limit)) || 20));
    const filter = a.filter.trim();
    // Picked runs go through the same query, so they sort exactly as the runs table sorts.
    const ids = filter ? undefined : [...new Set(a.runs)].filter((id) => UUID.test(id)).slice(0, 200);
    if (ids?.length === 0) return { rows: [], total: 0 };
    const metricKeys = [...new Set(a.columns.filter((c) => c.startsWith("metrics.")).map((c) => metricColumn(c).key))];
    const page = await listRuns(db, { filter: filter || undefined, ids, sort: a.sort, limit, metrics: metricKeys.slice(0, 50), projectId: project.id, crashAfterMs: input.crashAfterMs });
    const rows: ExportRunRow[] = page.runs.map((run) => ({
      ...ref(run),
      status: run.status,
      params: run.params,
      metrics: Object.fromEntries(
        Object.entries(run.metrics).map(([key, m]) => [key, { last: m.last as ExportMetricSummary["last"], lastStep: m.step, min: m.min as ExportMetricSummary["min"], max: m.max as ExportMetricSummary["max"], count: m.count }]),
      ),
    }));
    return { rows, total: page.total };
  };

  const loadChart = async (node: JSONContent): Promise<ExportChart> => {
    const a = metricChartAttrs(node);
    const filter = a.filter.trim();
    const runs = filter
      ? (await listRuns(db, { filter, ids: undefined, sort: "-created", limit: CHART_MAX_RUNS, metrics: [], projectId: project.id, crashAfterMs: input.crashAfterMs })).runs.map(ref)
      : pickedIn(a.runs).map(ref);
    const ids = runs.map((r) => r.id);
    const compareUrl = ids.length > 0 ? `${origin}/${workspaceSlug}/${project.slug}/compare?runs=${ids.slice(0, MAX_COMPARE_RUNS).join(",")}` : null;
    const summaries = ids.length > 0 && a.keys.length > 0 ? await summarizeSeries(db, { runIds: ids, keys: a.keys, until: chartFrozenAt(a) }) : [];
    return { runs, compareUrl, summaries };
  };

  const [tableData, chartData] = await Promise.all([
    Promise.all([...tables].map(async ([key, node]) => [key, await blockErrors(() => loadTable(node))] as const)),
    Promise.all([...charts].map(async ([key, node]) => [key, await blockErrors(() => loadChart(node))] as const)),
  ]);

  return {
    origin,
    exportedAt: (input.now ?? new Date()).toISOString(),
    runs: Object.fromEntries(pickedRuns.map((run) => [run.id, ref(run)])),
    users: Object.fromEntries(ownerRows.map((u) => [u.id, u.name])),
    runTables: Object.fromEntries(tableData),
    charts: Object.fromEntries(chartData),
  };
}

/** A block's own error (a filter that does not parse, a bad sort) becomes its content; anything else fails the export. */
async function blockErrors<T>(load: () => Promise<T>): Promise<T | { error: string }> {
  try {
    return await load();
  } catch (error) {
    if (error instanceof AppError && error.code === "invalid_input") return { error: error.message };
    throw error;
  }
}

/**
 * A summary per (run, key): last value at the last step, min and max (NaN left out), number of
 * points. Live charts read the summaries kept at ingestion; a frozen chart aggregates the
 * points logged up to `until` in one statement (the primary key finds each series, the last
 * point is one index probe).
 */
export async function summarizeSeries(db: Db, input: { runIds: readonly string[]; keys: readonly string[]; until: Date | null }): Promise<SeriesSummary[]> {
  const runs = textArray(input.runIds);
  const keys = textArray(input.keys);
  type Row = { run_id: string; key: string; count: number; min: number | null; max: number | null; last_step: number | null; last_value: number | null };
  const rows = input.until
    ? await queryRows<Row>(
        db,
        sql`select k.run_id::text as run_id, k.key, agg.count, agg.min, agg.max, agg.last_step::float8 as last_step, lp.value as last_value
            from metric_keys k
            cross join lateral (
              select count(*)::int as count,
                     min(p.value) filter (where p.value <> 'NaN'::float8) as min,
                     max(p.value) filter (where p.value <> 'NaN'::float8) as max,
                     max(p.step) as last_step
                from metric_points p
               where p.run_id = k.run_id and p.key_id = k.id and p.ts <= ${input.until.toISOString()}::timestamptz
            ) agg
            left join metric_points lp on lp.run_id = k.run_id and lp.key_id = k.id and lp.step = agg.last_step
            where k.run_id = any(${runs}::uuid[]) and k.key = any(${keys}::text[])`,
      )
    : await queryRows<Row>(
        db,
        sql`select run_id::text as run_id, key, count::int as count, min, max, last_step::float8 as last_step, last_value
            from metric_keys where run_id = any(${runs}::uuid[]) and key = any(${keys}::text[])`,
      );
  return rows.map((r) => ({
    runId: r.run_id,
    key: r.key,
    count: Number(r.count),
    last: r.count > 0 ? encodeValue(r.last_value) : null,
    lastStep: r.last_step,
    min: encodeValue(r.min),
    max: encodeValue(r.max),
  }));
}
