"use client";

import { useId } from "react";
import { Input } from "@/app/_components/ui/input";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/app/_components/ui/select";
import { cn } from "@/app/_lib/cn";
import { MAX_EMA_WEIGHT, MAX_WINDOW, type Smoothing } from "@/lib/metrics/smoothing";
import type { ChartSettings } from "./chart-settings";
import { xAxisModes, type XAxisMode } from "./x-axis";

type SmoothingChoice = "none" | "ema" | "ma-centered" | "ma-trailing";

const smoothingChoices: readonly { value: SmoothingChoice; label: string }[] = [
  { value: "none", label: "No smoothing" },
  { value: "ema", label: "EMA (debiased)" },
  { value: "ma-centered", label: "Moving average, centered" },
  { value: "ma-trailing", label: "Moving average, trailing" },
];

function choiceOf(smoothing: Smoothing): SmoothingChoice {
  if (smoothing.kind === "moving-average") return smoothing.align === "centered" ? "ma-centered" : "ma-trailing";
  return smoothing.kind;
}

function smoothingFor(choice: SmoothingChoice, previous: Smoothing): Smoothing {
  const window = previous.kind === "moving-average" ? previous.window : 10;
  if (choice === "ema") return { kind: "ema", weight: previous.kind === "ema" ? previous.weight : 0.6 };
  if (choice === "ma-centered") return { kind: "moving-average", window, align: "centered" };
  if (choice === "ma-trailing") return { kind: "moving-average", window, align: "trailing" };
  return { kind: "none" };
}

function clamp(value: number, lo: number, hi: number): number {
  return Math.min(Math.max(value, lo), hi);
}

/**
 * The page's chart controls: what x measures, and the smoothing with its parameter in
 * plain sight (EMA weight, or moving-average window in points).
 */
export function ChartSettingsBar({ settings, onChange, stepOnly = false, className }: { settings: ChartSettings; onChange: (next: ChartSettings) => void; stepOnly?: boolean; className?: string }) {
  const id = useId();
  const { smoothing } = settings;
  return (
    <div role="group" aria-label="Chart settings" className={cn("flex flex-wrap items-center gap-2 text-xs", className)}>
      <Select value={stepOnly ? "step" : settings.xAxis} onValueChange={(value) => onChange({ ...settings, xAxis: xAxisModes.find((m) => m.value === value)?.value ?? "step" })} disabled={stepOnly}>
        <SelectTrigger size="sm" className="h-8 w-36 text-xs" aria-label="X axis" title={stepOnly ? "Grouped runs are aligned by step" : undefined}>
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {xAxisModes.map((mode: { value: XAxisMode; label: string }) => (
            <SelectItem key={mode.value} value={mode.value} className="text-xs">
              {mode.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      <Select value={choiceOf(smoothing)} onValueChange={(value) => onChange({ ...settings, smoothing: smoothingFor(smoothingChoices.find((c) => c.value === value)?.value ?? "none", smoothing) })}>
        <SelectTrigger size="sm" className="h-8 w-52 text-xs" aria-label="Smoothing">
          <SelectValue />
        </SelectTrigger>
        <SelectContent>
          {smoothingChoices.map((choice) => (
            <SelectItem key={choice.value} value={choice.value} className="text-xs">
              {choice.label}
            </SelectItem>
          ))}
        </SelectContent>
      </Select>
      {smoothing.kind === "ema" ? (
        <label htmlFor={id} className="flex items-center gap-1.5 text-muted-foreground">
          weight
          <Input
            id={id}
            type="number"
            inputMode="decimal"
            min={0}
            max={MAX_EMA_WEIGHT}
            step={0.05}
            value={smoothing.weight}
            onChange={(e) => {
              const weight = Number(e.target.value);
              if (e.target.value !== "" && Number.isFinite(weight)) onChange({ ...settings, smoothing: { kind: "ema", weight: clamp(weight, 0, MAX_EMA_WEIGHT) } });
            }}
            className="h-8 w-20 text-xs tabular-nums"
          />
        </label>
      ) : null}
      {smoothing.kind === "moving-average" ? (
        <label htmlFor={id} className="flex items-center gap-1.5 text-muted-foreground">
          window
          <Input
            id={id}
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_WINDOW}
            step={1}
            value={smoothing.window}
            onChange={(e) => {
              const window = Math.round(Number(e.target.value));
              if (e.target.value !== "" && Number.isFinite(window)) onChange({ ...settings, smoothing: { ...smoothing, window: clamp(window, 1, MAX_WINDOW) } });
            }}
            className="h-8 w-20 text-xs tabular-nums"
          />
          points
        </label>
      ) : null}
    </div>
  );
}
