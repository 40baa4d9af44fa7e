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

/**
 * Any CSS colour (`var(--chart-1)`, `oklch(…)`, hex) as RGBA, read in the context of
 * `scope` so theme variables apply. Plotly understands only rgb/hex/named colours, while
 * the theme is written in oklch; painting one pixel converts whatever the browser accepts.
 */
export function resolveCssColor(color: string, scope: Element): Rgba {
  const probe = document.createElement("span");
  probe.style.color = color;
  probe.style.display = "none";
  scope.appendChild(probe);
  const computed = getComputedStyle(probe).color;
  probe.remove();
  const known = resolved.get(computed);
  if (known) return known;
  canvas ??= document.createElement("canvas").getContext("2d", { willReadFrequently: true });
  if (!canvas) return { r: 128, g: 128, b: 128, a: 1 };
  canvas.clearRect(0, 0, 1, 1);
  canvas.fillStyle = "#000";
  canvas.fillStyle = computed;
  canvas.fillRect(0, 0, 1, 1);
  const [r = 0, g = 0, b = 0, a = 255] = canvas.getImageData(0, 0, 1, 1).data;
  const rgba = { r, g, b, a: Math.round((a / 255) * 100) / 100 };
  resolved.set(computed, rgba);
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
