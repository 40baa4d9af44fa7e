import { and, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { queryRows, type Db } from "@/lib/db/client";
import { metricKeys } from "@/lib/db/schema";
import { notFound } from "@/lib/errors";
import { encodeValue } from "./metric-input";

export const metricSeriesQuery = z
  .object({
    maxPoints: z.coerce.number().int("must be an integer").min(8, "must be at least 8").max(100_000, "must be at most 100000").default(2000),
    fromStep: z.coerce.number().int("must be an integer").min(0, "must not be negative").optional(),
    toStep: z.coerce.number().int("must be an integer").min(0, "must not be negative").optional(),
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
 * One key's points in a step range: raw when at most `maxPoints`, otherwise M4-style
 * buckets over the step range, each keeping its first, last, min and max point, so no
 * spike is ever lost.
 */
export async function getMetricSeries(db: Db, input: MetricSeriesQuery & { runId: string; key: string }): Promise<MetricSeries> {
  const [keyRow] = await db
    .select({ id: metricKeys.id, maxStep: metricKeys.maxStep })
    .from(metricKeys)
    .where(and(eq(metricKeys.runId, input.runId), eq(metricKeys.key, input.key)));
  if (!keyRow) throw notFound(`The run has no metric "${input.key}".`);
  const from = input.fromStep ?? 0;
  const to = input.toStep ?? keyRow.maxStep ?? 0;
  const range = sql`run_id = ${input.runId}::uuid and key_id = ${keyRow.id} and step between ${from} and ${to}`;
  const [count] = await queryRows<{ n: number; lo: number | null; hi: number | null }>(
    db,
    sql`select count(*)::float8 as n, min(step)::float8 as lo, max(step)::float8 as hi from metric_points where ${range}`,
  );
  const total = count?.n ?? 0;
  const series: MetricSeries = { key: input.key, steps: [], values: [], timestamps: [], downsampled: false, band: null, total };
  if (total === 0) return series;

  if (total <= input.maxPoints) {
    const rows = await queryRows<{ step: number; value: number; ts: string }>(
      db,
      sql`select step::float8 as step, value, ts::text as ts from metric_points where ${range} order by step`,
    );
    for (const r of rows) push(series, r);
    return series;
  }

  const buckets = Math.max(1, Math.floor(input.maxPoints / 4));
  const lo = count?.lo ?? from;
  const hi = (count?.hi ?? to) + 1;
  const rows = await queryRows<{ b: number; step: number; value: number; ts: string; bmin: number; bmax: number; bfrom: number; bto: number; first: boolean }>(
    db,
    sql`select b, step::float8 as step, value, ts::text as ts, bmin, bmax, bfrom::float8 as bfrom, bto::float8 as bto, rf = 1 as first from (
          select b, step, value, ts,
            row_number() over (partition by b order by step) as rf,
            row_number() over (partition by b order by step desc) as rl,
            row_number() over (partition by b order by value, step) as rlo,
            row_number() over (partition by b order by value desc, step) as rhi,
            min(value) over (partition by b) as bmin, max(value) over (partition by b) as bmax,
            min(step) over (partition by b) as bfrom, max(step) over (partition by b) as bto
          from (select width_bucket(step, ${lo}, ${hi}, ${buckets}) as b, step, value, ts from metric_points where ${range}) p
        ) x
        where rf = 1 or rl = 1 or rlo = 1 or rhi = 1
        order by step`,
  );
  const band: NonNullable<MetricSeries["band"]> = { fromStep: [], toStep: [], min: [], max: [] };
  for (const r of rows) {
    push(series, r);
    if (r.first) {
      band.fromStep.push(r.bfrom);
      band.toStep.push(r.bto);
      band.min.push(encodeValue(r.bmin));
      band.max.push(encodeValue(r.bmax));
    }
  }
  return { ...series, downsampled: true, band };
}

function push(series: MetricSeries, r: { step: number; value: number; ts: string }) {
  series.steps.push(r.step);
  series.values.push(encodeValue(r.value));
  series.timestamps.push(new Date(r.ts).toISOString());
}
