import { Skeleton } from "@/app/_components/ui/skeleton";
import { cn } from "@/app/_lib/cn";

/** What a chart shows until its data and Plotly are in. */
export function ChartSkeleton({ className }: { className?: string }) {
  return <Skeleton aria-hidden className={cn("size-full rounded-lg bg-muted/60", className)} />;
}
