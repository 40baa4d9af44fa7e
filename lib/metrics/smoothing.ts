/**
 * Smoothing of metric curves, as charts apply it to the points they draw.
 *
 * Non-finite values: a NaN or ±Infinity input is passed through unchanged at its position
 * (a NaN stays a gap in the line, an infinity stays off the chart) and never enters an
 * average — the EMA's state and the moving-average windows skip it, so one NaN does not
 * poison the rest of the curve.
 */

/** How a curve is smoothed; the parameters are what the chart shows beside the curve. */
export type Smoothing =
  | { kind: "none" }
  /** Exponential moving average with TensorBoard/W&B-style debiasing; `weight` in [0, 1). */
  | { kind: "ema"; weight: number }
  /** Mean over `window` points, centered on each point or trailing it (the point and the ones before). */
  | { kind: "moving-average"; window: number; align: "centered" | "trailing" };

/** The largest EMA weight honoured: at 1 the curve would never move from its first value. */
export const MAX_EMA_WEIGHT = 0.999;
/** The widest moving-average window honoured, in points. */
export const MAX_WINDOW = 10_000;

/**
 * Exponential moving average, debiased so the first points are not dragged towards zero:
 * `s_t = w·s_{t-1} + (1-w)·x_t`, shown as `s_t / (1 - w^n)` where n counts the finite
 * points so far. Weight 0 returns the values unchanged.
 */
export function emaSmooth(values: readonly number[], weight: number): number[] {
  const w = Math.min(Math.max(Number.isFinite(weight) ? weight : 0, 0), MAX_EMA_WEIGHT);
  const out = new Array<number>(values.length);
  let last = 0;
  let count = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    last = last * w + (1 - w) * x;
    count++;
    out[i] = w === 0 ? x : last / (1 - w ** count);
  }
  return out;
}

/**
 * Mean of the finite values in a window of `window` points around each point: centered
 * (an even window leans one point ahead) or trailing. At the edges the window is cut short,
 * so the mean is over the points that exist.
 */
export function movingAverage(values: readonly number[], window: number, align: "centered" | "trailing"): number[] {
  const size = Math.min(Math.max(Math.floor(Number.isFinite(window) ? window : 1), 1), MAX_WINDOW);
  const before = align === "trailing" ? size - 1 : Math.floor((size - 1) / 2);
  const after = size - 1 - before;
  // Prefix sums of finite values and of how many there are make every window O(1).
  const sums = new Float64Array(values.length + 1);
  const counts = new Uint32Array(values.length + 1);
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const finite = Number.isFinite(x);
    sums[i + 1] = (sums[i] as number) + (finite ? x : 0);
    counts[i + 1] = (counts[i] as number) + (finite ? 1 : 0);
  }
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    if (!Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    const lo = Math.max(0, i - before);
    const hi = Math.min(values.length, i + after + 1);
    const n = (counts[hi] as number) - (counts[lo] as number);
    // n ≥ 1: the window holds the finite point itself.
    out[i] = ((sums[hi] as number) - (sums[lo] as number)) / n;
  }
  return out;
}

/** The values smoothed as `smoothing` says; a copy, never the input array. */
export function smooth(values: readonly number[], smoothing: Smoothing): number[] {
  switch (smoothing.kind) {
    case "none":
      return [...values];
    case "ema":
      return emaSmooth(values, smoothing.weight);
    case "moving-average":
      return movingAverage(values, smoothing.window, smoothing.align);
  }
}

/**
 * Whether appending points leaves the smoothed values of earlier points unchanged, so a
 * live chart may extend the smoothed curve instead of recomputing it.
 */
export function isPrefixStable(smoothing: Smoothing): boolean {
  return smoothing.kind !== "moving-average" || smoothing.align === "trailing";
}

/** A short label of the smoothing and its parameters, e.g. "EMA 0.6" or "MA 10, centered". */
export function describeSmoothing(smoothing: Smoothing): string {
  switch (smoothing.kind) {
    case "none":
      return "no smoothing";
    case "ema":
      return `EMA ${smoothing.weight}`;
    case "moving-average":
      return `MA ${smoothing.window}, ${smoothing.align}`;
  }
}
