import type { Smoothing } from "@/lib/metrics/smoothing";
import type { XAxisMode } from "./x-axis";

/** What every chart on a page shares: the x axis and the smoothing. */
export interface ChartSettings {
  xAxis: XAxisMode;
  smoothing: Smoothing;
}

export const defaultChartSettings: ChartSettings = { xAxis: "step", smoothing: { kind: "none" } };
