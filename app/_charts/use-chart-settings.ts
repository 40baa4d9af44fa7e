"use client";

import { useCallback, useMemo } from "react";
import { z } from "zod";
import { useLocalStorage } from "@/app/_lib/use-local-storage";
import { MAX_EMA_WEIGHT, MAX_WINDOW } from "@/lib/metrics/smoothing";
import { defaultChartSettings, type ChartSettings } from "./chart-settings";

const STORAGE_KEY = "labbook:chart-settings";

const stored = z.object({
  xAxis: z.enum(["step", "wall", "relative"]),
  smoothing: z.discriminatedUnion("kind", [
    z.object({ kind: z.literal("none") }),
    z.object({ kind: z.literal("ema"), weight: z.number().min(0).max(MAX_EMA_WEIGHT) }),
    z.object({ kind: z.literal("moving-average"), window: z.number().int().min(1).max(MAX_WINDOW), align: z.enum(["centered", "trailing"]) }),
  ]),
});

/** The chart settings of this browser (x axis, smoothing), shared by every chart page and tab. */
export function useChartSettings(): [ChartSettings, (next: ChartSettings) => void] {
  const [raw, setRaw] = useLocalStorage(STORAGE_KEY);
  const settings = useMemo((): ChartSettings => {
    if (!raw) return defaultChartSettings;
    try {
      const parsed = stored.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : defaultChartSettings;
    } catch {
      // Anything unreadable (an older format, a hand edit) falls back to the defaults.
      return defaultChartSettings;
    }
  }, [raw]);
  const set = useCallback((next: ChartSettings) => setRaw(JSON.stringify(next)), [setRaw]);
  return [settings, set];
}
