import { and, eq, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@/lib/db/client";
import { metricKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { downsampleM4, type SeriesColumns } from "./downsample";
import { encodeValue } from "./metric-input";
import { coverRange, rollupRowPoints, type RangePart } from "./rollup";

export const metricSeriesQuery = z
  .object({
    maxPoints: z.coerce.number().int("must be an integer").min(8, "must be at least 8").max(100_000, "must be at most 100000").default(2000),
    fromStep: z.coerce.number().int("must be an integer").min(0, "must not be negative").optional(),
    toStep: z.coerce.number().int("must be an integer").min(0, "must not be negative").optional(),
    /** Only points logged at or before this time (a frozen chart); an ISO date-time. */
    until: z.iso.datetime({ offset: true, error: "must be an ISO date-time, e.g. 2026-01-31T12:00:00Z" }).optional(),
  })
  .refine((q) => q.fromStep === undefined || q.toStep === undefined || q.fromStep <= q.toStep, { message: "fromStep must not exceed toStep", path: ["fromStep"] });
export type MetricSeriesQuery = z.infer<typeof metricSeriesQuery>;

type Value = number | "NaN" | "Infinity" | "-Infinity";

export interface MetricSeries {
  key: string;
  steps: number[];
  values: Value[];
  timestamps: string[];
  /** True when buckets replaced raw points; each bucket keeps its first, last, min and max point. */
  downsampled: boolean;
  /** Per bucket: step range and the min and max value, for drawing a band. */
  band: { fromStep: number[]; toStep: number[]; min: Value[]; max: Value[] } | null;
  /** Points stored in the requested range. */
  total: number;
}

/**
 * One key's points in a step range: raw when at most `maxPoints`, otherwise M4 buckets (each
 * keeps its first, last, lowest and highest point, and its first NaN) so no spike is ever
 * lost. Long ranges read the rollups kept at ingestion instead of every point, so the cost
 * does not grow with the length of the series.
 */
export async function getMetricSeries(db: Db, input: MetricSeriesQuery & { runId: string; key: string }): Promise<MetricSeries> {
  const [keyRow] = await db
    .select({ id: metricKeys.id, maxStep: metricKeys.maxStep })
    .from(metricKeys)
    .where(and(eq(metricKeys.runId, input.runId), eq(metricKeys.key, input.key)));
  if (!keyRow) throw notFound(`The run has no metric "${input.key}".`);
  const empty: MetricSeries = { key: input.key, steps: [], values: [], timestamps: [], downsampled: false, band: null, total: 0 };
  const from = input.fromStep ?? 0;
  let to = Math.min(input.toStep ?? Number.MAX_SAFE_INTEGER, keyRow.maxStep ?? -1);
  if (input.until !== undefined && to >= from) to = Math.min(to, await lastStepLoggedBy(db, { runId: input.runId, keyId: keyRow.id }, input.until));
  if (to < from) return empty;

  const buckets = Math.max(1, Math.floor(input.maxPoints / 4));
  const parts = coverRange(from, to, Math.floor((to - from + 1) / buckets));
  const series = { runId: input.runId, keyId: keyRow.id };
  const [rollups, raw] = await Promise.all([readRollups(db, series, parts), readPoints(db, series, parts)]);
  const total = rollups.total + raw.steps.length;
  if (total === 0) return empty;
  if (total <= input.maxPoints) {
    const all = rollups.total === 0 ? raw : await readPoints(db, series, [{ level: null, fromStep: from, toStep: to }]);
    return { ...empty, ...encode(all), total };
  }
  const merged = mergeByStep(rollups.points, raw);
  const { points, band } = downsampleM4(merged, { buckets, from: merged.steps[0] ?? from, to: merged.steps.at(-1) ?? to });
  return {
    ...empty,
    ...encode(points),
    downsampled: true,
    band: { fromStep: band.fromStep, toStep: band.toStep, min: band.min.map((v) => encodeValue(v)), max: band.max.map((v) => encodeValue(v)) },
    total,
  };
}

interface SeriesId {
  runId: string;
  keyId: number;
}

const encode = (points: SeriesColumns) => ({
  steps: points.steps,
  values: points.values.map((v) => encodeValue(v)),
  timestamps: points.times.map((ms) => new Date(ms).toISOString()),
});

/**
 * The highest step of a series logged at or before `until` (-1 if none): a frozen chart ends
 * there. Steps are logged in rising order, so the history up to that step is what was on
 * screen at that time.
 */
async function lastStepLoggedBy(db: Db, series: SeriesId, until: string): Promise<number> {
  const [row] = await queryRows<{ step: number | null }>(db, sql`
    select max(step)::float8 as step from metric_points
    where run_id = ${series.runId}::uuid and key_id = ${series.keyId} and ts <= ${until}::timestamptz`);
  return row?.step ?? -1;
}

const anyOf = (conditions: SQL[]) => sql.join(conditions, sql` or `);

/** The points standing for the rollup parts of the range, and how many points those parts hold. */
async function readRollups(db: Db, series: SeriesId, parts: RangePart[]): Promise<{ points: SeriesColumns; total: number }> {
  const wanted = parts.flatMap((p) => (p.level === null ? [] : [sql`(level = ${p.level} and bucket between ${p.fromBucket} and ${p.toBucket})`]));
  const points: SeriesColumns = { steps: [], values: [], times: [] };
  if (wanted.length === 0) return { points, total: 0 };
  const rows = await queryRows<RollupPointsRow>(db, sql`
    select count, first_step::float8 as "firstStep", first_value as "firstValue", ${ms(sql`first_time`)} as "firstTime",
      last_step::float8 as "lastStep", last_value as "lastValue", ${ms(sql`last_time`)} as "lastTime",
      min_step::float8 as "minStep", min_value as "minValue", ${ms(sql`min_time`)} as "minTime",
      max_step::float8 as "maxStep", max_value as "maxValue", ${ms(sql`max_time`)} as "maxTime",
      nan_step::float8 as "nanStep", ${ms(sql`nan_time`)} as "nanTime"
    from metric_rollups where run_id = ${series.runId}::uuid and key_id = ${series.keyId} and (${anyOf(wanted)})`);
  let total = 0;
  const expanded: Array<[number, number, number]> = [];
  for (const row of rows) {
    total += row.count;
    expanded.push(...rollupRowPoints(row));
  }
  expanded.sort((a, b) => a[0] - b[0]);
  for (const [step, value, time] of expanded) {
    if (points.steps.at(-1) === step) continue;
    points.steps.push(step);
    points.values.push(value);
    points.times.push(time);
  }
  return { points, total };
}

type RollupPointsRow = Parameters<typeof rollupRowPoints>[0] & { count: number };

const ms = (column: SQL) => sql`(extract(epoch from ${column}) * 1000)::float8`;

/** Every stored point in the raw parts of the range, in step order. */
async function readPoints(db: Db, series: SeriesId, parts: RangePart[]): Promise<SeriesColumns> {
  const wanted = parts.flatMap((p) => (p.level === null ? [sql`step between ${p.fromStep} and ${p.toStep}`] : []));
  const points: SeriesColumns = { steps: [], values: [], times: [] };
  if (wanted.length === 0) return points;
  const rows = await queryRows<{ step: number; value: number; ms: number }>(db, sql`
    select step::float8 as step, value, ${ms(sql`ts`)} as ms
    from metric_points where run_id = ${series.runId}::uuid and key_id = ${series.keyId} and (${anyOf(wanted)})
    order by step`);
  for (const r of rows) {
    points.steps.push(r.step);
    points.values.push(r.value);
    points.times.push(r.ms);
  }
  return points;
}

/** Two step-ordered series over disjoint step ranges, as one. */
function mergeByStep(a: SeriesColumns, b: SeriesColumns): SeriesColumns {
  const out: SeriesColumns = { steps: [], values: [], times: [] };
  let i = 0;
  let j = 0;
  while (i < a.steps.length || j < b.steps.length) {
    const takeA = j >= b.steps.length || (i < a.steps.length && (a.steps[i] as number) <= (b.steps[j] as number));
    const [from, k] = takeA ? [a, i++] : [b, j++];
    out.steps.push(from.steps[k] as number);
    out.values.push(from.values[k] as number);
    out.times.push(from.times[k] as number);
  }
  return out;
}
