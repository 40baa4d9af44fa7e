import type * as Plotly from "plotly.js";

export type PlotlyModule = typeof Plotly;

let loading: Promise<PlotlyModule> | undefined;

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

let markCurvesDrawn: (() => void) | undefined;
const curvesDrawn = new Promise<void>((resolve) => {
  markCurvesDrawn = resolve;
});

/** A metric chart has drawn: figures further down the page may start their (heavy) loads. */
export function noteCurvesDrawn(): void {
  markCurvesDrawn?.();
}

/**
 * Resolves once the page's first metric chart has drawn, or after `timeoutMs`: secondary
 * figures wait for it so that parsing their bundles does not hold up the curves.
 */
export function afterCurves(timeoutMs = 4_000): Promise<void> {
  return Promise.race([curvesDrawn, new Promise<void>((resolve) => setTimeout(resolve, timeoutMs))]);
}
