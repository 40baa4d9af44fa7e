"use client";

import { useEffect, useState, type RefObject } from "react";

/**
 * True once the element has come within `margin` of the viewport, and from then on: charts
 * are drawn when first scrolled to and kept after, so scrolling back costs nothing.
 */
export function useInView(ref: RefObject<Element | null>, margin = "300px"): boolean {
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (seen || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) setSeen(true);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin, seen]);
  return seen;
}

/** The element's width in pixels, rounded to `step` so small resizes do not count; 0 until measured. */
export function useWidth(ref: RefObject<Element | null>, step = 50): number {
  const [width, setWidth] = useState(0);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setWidth(Math.ceil(entry.contentRect.width / step) * step);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, step]);
  return width;
}
