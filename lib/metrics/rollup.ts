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
  const rows: RollupRow[] = [];
  for (const level of levels) {
    const width = 2 ** level;
    const byBucket = new Map<number, RollupRow>();
    for (let i = 0; i < points.steps.length; i++) {
      const step = points.steps[i] as number;
      const value = points.values[i] as number;
      const time = points.times[i] as number;
      const bucket = Math.floor(step / width);
      let row = byBucket.get(bucket);
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
      row.count++;
      if (step < row.firstStep) Object.assign(row, { firstStep: step, firstValue: value, firstTime: time });
      if (step > row.lastStep) Object.assign(row, { lastStep: step, lastValue: value, lastTime: time });
      if (Number.isNaN(value)) {
        if (row.nanStep === null || step < row.nanStep) Object.assign(row, { nanStep: step, nanTime: time });
        continue;
      }
      if (row.minValue === null || value < row.minValue || (value === row.minValue && step < (row.minStep as number))) {
        Object.assign(row, { minStep: step, minValue: value, minTime: time });
      }
      if (row.maxValue === null || value > row.maxValue || (value === row.maxValue && step < (row.maxStep as number))) {
        Object.assign(row, { maxStep: step, maxValue: value, maxTime: time });
      }
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
