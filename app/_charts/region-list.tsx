"use client";

import { CheckIcon, MessageSquareIcon } from "lucide-react";
import type { ChartRegion } from "./chart-types";

function compact(step: number): string {
  return Intl.NumberFormat("en", { notation: "compact", maximumFractionDigits: 1 }).format(step);
}

/** The chart's commented ranges as buttons: the keyboard's way to the threads the shaded regions open. */
export function RegionList({ regions, onOpen }: { regions: readonly ChartRegion[]; onOpen: (id: string) => void }) {
  return (
    <ul aria-label="Comments on this chart" className="flex min-w-0 flex-wrap gap-1">
      {regions.map((region) => (
        <li key={region.id}>
          <button
            type="button"
            onClick={() => onOpen(region.id)}
            className="inline-flex items-center gap-1 rounded-md border px-1.5 py-0.5 tabular-nums hover:bg-accent hover:text-foreground focus-visible:ring-2 focus-visible:ring-ring focus-visible:outline-none"
            title={`Open the comment on steps ${region.fromStep.toLocaleString("en")}–${region.toStep.toLocaleString("en")}`}
          >
            {region.resolved ? <CheckIcon className="size-3" aria-hidden /> : <MessageSquareIcon className="size-3" aria-hidden />}
            {compact(region.fromStep)}–{compact(region.toStep)}
          </button>
        </li>
      ))}
    </ul>
  );
}
