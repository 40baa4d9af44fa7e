import { smooth, describeSmoothing, type Smoothing } from "@/lib/metrics/smoothing";
import type { ChartSeries } from "./chart-types";

function cell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

function number(value: number): string {
  return Number.isNaN(value) ? "NaN" : value === Infinity ? "Infinity" : value === -Infinity ? "-Infinity" : String(value);
}

/**
 * The series as drawn, one row per point: run, step, time, value and smoothed value. Rows
 * are the chart's points (downsampled ones included), so the smoothed column matches the
 * curve on screen.
 */
export function chartCsv(series: readonly ChartSeries[], smoothing: Smoothing): string {
  const rows = [`run,step,timestamp,value,${cell(`smoothed (${describeSmoothing(smoothing)})`)}`];
  for (const s of series) {
    const smoothed = smooth(s.values, smoothing);
    s.steps.forEach((step, i) => {
      const time = s.times[i];
      rows.push([cell(s.label), String(step), time === undefined ? "" : new Date(time).toISOString(), number(s.values[i] as number), number(smoothed[i] as number)].join(","));
    });
  }
  return `${rows.join("\n")}\n`;
}

/** Saves text as a file through a temporary link. */
export function downloadText(name: string, text: string, type = "text/csv"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1_000);
}
