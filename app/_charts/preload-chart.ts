import { loadPlotly } from "./load-plotly";

function reportedLater(): void {
  // A failed preload is not an error yet: the chart's own load fetches again and reports it.
}

/** Starts fetching the chart module and Plotly while a chart's data loads, so neither waits for the other. */
export function preloadChart(): void {
  import("./metric-chart").then(reportedLater, reportedLater);
  loadPlotly().then(reportedLater, reportedLater);
}
