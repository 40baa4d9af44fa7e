"use client";

import type { ChartTheme } from "./chart-types";
import { resolveCssColor, rgbaString } from "./css-color";

/** The theme's colours as Plotly reads them, resolved where the chart sits (light or dark). */
export function readTheme(scope: HTMLElement): ChartTheme {
  const color = (css: string, alpha?: number) => rgbaString(resolveCssColor(css, scope), alpha);
  return {
    text: color("var(--muted-foreground)"),
    grid: color("var(--border)"),
    hoverBackground: color("var(--popover)"),
    hoverText: color("var(--popover-foreground)"),
    region: color("var(--chart-4)", 0.14),
    regionResolved: color("var(--muted-foreground)", 0.08),
    fontFamily: getComputedStyle(scope).fontFamily,
    color,
  };
}
