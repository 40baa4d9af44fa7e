"use client";

import { useMemo, useRef, useState, type PointerEvent as ReactPointerEvent } from "react";
import { useWidth } from "@/app/_charts/use-in-view";
import { Button } from "@/app/_components/ui/button";
import { inBrushes, makeAxis, valueAt, viridis, yOf, type Axis, type Brush } from "@/lib/compare/parallel-axes";
import { metricValue, paramDimension, type ParamRow } from "./compare-data";
import type { CompareRun } from "./compare-types";
import type { MetricChoice } from "./params-vs-metric";

/** More axes than this turn the figure into noise; the first ones (by path) are shown. */
const MAX_AXES = 12;
/** A text param with more distinct values than this is left out: its axis would be unreadable. */
const MAX_CATEGORIES = 40;
const HEIGHT = 320;
const MARGIN = { top: 40, right: 56, bottom: 14, left: 56 };
const PLOT = HEIGHT - MARGIN.top - MARGIN.bottom;
const EDGE_PX = 5;

/**
 * Parallel coordinates from each differing param to the chosen metric, one line per run
 * coloured by the metric. Drawn as SVG (a few hundred paths draw in milliseconds, and no
 * WebGL context is spent): hover a line for its run, drag along an axis to keep only the
 * runs within that stretch (several axes combine), double-click an axis or press Escape to
 * clear.
 */
export function ParallelCoordinates({ runs, rows, metric }: { runs: readonly CompareRun[]; rows: readonly ParamRow[]; metric: MetricChoice }) {
  const box = useRef<HTMLDivElement>(null);
  const width = useWidth(box, 10);
  const [brushes, setBrushes] = useState<Brush[]>([]);
  const [dragging, setDragging] = useState<Brush | null>(null);
  const [hovered, setHovered] = useState<number | null>(null);

  const figure = useMemo(() => {
    const dims = rows.map(paramDimension).filter((d) => !d.ticks || d.ticks.values.length <= MAX_CATEGORIES).slice(0, MAX_AXES);
    const metricValues = runs.map((run) => metricValue(run, metric.key, metric.aggregate));
    // A line needs a value on every axis: runs missing one are left out.
    const kept = runs.map((_, i) => i).filter((i) => metricValues[i] !== null && dims.every((d) => d.values[i] !== null));
    const axes: Axis[] = [
      ...dims.map((d) => makeAxis(d.label, kept.map((i) => d.values[i] as number), d.ticks?.text ?? null)),
      makeAxis(`${metric.key} (${metric.aggregate})`, kept.map((i) => metricValues[i] as number), null),
    ];
    return { kept, axes };
  }, [runs, rows, metric]);
  const { kept, axes } = figure;
  const metricAxis = axes[axes.length - 1] as Axis;

  const plotWidth = Math.max(width - MARGIN.left - MARGIN.right, 100);
  const xOf = (axis: number) => MARGIN.left + (axes.length > 1 ? (axis * plotWidth) / (axes.length - 1) : plotWidth / 2);
  const active = [...brushes, ...(dragging ? [dragging] : [])];
  const paths = useMemo(
    () => kept.map((_, line) => axes.map((axis, a) => `${a === 0 ? "M" : "L"}${(MARGIN.left + (axes.length > 1 ? (a * plotWidth) / (axes.length - 1) : plotWidth / 2)).toFixed(1)},${(MARGIN.top + yOf(axis, axis.values[line] as number, PLOT)).toFixed(1)}`).join("")),
    [kept, axes, plotWidth],
  );

  const startBrush = (axis: number) => (event: ReactPointerEvent<SVGRectElement>) => {
    const svg = event.currentTarget.ownerSVGElement;
    if (!svg) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    const top = svg.getBoundingClientRect().top + MARGIN.top;
    // Within a few pixels of an end counts as the end, so the extreme runs can be kept.
    const snap = (y: number) => (y < EDGE_PX ? 0 : y > PLOT - EDGE_PX ? PLOT : y);
    const at = (clientY: number) => valueAt(axes[axis] as Axis, snap(clientY - top), PLOT);
    const from = at(event.clientY);
    setDragging({ axis, from, to: from });
    const target = event.currentTarget;
    const move = (e: PointerEvent) => setDragging({ axis, from, to: at(e.clientY) });
    const end = (e: PointerEvent) => {
      target.removeEventListener("pointermove", move);
      target.removeEventListener("pointerup", end);
      setDragging(null);
      const to = at(e.clientY);
      // A click without a drag clears the axis.
      setBrushes((list) => [...list.filter((b) => b.axis !== axis), ...(Math.abs(to - from) > 0 ? [{ axis, from, to }] : [])]);
    };
    target.addEventListener("pointermove", move);
    target.addEventListener("pointerup", end);
  };

  const selected = kept.filter((_, line) => inBrushes(axes, active, line)).length;
  const missing = runs.length - kept.length;
  const hoveredRun = hovered !== null ? runs[kept[hovered] as number] : undefined;

  return (
    <div
      data-testid="parallel-coordinates"
      tabIndex={-1}
      className="flex min-w-0 flex-col rounded-xl border bg-card p-3 pt-2 outline-none"
      onKeyDown={(event) => {
        if (event.key === "Escape" && brushes.length > 0) setBrushes([]);
      }}
    >
      <div className="flex items-center gap-2">
        <h3 className="flex-1 text-xs font-medium">Parallel coordinates</h3>
        {brushes.length > 0 ? (
          <>
            <span className="text-[11px] text-muted-foreground tabular-nums" data-testid="parallel-selected">
              {selected} of {kept.length} runs
            </span>
            <Button variant="ghost" size="sm" className="h-6 px-1.5 text-[11px]" onClick={() => setBrushes([])}>
              Clear
            </Button>
          </>
        ) : (
          <span className="text-[11px] text-muted-foreground">Drag along an axis to filter</span>
        )}
      </div>
      <div ref={box} className="relative mt-1" style={{ height: HEIGHT }}>
        {kept.length === 0 ? (
          <div className="flex size-full items-center justify-center text-xs text-muted-foreground">No run has both these params and {metric.key}.</div>
        ) : width > 0 ? (
          <svg width={width} height={HEIGHT} role="img" aria-label={`Parallel coordinates of params and ${metric.key}`} className="text-muted-foreground">
            <g fill="none" strokeWidth={1.4}>
              {paths.map((d, line) => {
                const on = inBrushes(axes, active, line);
                return (
                  <path
                    key={kept[line]}
                    d={d}
                    stroke={on ? viridis(metricAxis.values[line] as number, metricAxis.min, metricAxis.max) : "currentColor"}
                    strokeOpacity={on ? (hovered === null || hovered === line ? 0.85 : 0.25) : 0.12}
                    strokeWidth={hovered === line ? 3 : undefined}
                    onPointerEnter={() => setHovered(line)}
                    onPointerLeave={() => setHovered((h) => (h === line ? null : h))}
                    data-testid="parallel-line"
                    data-active={on}
                  />
                );
              })}
            </g>
            {axes.map((axis, a) => {
              const x = xOf(a);
              const brush = active.find((b) => b.axis === a);
              return (
                <g key={axis.label} transform={`translate(${x},${MARGIN.top})`}>
                  <line y1={0} y2={PLOT} stroke="currentColor" strokeOpacity={0.6} />
                  <text y={-22} textAnchor="middle" className="fill-foreground text-[11px]">
                    {axis.label.length > 22 ? `${axis.label.slice(0, 21)}…` : axis.label}
                    <title>{axis.label}</title>
                  </text>
                  {axis.ticks.map((tick) => (
                    <g key={tick.text + tick.value} transform={`translate(0,${yOf(axis, tick.value, PLOT)})`}>
                      <line x2={-4} stroke="currentColor" />
                      <text x={-6} dy="0.32em" textAnchor="end" className="fill-current stroke-card text-[10px] [paint-order:stroke] [stroke-width:3px]">
                        {tick.text.length > 10 ? `${tick.text.slice(0, 9)}…` : tick.text}
                      </text>
                    </g>
                  ))}
                  {brush ? (
                    <rect
                      x={-6}
                      width={12}
                      y={Math.min(yOf(axis, brush.from, PLOT), yOf(axis, brush.to, PLOT))}
                      height={Math.abs(yOf(axis, brush.from, PLOT) - yOf(axis, brush.to, PLOT))}
                      className="fill-primary/20 stroke-primary"
                    />
                  ) : null}
                  <rect
                    x={-10}
                    width={20}
                    y={0}
                    height={PLOT}
                    fill="transparent"
                    className="cursor-ns-resize"
                    data-testid="parallel-axis"
                    aria-label={`Filter by ${axis.label}`}
                    onPointerDown={startBrush(a)}
                    onDoubleClick={() => setBrushes((list) => list.filter((b) => b.axis !== a))}
                  />
                </g>
              );
            })}
          </svg>
        ) : null}
        {hoveredRun && hovered !== null ? (
          <div role="tooltip" className="pointer-events-none absolute top-1 left-1/2 -translate-x-1/2 rounded-md border bg-popover px-2 py-1 text-xs shadow-sm">
            <span className="font-medium">{hoveredRun.name}</span> · {metric.key} {String(Number((metricAxis.values[hovered] as number).toPrecision(4)))}
          </div>
        ) : null}
      </div>
      {missing > 0 ? <p className="mt-1 text-right text-[11px] text-muted-foreground">{missing} runs without a value on every axis are left out</p> : null}
    </div>
  );
}
