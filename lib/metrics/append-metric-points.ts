import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db/client";
import { floatArray, intArray, textArray } from "@/lib/db/pg-array";
import { ingestBatches, runs } from "@/lib/db/schema";
import type { Tx } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import { MAX_POINTS_PER_REQUEST, type PointColumns } from "./metric-input";
import { rollupPoints, type RollupRow } from "./rollup";

/** The points of one key that this call stored (duplicates left out), in the order sent. */
export interface FreshPoints {
  key: string;
  steps: number[];
  values: number[];
  /** Epoch milliseconds. */
  times: number[];
}

export interface AppendResult {
  accepted: number;
  duplicates: number;
  /** True when this batch id was committed before and nothing was written now. */
  replayed: boolean;
  /** What was new, for live subscribers; empty when replayed. */
  fresh: FreshPoints[];
}

/**
 * Appends points to a run in one transaction with set-based SQL: keys upserted, missing
 * steps assigned after each key's highest step, points inserted with `on conflict do
 * nothing` (the first value of a step stands), summaries updated. A batch id makes the
 * whole call idempotent.
 */
export async function appendMetricPoints(
  database: Database,
  input: { runId: string; batchId?: string | undefined; points: PointColumns },
): Promise<AppendResult> {
  const { points } = input;
  const total = points.keys.length;
  if (total > MAX_POINTS_PER_REQUEST) {
    throw new AppError("payload_too_large", `A request may carry at most ${MAX_POINTS_PER_REQUEST} points; this one has ${total}. Split it.`);
  }
  return database.db.transaction(async (tx) => {
    if (input.batchId !== undefined) {
      const claimed = await tx
        .insert(ingestBatches)
        .values({ runId: input.runId, batchId: input.batchId, accepted: 0, duplicates: 0 })
        .onConflictDoNothing()
        .returning({ batchId: ingestBatches.batchId });
      if (claimed.length === 0) {
        const [prior] = await tx
          .select()
          .from(ingestBatches)
          .where(and(eq(ingestBatches.runId, input.runId), eq(ingestBatches.batchId, input.batchId)));
        return { accepted: prior?.accepted ?? 0, duplicates: prior?.duplicates ?? 0, replayed: true, fresh: [] };
      }
    }
    const keyIds = await resolveKeys(tx, input.runId, points);
    const batch: Batch = { runId: input.runId, keyIds: keyIds.ids, steps: assignSteps(points, keyIds), values: points.values, times: serverTimes(points.times) };
    const freshIndexes = await insertPoints(tx, batch, keyIds);
    await upsertRollups(tx, batch, freshIndexes);
    const accepted = freshIndexes.length;
    const duplicates = total - accepted;
    await tx.update(runs).set({ lastSeenAt: sql`now()` }).where(eq(runs.id, input.runId));
    if (input.batchId !== undefined) {
      await tx
        .update(ingestBatches)
        .set({ accepted, duplicates })
        .where(and(eq(ingestBatches.runId, input.runId), eq(ingestBatches.batchId, input.batchId)));
    }
    return { accepted, duplicates, replayed: false, fresh: freshByKey(batch, freshIndexes, points.keys) };
  });
}

/** A batch ready to store: key ids resolved, steps assigned, every point timed (epoch ms). */
interface Batch {
  runId: string;
  keyIds: number[];
  steps: number[];
  values: number[];
  times: number[];
}

/** A point sent without a time gets the server's time, the same for the whole batch. */
function serverTimes(times: ReadonlyArray<Date | null>): number[] {
  const now = Date.now();
  return times.map((t) => (t === null ? now : t.getTime()));
}

function freshByKey(batch: Batch, indexes: number[], keys: string[]): FreshPoints[] {
  const byKey = new Map<string, FreshPoints>();
  for (const i of indexes) {
    const key = keys[i] as string;
    let fresh = byKey.get(key);
    if (!fresh) byKey.set(key, (fresh = { key, steps: [], values: [], times: [] }));
    fresh.steps.push(batch.steps[i] as number);
    fresh.values.push(batch.values[i] as number);
    fresh.times.push(batch.times[i] as number);
  }
  return [...byKey.values()];
}

interface KeyIds {
  /** Key id per point. */
  ids: number[];
  /** Highest stored step per key id (null when the key has none). */
  maxStep: Map<number, number | null>;
}

/** Creates missing keys and locks them, so concurrent batches of a key take turns. */
async function resolveKeys(tx: Tx, runId: string, points: PointColumns): Promise<KeyIds> {
  const distinct = [...new Set(points.keys)];
  const keys = textArray(distinct);
  await tx.execute(
    sql`insert into metric_keys (run_id, key) select ${runId}::uuid, k from unnest(${keys}::text[]) as k on conflict (run_id, key) do nothing`,
  );
  const rows = await queryRows<{ id: number; key: string; max_step: number | null }>(
    tx,
    sql`select id, key, max_step::float8 as max_step from metric_keys where run_id = ${runId}::uuid and key = any(${keys}::text[]) order by id for update`,
  );
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const maxStep = new Map(rows.map((r) => [r.id, r.max_step]));
  const ids = points.keys.map((k) => {
    const row = byKey.get(k);
    if (!row) throw new Error(`metric key ${k} was not resolved`);
    return row.id;
  });
  return { ids, maxStep };
}

/** A missing step is the key's next step: one past the highest seen so far. */
function assignSteps(points: PointColumns, keys: KeyIds): number[] {
  const highest = new Map(keys.maxStep);
  return points.steps.map((step, i) => {
    const id = keys.ids[i] as number;
    const top = highest.get(id) ?? null;
    const assigned = step ?? (top === null ? 0 : top + 1);
    if (top === null || assigned > top) highest.set(id, assigned);
    return assigned;
  });
}

interface KeySummary {
  id: number;
  count: number;
  /** Smallest and largest value other than NaN (null when every value was NaN). */
  min: number | null;
  max: number | null;
  /** The point with the highest step. */
  lastStep: number;
  lastValue: number;
  lastTime: number;
}

/**
 * Summaries per key when every point is certainly new: each key's steps rise through the batch
 * from above its highest stored step (the key rows are locked). Undefined otherwise.
 */
function summariseNewPoints(batch: Batch, keys: KeyIds): KeySummary[] | undefined {
  const byKey = new Map<number, KeySummary>();
  let summary: KeySummary | undefined;
  for (let i = 0; i < batch.steps.length; i++) {
    const id = batch.keyIds[i] as number;
    const step = batch.steps[i] as number;
    const value = batch.values[i] as number;
    if (summary?.id !== id) {
      summary = byKey.get(id);
      if (!summary) {
        const stored = keys.maxStep.get(id) ?? null;
        if (stored !== null && step <= stored) return undefined;
        summary = { id, count: 0, min: null, max: null, lastStep: step - 1, lastValue: value, lastTime: batch.times[i] as number };
        byKey.set(id, summary);
      }
    }
    // Steps rising within each key rule out repeats in the batch; anything else takes the slow path.
    if (step <= summary.lastStep) return undefined;
    summary.count++;
    if (!Number.isNaN(value)) {
      if (summary.min === null || value < summary.min) summary.min = value;
      if (summary.max === null || value > summary.max) summary.max = value;
    }
    summary.lastStep = step;
    summary.lastValue = value;
    summary.lastTime = batch.times[i] as number;
  }
  return [...byKey.values()];
}

/** Inserts the points and folds what was new into each key's summary; returns the indexes of the new points. */
async function insertPoints(tx: Tx, batch: Batch, keys: KeyIds): Promise<number[]> {
  const summaries = summariseNewPoints(batch, keys);
  if (summaries) {
    await insertNewPoints(tx, batch, summaries);
    return batch.steps.map((_, i) => i);
  }
  return insertCountingDuplicates(tx, batch);
}

const pointColumns = (batch: Batch) =>
  sql`${intArray(batch.keyIds)}::int[], ${intArray(batch.steps)}::bigint[], ${intArray(batch.times)}::bigint[], ${floatArray(batch.values)}::float8[]`;

/** The common case, in two statements: a plain set-based insert, then summaries computed here. */
async function insertNewPoints(tx: Tx, batch: Batch, summaries: KeySummary[]): Promise<void> {
  await tx.execute(sql`
    insert into metric_points (run_id, key_id, step, ts, value)
    select ${batch.runId}::uuid, key_id, step, to_timestamp(ms / 1000.0), value
    from unnest(${pointColumns(batch)}) as t(key_id, step, ms, value)`);
  // Every step is above the stored ones, so each key's last point is this batch's.
  await tx.execute(sql`
    update metric_keys k set
      count = k.count + u.n,
      min = least(k.min, nullif(u.lo, 'NaN')),
      max = greatest(k.max, nullif(u.hi, 'NaN')),
      max_step = greatest(k.max_step, u.top),
      last_value = u.value,
      last_time = to_timestamp(u.ms / 1000.0),
      last_step = u.top
    from unnest(
      ${intArray(summaries.map((s) => s.id))}::int[], ${intArray(summaries.map((s) => s.count))}::int[],
      ${floatArray(summaries.map((s) => s.min ?? NaN))}::float8[], ${floatArray(summaries.map((s) => s.max ?? NaN))}::float8[],
      ${intArray(summaries.map((s) => s.lastStep))}::bigint[], ${floatArray(summaries.map((s) => s.lastValue))}::float8[],
      ${intArray(summaries.map((s) => s.lastTime))}::bigint[]
    ) as u(id, n, lo, hi, top, value, ms)
    where k.id = u.id`);
}

/**
 * Out-of-order or repeated steps: the insert skips what is stored (the first value stands) and
 * the summaries fold in only the points that were new. Returns the new points' indexes.
 */
async function insertCountingDuplicates(tx: Tx, batch: Batch): Promise<number[]> {
  const rows = await queryRows<{ ord: number }>(tx, sql`
    with input as (
      select * from unnest(${pointColumns(batch)}) with ordinality as t(key_id, step, ms, value, ord)
    ),
    inserted as (
      insert into metric_points (run_id, key_id, step, ts, value)
      select ${batch.runId}::uuid, key_id, step, to_timestamp(ms / 1000.0), value from input order by ord
      on conflict do nothing
      returning key_id, step, ts, value
    ),
    agg as (
      select key_id, count(*) as n,
        min(value) filter (where value <> 'NaN') as lo, max(value) filter (where value <> 'NaN') as hi, max(step) as top
      from inserted group by key_id
    ),
    latest as (select distinct on (key_id) key_id, step, ts, value from inserted order by key_id, step desc),
    summarised as (
      update metric_keys k set
        count = k.count + agg.n,
        min = least(k.min, agg.lo),
        max = greatest(k.max, agg.hi),
        max_step = greatest(k.max_step, agg.top),
        last_value = case when k.last_step is null or latest.step >= k.last_step then latest.value else k.last_value end,
        last_time = case when k.last_step is null or latest.step >= k.last_step then latest.ts else k.last_time end,
        last_step = greatest(k.last_step, latest.step)
      from agg join latest using (key_id)
      where k.id = agg.key_id
    )
    select min(input.ord)::int as ord from inserted join input using (key_id, step) group by key_id, step order by 1`);
  return rows.map((r) => Number(r.ord) - 1);
}

const nullable = (values: ReadonlyArray<number | null>) => intArray(values);
const nullableFloat = (values: ReadonlyArray<number | null>) => floatArray(values.map((v) => v ?? NaN));

/** Folds the new points into the rollup buckets of every level, merging with what is stored. */
async function upsertRollups(tx: Tx, batch: Batch, indexes: number[]): Promise<void> {
  if (indexes.length === 0) return;
  const byKey = new Map<number, number[]>();
  for (const i of indexes) {
    const id = batch.keyIds[i] as number;
    let list = byKey.get(id);
    if (!list) byKey.set(id, (list = []));
    list.push(i);
  }
  const rows: RollupRow[] = [];
  for (const [keyId, list] of byKey) {
    rows.push(...rollupPoints(keyId, { steps: list.map((i) => batch.steps[i] as number), values: list.map((i) => batch.values[i] as number), times: list.map((i) => batch.times[i] as number) }));
  }
  const col = <K extends keyof RollupRow>(k: K) => rows.map((r) => r[k]);
  await tx.execute(sql`
    insert into metric_rollups as r (run_id, key_id, level, bucket, count,
      first_step, first_value, first_time, last_step, last_value, last_time,
      min_step, min_value, min_time, max_step, max_value, max_time, nan_step, nan_time)
    select ${batch.runId}::uuid, key_id, level, bucket, n,
      first_step, first_value, to_timestamp(first_ms / 1000.0), last_step, last_value, to_timestamp(last_ms / 1000.0),
      min_step, nullif(min_value, 'NaN'), to_timestamp(min_ms / 1000.0), max_step, nullif(max_value, 'NaN'), to_timestamp(max_ms / 1000.0),
      nan_step, to_timestamp(nan_ms / 1000.0)
    from unnest(
      ${intArray(col("keyId"))}::int[], ${intArray(col("level"))}::int[], ${intArray(col("bucket"))}::bigint[], ${intArray(col("count"))}::int[],
      ${intArray(col("firstStep"))}::bigint[], ${floatArray(col("firstValue"))}::float8[], ${intArray(col("firstTime"))}::bigint[],
      ${intArray(col("lastStep"))}::bigint[], ${floatArray(col("lastValue"))}::float8[], ${intArray(col("lastTime"))}::bigint[],
      ${nullable(col("minStep"))}::bigint[], ${nullableFloat(col("minValue"))}::float8[], ${nullable(col("minTime"))}::bigint[],
      ${nullable(col("maxStep"))}::bigint[], ${nullableFloat(col("maxValue"))}::float8[], ${nullable(col("maxTime"))}::bigint[],
      ${nullable(col("nanStep"))}::bigint[], ${nullable(col("nanTime"))}::bigint[]
    ) as u(key_id, level, bucket, n, first_step, first_value, first_ms, last_step, last_value, last_ms,
      min_step, min_value, min_ms, max_step, max_value, max_ms, nan_step, nan_ms)
    on conflict (run_id, key_id, level, bucket) do update set
      count = r.count + excluded.count,
      first_step = case when excluded.first_step < r.first_step then excluded.first_step else r.first_step end,
      first_value = case when excluded.first_step < r.first_step then excluded.first_value else r.first_value end,
      first_time = case when excluded.first_step < r.first_step then excluded.first_time else r.first_time end,
      last_step = case when excluded.last_step > r.last_step then excluded.last_step else r.last_step end,
      last_value = case when excluded.last_step > r.last_step then excluded.last_value else r.last_value end,
      last_time = case when excluded.last_step > r.last_step then excluded.last_time else r.last_time end,
      min_step = case when ${newMin} then excluded.min_step else r.min_step end,
      min_value = case when ${newMin} then excluded.min_value else r.min_value end,
      min_time = case when ${newMin} then excluded.min_time else r.min_time end,
      max_step = case when ${newMax} then excluded.max_step else r.max_step end,
      max_value = case when ${newMax} then excluded.max_value else r.max_value end,
      max_time = case when ${newMax} then excluded.max_time else r.max_time end,
      nan_step = case when ${newNan} then excluded.nan_step else r.nan_step end,
      nan_time = case when ${newNan} then excluded.nan_time else r.nan_time end`);
}

// Merge rules: the lower (higher) value wins, the earlier step on a tie; the earliest NaN wins.
const newMin = sql.raw(
  "excluded.min_value is not null and (r.min_value is null or excluded.min_value < r.min_value or (excluded.min_value = r.min_value and excluded.min_step < r.min_step))",
);
const newMax = sql.raw(
  "excluded.max_value is not null and (r.max_value is null or excluded.max_value > r.max_value or (excluded.max_value = r.max_value and excluded.max_step < r.max_step))",
);
const newNan = sql.raw("excluded.nan_step is not null and (r.nan_step is null or excluded.nan_step < r.nan_step)");
