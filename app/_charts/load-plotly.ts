import type * as Plotly from "plotly.js";

export type PlotlyModule = typeof Plotly;

let loading: Promise<PlotlyModule> | undefined;
let loadingGl: Promise<PlotlyModule> | undefined;

/**
 * Plotly (about a megabyte) as its own chunk, fetched the first time a chart is drawn and
 * shared by every chart after that. A failed load is forgotten, so a retry fetches again.
 */
export function loadPlotly(): Promise<PlotlyModule> {
  loading ??= import("plotly.js-cartesian-dist-min").then(
    (module) => module.default,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}

/**
 * The gl2d partial bundle, the one that has parallel coordinates: fetched only when a
 * parallel-coordinates panel first comes into view (one WebGL figure per page).
 */
export function loadPlotlyGl2d(): Promise<PlotlyModule> {
  loadingGl ??= import("plotly.js-gl2d-dist-min").then(
    (module) => module.default,
    (error: unknown) => {
      loadingGl = undefined;
      throw error;
    },
  );
  return loadingGl;
}
