import type { SeriesColumns } from "./downsample";

/**
 * Rollup levels: a level-L bucket covers 2^L consecutive steps. Levels 8× apart keep the rows
 * any chart query reads under about 8 per output bucket (plus the ragged ends) whatever the
 * length of the series, while the upkeep per batch stays near 1/64 of its points.
 */
export const ROLLUP_LEVELS = [6, 9, 12, 15, 18] as const;

/** One bucket's extremes; min/max leave NaN out (null when the bucket holds only NaN). */
export interface RollupRow {
  keyId: number;
  level: number;
  bucket: number;
  count: number;
  firstStep: number;
  firstValue: number;
  firstTime: number;
  lastStep: number;
  lastValue: number;
  lastTime: number;
  minStep: number | null;
  minValue: number | null;
  minTime: number | null;
  maxStep: number | null;
  maxValue: number | null;
  maxTime: number | null;
  nanStep: number | null;
  nanTime: number | null;
}

/** Rolls new points of one key (in any step order, each step once) up into buckets of every level. */
export function rollupPoints(keyId: number, points: SeriesColumns, levels: readonly number[] = ROLLUP_LEVELS): RollupRow[] {
  const sorted = [...levels].sort((a, b) => a - b);
  const finest = sorted[0];
  if (finest === undefined) return [];
  // Points are visited once, into the finest buckets; coarser buckets merge finer rows.
  let current = rollupLevel(keyId, finest, points);
  const rows = [...current];
  for (const level of sorted.slice(1)) {
    current = mergeRows(current, level);
    rows.push(...current);
  }
  return rows;
}

function rollupLevel(keyId: number, level: number, points: SeriesColumns): RollupRow[] {
  const width = 2 ** level;
  const rows: RollupRow[] = [];
  const byBucket = new Map<number, RollupRow>();
  let row: RollupRow | undefined;
  for (let i = 0; i < points.steps.length; i++) {
    const step = points.steps[i] as number;
    const value = points.values[i] as number;
    const time = points.times[i] as number;
    const bucket = Math.floor(step / width);
    if (row?.bucket !== bucket) {
      row = byBucket.get(bucket);
      if (!row) {
        row = {
          keyId, level, bucket, count: 0,
          firstStep: step, firstValue: value, firstTime: time,
          lastStep: step, lastValue: value, lastTime: time,
          minStep: null, minValue: null, minTime: null,
          maxStep: null, maxValue: null, maxTime: null,
          nanStep: null, nanTime: null,
        };
        byBucket.set(bucket, row);
        rows.push(row);
      }
    }
    row.count++;
    if (step < row.firstStep) {
      row.firstStep = step;
      row.firstValue = value;
      row.firstTime = time;
    }
    if (step > row.lastStep) {
      row.lastStep = step;
      row.lastValue = value;
      row.lastTime = time;
    }
    if (Number.isNaN(value)) {
      if (row.nanStep === null || step < row.nanStep) {
        row.nanStep = step;
        row.nanTime = time;
      }
      continue;
    }
    if (row.minValue === null || value < row.minValue || (value === row.minValue && step < (row.minStep as number))) {
      row.minStep = step;
      row.minValue = value;
      row.minTime = time;
    }
    if (row.maxValue === null || value > row.maxValue || (value === row.maxValue && step < (row.maxStep as number))) {
      row.maxStep = step;
      row.maxValue = value;
      row.maxTime = time;
    }
  }
  return rows;
}

/** Rows of a finer level merged into buckets of `level`, with the same rules as for points. */
function mergeRows(finer: RollupRow[], level: number): RollupRow[] {
  const rows: RollupRow[] = [];
  const byBucket = new Map<number, RollupRow>();
  for (const f of finer) {
    const bucket = Math.floor(f.firstStep / 2 ** level);
    const row = byBucket.get(bucket);
    if (!row) {
      const copy = { ...f, level, bucket };
      byBucket.set(bucket, copy);
      rows.push(copy);
      continue;
    }
    row.count += f.count;
    if (f.firstStep < row.firstStep) Object.assign(row, { firstStep: f.firstStep, firstValue: f.firstValue, firstTime: f.firstTime });
    if (f.lastStep > row.lastStep) Object.assign(row, { lastStep: f.lastStep, lastValue: f.lastValue, lastTime: f.lastTime });
    if (f.nanStep !== null && (row.nanStep === null || f.nanStep < row.nanStep)) Object.assign(row, { nanStep: f.nanStep, nanTime: f.nanTime });
    if (f.minValue !== null && (row.minValue === null || f.minValue < row.minValue || (f.minValue === row.minValue && (f.minStep as number) < (row.minStep as number)))) {
      Object.assign(row, { minStep: f.minStep, minValue: f.minValue, minTime: f.minTime });
    }
    if (f.maxValue !== null && (row.maxValue === null || f.maxValue > row.maxValue || (f.maxValue === row.maxValue && (f.maxStep as number) < (row.maxStep as number)))) {
      Object.assign(row, { maxStep: f.maxStep, maxValue: f.maxValue, maxTime: f.maxTime });
    }
  }
  return rows;
}

/** The points a rollup row stands for in a downsampled series: first, lowest, highest, first NaN, last. */
export function rollupRowPoints(row: Omit<RollupRow, "keyId" | "level" | "bucket" | "count">): Array<[step: number, value: number, time: number]> {
  const points: Array<[number, number, number]> = [[row.firstStep, row.firstValue, row.firstTime]];
  if (row.minStep !== null) points.push([row.minStep, row.minValue as number, row.minTime as number]);
  if (row.maxStep !== null) points.push([row.maxStep, row.maxValue as number, row.maxTime as number]);
  if (row.nanStep !== null) points.push([row.nanStep, NaN, row.nanTime as number]);
  points.push([row.lastStep, row.lastValue, row.lastTime]);
  return points;
}

export type RangePart = { level: number; fromBucket: number; toBucket: number } | { level: null; fromStep: number; toStep: number };

/**
 * Splits the step range [from, to] into disjoint parts, in step order: whole buckets of the
 * coarsest level whose buckets are at most `maxWidth` steps wide, whole buckets of finer levels
 * at the ragged ends, and raw step ranges (level null) where not even a finest bucket fits.
 */
export function coverRange(from: number, to: number, maxWidth: number, levels: readonly number[] = ROLLUP_LEVELS): RangePart[] {
  const usable = [...levels].sort((a, b) => a - b).filter((level) => 2 ** level <= maxWidth);
  const parts: RangePart[] = [];
  const cover = (lo: number, hi: number, index: number) => {
    if (lo > hi) return;
    const level = usable[index];
    if (level === undefined) {
      parts.push({ level: null, fromStep: lo, toStep: hi });
      return;
    }
    const width = 2 ** level;
    const fromBucket = Math.ceil(lo / width);
    const toBucket = Math.floor((hi + 1) / width) - 1;
    if (fromBucket > toBucket) {
      cover(lo, hi, index - 1);
      return;
    }
    cover(lo, fromBucket * width - 1, index - 1);
    parts.push({ level, fromBucket, toBucket });
    cover((toBucket + 1) * width, hi, index - 1);
  };
  cover(from, to, usable.length - 1);
  return parts;
}
