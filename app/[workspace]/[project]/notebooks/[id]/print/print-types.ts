/** One run's curve of one key, as the print view draws it (NaN as null: a gap). */
export interface PrintSeries {
  steps: number[];
  values: (number | null)[];
  /** Epoch milliseconds. */
  times: number[];
}

/** A chart's runs and curves, per metric key and run id. */
export interface PrintChartData {
  runs: { id: string; name: string }[];
  series: Record<string, Record<string, PrintSeries>>;
}
