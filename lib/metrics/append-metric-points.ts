import { and, eq, sql } from "drizzle-orm";
import { queryRows, type Database } from "@/lib/db/client";
import { floatArray, intArray, textArray } from "@/lib/db/pg-array";
import { ingestBatches, runs } from "@/lib/db/schema";
import type { Tx } from "@/lib/db/types";
import { AppError } from "@/lib/errors";
import { MAX_POINTS_PER_REQUEST, type PointColumns } from "./metric-input";

export interface AppendResult {
  accepted: number;
  duplicates: number;
  /** True when this batch id was committed before and nothing was written now. */
  replayed: boolean;
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
        return { accepted: prior?.accepted ?? 0, duplicates: prior?.duplicates ?? 0, replayed: true };
      }
    }
    const keyIds = await resolveKeys(tx, input.runId, points);
    const steps = assignSteps(points, keyIds);
    const accepted = await insertPoints(tx, input.runId, keyIds, steps, points);
    const duplicates = total - accepted;
    await tx.update(runs).set({ lastSeenAt: sql`now()` }).where(eq(runs.id, input.runId));
    if (input.batchId !== undefined) {
      await tx
        .update(ingestBatches)
        .set({ accepted, duplicates })
        .where(and(eq(ingestBatches.runId, input.runId), eq(ingestBatches.batchId, input.batchId)));
    }
    return { accepted, duplicates, replayed: false };
  });
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
  lastTime: Date | null;
}

/**
 * Summaries per key when every point is certainly new: each step lies above its key's highest
 * stored step (the key rows are locked) and appears once in the batch. Undefined otherwise.
 */
function summariseNewPoints(keys: KeyIds, steps: number[], points: PointColumns): KeySummary[] | undefined {
  const byKey = new Map<number, KeySummary>();
  const seen = new Map<number, Set<number>>();
  for (let i = 0; i < steps.length; i++) {
    const id = keys.ids[i] as number;
    const step = steps[i] as number;
    const stored = keys.maxStep.get(id) ?? null;
    if (stored !== null && step <= stored) return undefined;
    let summary = byKey.get(id);
    if (!summary) {
      summary = { id, count: 0, min: null, max: null, lastStep: step, lastValue: points.values[i] as number, lastTime: points.times[i] ?? null };
      byKey.set(id, summary);
      seen.set(id, new Set());
    }
    const stepsOfKey = seen.get(id) as Set<number>;
    if (stepsOfKey.has(step)) return undefined;
    stepsOfKey.add(step);
    const value = points.values[i] as number;
    summary.count++;
    if (!Number.isNaN(value)) {
      if (summary.min === null || value < summary.min) summary.min = value;
      if (summary.max === null || value > summary.max) summary.max = value;
    }
    if (step >= summary.lastStep) {
      summary.lastStep = step;
      summary.lastValue = value;
      summary.lastTime = points.times[i] ?? null;
    }
  }
  return [...byKey.values()];
}

/** Epoch milliseconds, NULL where the point had no time (the server's time is used). */
const epochMs = (times: ReadonlyArray<Date | null>) => intArray(times.map((t) => (t === null ? null : t.getTime())));

/** Inserts the points and folds what was new into each key's summary; returns how many were new. */
async function insertPoints(tx: Tx, runId: string, keys: KeyIds, steps: number[], points: PointColumns): Promise<number> {
  const summaries = summariseNewPoints(keys, steps, points);
  if (summaries) {
    await insertNewPoints(tx, runId, keys.ids, steps, points, summaries);
    return steps.length;
  }
  return insertCountingDuplicates(tx, runId, keys.ids, steps, points);
}

/** The common case, in two statements: a plain set-based insert, then summaries computed here. */
async function insertNewPoints(tx: Tx, runId: string, keyIds: number[], steps: number[], points: PointColumns, summaries: KeySummary[]): Promise<void> {
  await tx.execute(sql`
    insert into metric_points (run_id, key_id, step, ts, value)
    select ${runId}::uuid, key_id, step, coalesce(to_timestamp(ms / 1000.0), now()), value
    from unnest(${intArray(keyIds)}::int[], ${intArray(steps)}::bigint[], ${epochMs(points.times)}::bigint[], ${floatArray(points.values)}::float8[])
      as t(key_id, step, ms, value)`);
  // Every step is above the stored ones, so each key's last point is this batch's.
  await tx.execute(sql`
    update metric_keys k set
      count = k.count + u.n,
      min = least(k.min, nullif(u.lo, 'NaN')),
      max = greatest(k.max, nullif(u.hi, 'NaN')),
      max_step = greatest(k.max_step, u.top),
      last_value = u.value,
      last_time = coalesce(to_timestamp(u.ms / 1000.0), now()),
      last_step = u.top
    from unnest(
      ${intArray(summaries.map((s) => s.id))}::int[], ${intArray(summaries.map((s) => s.count))}::int[],
      ${floatArray(summaries.map((s) => s.min ?? NaN))}::float8[], ${floatArray(summaries.map((s) => s.max ?? NaN))}::float8[],
      ${intArray(summaries.map((s) => s.lastStep))}::bigint[], ${floatArray(summaries.map((s) => s.lastValue))}::float8[],
      ${epochMs(summaries.map((s) => s.lastTime))}::bigint[]
    ) as u(id, n, lo, hi, top, value, ms)
    where k.id = u.id`);
}

/**
 * Out-of-order or repeated steps: the insert skips what is stored (the first value stands) and
 * the summaries fold in only the points that were new.
 */
async function insertCountingDuplicates(tx: Tx, runId: string, keyIds: number[], steps: number[], points: PointColumns): Promise<number> {
  const rows = await queryRows<{ n: number }>(tx, sql`
    with input as (
      select * from unnest(${intArray(keyIds)}::int[], ${intArray(steps)}::bigint[], ${epochMs(points.times)}::bigint[], ${floatArray(points.values)}::float8[])
        with ordinality as t(key_id, step, ms, value, ord)
    ),
    inserted as (
      insert into metric_points (run_id, key_id, step, ts, value)
      select ${runId}::uuid, key_id, step, coalesce(to_timestamp(ms / 1000.0), now()), value from input order by ord
      on conflict do nothing
      returning key_id, step, ts, value
    ),
    agg as (
      select key_id, count(*) as n,
        min(value) filter (where value <> 'NaN') as lo, max(value) filter (where value <> 'NaN') as hi, max(step) as top
      from inserted group by key_id
    ),
    latest as (select distinct on (key_id) key_id, step, ts, value from inserted order by key_id, step desc)
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
    returning agg.n::int as n`);
  return rows.reduce((sum, r) => sum + Number(r.n), 0);
}
