"use client";

import { useSyncExternalStore } from "react";

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

const resolved = new Map<string, Rgba>();
let canvas: CanvasRenderingContext2D | null | undefined;
const VARIABLE = /^var\((--[\w-]+)\)$/;

function probe(color: string, scope: Element): string {
  const span = document.createElement("span");
  span.style.color = color;
  span.style.display = "none";
  scope.appendChild(span);
  const computed = getComputedStyle(span).color;
  span.remove();
  return computed;
}

/**
 * Any CSS colour (`var(--chart-1)`, `oklch(…)`, hex) as RGBA, read in the context of
 * `scope` so theme variables apply. Plotly understands only rgb/hex/named colours, while
 * the theme is written in oklch; painting one pixel converts whatever the browser accepts.
 * A theme variable is read off the scope's computed style rather than through a probe
 * element: inserting a probe per colour forces a style recalculation each time, which
 * with a hundred series costs seconds.
 */
export function resolveCssColor(color: string, scope: Element): Rgba {
  const variable = VARIABLE.exec(color.trim())?.[1];
  const value = variable ? getComputedStyle(scope).getPropertyValue(variable).trim() : color.trim();
  const known = resolved.get(value);
  if (known) return known;
  canvas ??= document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  if (!canvas) return { r: 128, g: 128, b: 128, a: 1 };
  canvas.clearRect(0, 0, 1, 1);
  canvas.fillStyle = "#000";
  // Anything the canvas cannot parse (a nested var(), color-mix…) goes through a probe element.
  canvas.fillStyle = value;
  if (canvas.fillStyle === "#000000" && !/^(#000(000)?|black|rgba?\(0,\s*0,\s*0[,)\s])/i.test(value)) canvas.fillStyle = probe(color, scope);
  canvas.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0, a = 255] = canvas.getImageData(0, 0, 1, 1).data;
  const rgba = { r, g, b, a: Math.round((a / 255) * 100) / 100 };
  resolved.set(value, rgba);
  return rgba;
}

/** `rgba(…)` for Plotly, optionally with a different opacity. */
export function rgbaString({ r, g, b, a }: Rgba, alpha: number = a): string {
  return `rgba(${r}, ${g}, ${b}, ${alpha})`;
}

/** The series colours of the theme, in order (`--chart-1` … `--chart-8`). */
export function seriesColor(index: number): string {
  return `var(--chart-${(index % 8) + 1})`;
}

function subscribeTheme(listener: () => void): () => void {
  // next-themes switches a class on <html>; that is the moment colours change.
  const observer = new MutationObserver(listener);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ["class", "style"] });
  return () => observer.disconnect();
}

/** The theme class of <html>: changes whenever light/dark flips, so charts redraw in the new colours. */
export function useThemeClass(): string {
  return useSyncExternalStore(
    subscribeTheme,
    () => document.documentElement.className,
    () => "",
  );
}
