/** Points of one series in step order: parallel columns, times in epoch milliseconds. */
export interface SeriesColumns {
  steps: number[];
  values: number[];
  times: number[];
}

/** Per bucket: the steps it covers and its lowest and highest value (NaN when it holds only NaN). */
export interface Band {
  fromStep: number[];
  toStep: number[];
  min: number[];
  max: number[];
}

export interface DownsampleOptions {
  /** Number of buckets; the result keeps at most 5 points per bucket (usually 4). */
  buckets: number;
  /** The step range the buckets divide evenly (inclusive). */
  from: number;
  to: number;
}

interface Bucket {
  first: number;
  last: number;
  /** Indexes of the lowest and highest value other than NaN; -1 when there is none. */
  low: number;
  high: number;
  /** Index of the first NaN, kept so a divergence shows even when downsampled. */
  nan: number;
}

/**
 * M4 downsampling: the step range is cut into equal buckets and each keeps its first, last,
 * lowest and highest point (and its first NaN), so no spike, dip or divergence is ever lost
 * and the line between buckets is drawn as the raw data would be. Input must be in ascending
 * step order; the output is too.
 */
export function downsampleM4(points: SeriesColumns, options: DownsampleOptions): { points: SeriesColumns; band: Band } {
  const buckets = Math.max(1, Math.floor(options.buckets));
  const span = Math.max(1, options.to - options.from + 1);
  const byBucket = new Map<number, Bucket>();
  const order: number[] = [];
  for (let i = 0; i < points.steps.length; i++) {
    const step = points.steps[i] as number;
    const b = Math.min(buckets - 1, Math.max(0, Math.floor(((step - options.from) * buckets) / span)));
    let bucket = byBucket.get(b);
    if (!bucket) {
      bucket = { first: i, last: i, low: -1, high: -1, nan: -1 };
      byBucket.set(b, bucket);
      order.push(b);
    }
    bucket.last = i;
    const value = points.values[i] as number;
    if (Number.isNaN(value)) {
      if (bucket.nan < 0) bucket.nan = i;
    } else {
      if (bucket.low < 0 || value < (points.values[bucket.low] as number)) bucket.low = i;
      if (bucket.high < 0 || value > (points.values[bucket.high] as number)) bucket.high = i;
    }
  }
  const kept: number[] = [];
  const band: Band = { fromStep: [], toStep: [], min: [], max: [] };
  for (const b of order) {
    const bucket = byBucket.get(b) as Bucket;
    const picks = [bucket.first, bucket.low, bucket.high, bucket.nan, bucket.last].filter((i) => i >= 0).sort((x, y) => x - y);
    for (let j = 0; j < picks.length; j++) if (j === 0 || picks[j] !== picks[j - 1]) kept.push(picks[j] as number);
    band.fromStep.push(points.steps[bucket.first] as number);
    band.toStep.push(points.steps[bucket.last] as number);
    band.min.push(bucket.low < 0 ? NaN : (points.values[bucket.low] as number));
    band.max.push(bucket.high < 0 ? NaN : (points.values[bucket.high] as number));
  }
  return {
    points: { steps: kept.map((i) => points.steps[i] as number), values: kept.map((i) => points.values[i] as number), times: kept.map((i) => points.times[i] as number) },
    band,
  };
}
