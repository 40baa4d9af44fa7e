"use client";

import { TriangleAlertIcon } from "lucide-react";
import { catchError, type ErrorInfo } from "next/error";
import { Button } from "@/app/_components/ui/button";

function ChartError(_props: Record<string, unknown>, { error, reset }: ErrorInfo) {
  const message = error instanceof Error && error.message ? error.message : "The chart could not be drawn.";
  return (
    <div role="alert" className="flex size-full flex-col items-center justify-center gap-2 rounded-lg border border-dashed p-4 text-center text-xs text-muted-foreground">
      <TriangleAlertIcon className="size-4" aria-hidden />
      <p className="max-w-64">{message.startsWith("Loading chunk") ? "The charting library could not be loaded." : message}</p>
      <Button variant="outline" size="sm" className="h-7 text-xs" onClick={reset}>
        Try again
      </Button>
    </div>
  );
}

/** Keeps a chart's failure (Plotly not loading, a bad draw) inside its own card. */
export const ChartBoundary = catchError(ChartError);
