/** One line on a chart: one run's values of one metric key (or one group's mean). */
export interface ChartSeries {
  /** Stable across redraws (a run id, or a group's value). */
  id: string;
  /** Shown in the legend and on hover. */
  label: string;
  /** Any CSS colour; theme variables such as `var(--chart-2)` included. */
  color: string;
  /** Ascending. */
  steps: readonly number[];
  /** One per step; NaN and ±Infinity are kept (drawn as gaps). */
  values: readonly number[];
  /** One per step, ms since the epoch; empty when the series has no times (group means). */
  times: readonly number[];
  /** Where relative time starts for this series (its run's start), ms since the epoch. */
  origin: number;
  /** A spread drawn as a band behind the line: per-bucket min/max, or a group's min/max. */
  band: { steps: readonly number[]; lower: readonly number[]; upper: readonly number[] } | null;
  /** Whether `steps` came from buckets rather than every point. */
  downsampled: boolean;
}

/** An inclusive step range, as the series API takes it. */
export interface StepRange {
  fromStep: number;
  toStep: number;
}

/** A commented step range on a chart, drawn as a shaded region that opens its thread. */
export interface ChartRegion {
  id: string;
  fromStep: number;
  toStep: number;
  resolved: boolean;
}

/** Points that arrived live for one series, in step order. */
export interface SeriesAppend {
  id: string;
  steps: readonly number[];
  values: readonly number[];
  times: readonly number[];
}

/** Colours of the current theme, already converted to something Plotly reads. */
export interface ChartTheme {
  text: string;
  grid: string;
  hoverBackground: string;
  hoverText: string;
  region: string;
  regionResolved: string;
  fontFamily: string;
  /** Resolves a series colour, with an optional opacity. */
  color: (css: string, alpha?: number) => string;
}
