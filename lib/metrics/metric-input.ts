import { z } from "zod";

/** Most points one request may carry. */
export const MAX_POINTS_PER_REQUEST = 100_000;

/** A metric key: 1–250 printable characters, e.g. `val/loss`. */
export const metricKey = z
  .string()
  .min(1, "must not be empty")
  .max(250, "must be at most 250 characters")
  .refine((k) => !hasControlCharacter(k), "must not contain control characters");

function hasControlCharacter(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) return true;
  }
  return false;
}

/** A numeric value; JSON has no NaN or infinities, so they travel as strings. */
export const metricValue = z.union(
  [z.number(), z.enum(["NaN", "Infinity", "-Infinity"])],
  { error: 'must be a number or one of "NaN", "Infinity", "-Infinity"' },
);

export const metricStep = z
  .number()
  .int("must be an integer")
  .min(0, "must not be negative")
  .max(Number.MAX_SAFE_INTEGER, "is too large");

/** Milliseconds since the Unix epoch, or an ISO-8601 string. */
export const metricTimestamp = z.union([z.number().finite().min(0), z.iso.datetime({ offset: true })], {
  error: "must be milliseconds since the epoch or an ISO-8601 time",
});

const batchId = z.string().min(1, "must not be empty").max(128, "must be at most 128 characters");

const rowsInput = z.object({
  batchId: batchId.optional(),
  points: z
    .array(z.object({ key: metricKey, step: metricStep.optional(), value: metricValue, ts: metricTimestamp.optional() }))
    .min(1, "must contain at least one point"),
});

const columnsInput = z.object({
  batchId: batchId.optional(),
  series: z
    .array(
      z
        .object({
          key: metricKey,
          steps: z.array(metricStep).optional(),
          values: z.array(metricValue).min(1, "must contain at least one value"),
          timestamps: z.array(metricTimestamp).optional(),
        })
        .refine((s) => s.steps === undefined || s.steps.length === s.values.length, { message: "steps and values must have the same length", path: ["steps"] })
        .refine((s) => s.timestamps === undefined || s.timestamps.length === s.values.length, {
          message: "timestamps and values must have the same length",
          path: ["timestamps"],
        }),
    )
    .min(1, "must contain at least one series"),
});

/**
 * The body of `POST /runs/:id/metrics`: rows or columns. The shape is chosen by its field
 * (`series` or `points`), so errors name the exact field instead of "no union member matched".
 */
export const appendMetricsInput = z
  .unknown()
  .transform((body, ctx): z.infer<typeof rowsInput> | z.infer<typeof columnsInput> => {
    const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
    if (!isObject || (!("points" in body) && !("series" in body))) {
      ctx.addIssue({ code: "custom", message: "send {points:[{key, step?, value, ts?}]} or {series:[{key, steps?, values, timestamps?}]}" });
      return z.NEVER;
    }
    const result = ("series" in body ? columnsInput : rowsInput).safeParse(body);
    if (result.success) return result.data;
    for (const issue of result.error.issues) ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
    return z.NEVER;
  });
export type AppendMetricsInput = z.infer<typeof appendMetricsInput>;

/** Points flattened into columns, in request order. */
export interface PointColumns {
  keys: string[];
  steps: (number | null)[];
  values: number[];
  times: (Date | null)[];
}

const toNumber = (v: z.infer<typeof metricValue>) => (typeof v === "number" ? v : Number(v));
const toDate = (t: z.infer<typeof metricTimestamp> | undefined) => (t === undefined ? null : new Date(t));

/** Counts the points of a request without building them (to refuse oversize early). */
export function countPoints(input: AppendMetricsInput): number {
  return "points" in input ? input.points.length : input.series.reduce((n, s) => n + s.values.length, 0);
}

/** Flattens rows or columns into one column set. */
export function toPointColumns(input: AppendMetricsInput): PointColumns {
  const out: PointColumns = { keys: [], steps: [], values: [], times: [] };
  if ("points" in input) {
    for (const p of input.points) {
      out.keys.push(p.key);
      out.steps.push(p.step ?? null);
      out.values.push(toNumber(p.value));
      out.times.push(toDate(p.ts));
    }
    return out;
  }
  for (const s of input.series) {
    s.values.forEach((v, i) => {
      out.keys.push(s.key);
      out.steps.push(s.steps?.[i] ?? null);
      out.values.push(toNumber(v));
      out.times.push(toDate(s.timestamps?.[i]));
    });
  }
  return out;
}

/** A stored value for JSON output: non-finite numbers travel as strings, as they came in. */
export function encodeValue(v: number): number | "NaN" | "Infinity" | "-Infinity";
export function encodeValue(v: number | null): number | "NaN" | "Infinity" | "-Infinity" | null;
export function encodeValue(v: number | null): number | "NaN" | "Infinity" | "-Infinity" | null {
  if (v === null || Number.isFinite(v)) return v;
  return Number.isNaN(v) ? "NaN" : v > 0 ? "Infinity" : "-Infinity";
}
