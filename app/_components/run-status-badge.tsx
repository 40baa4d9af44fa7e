import { CircleCheckIcon, CircleSlashIcon, CircleXIcon, TriangleAlertIcon } from "lucide-react";
import { cn } from "@/app/_lib/cn";
import type { RunStatus } from "@/app/_lib/runs";

const styles: Record<RunStatus, string> = {
  running: "border-emerald-500/30 bg-emerald-500/10 text-emerald-700 dark:text-emerald-400",
  finished: "border-border bg-muted/60 text-foreground",
  failed: "border-destructive/30 bg-destructive/10 text-destructive",
  killed: "border-border bg-transparent text-muted-foreground",
  crashed: "border-warning/50 bg-warning/15 text-amber-800 dark:text-warning",
};

const titles: Record<RunStatus, string> = {
  running: "Running: the script is logging or sending heartbeats",
  finished: "Finished",
  failed: "Failed: the script reported an error",
  killed: "Killed",
  crashed: "Crashed: the server has heard nothing from this run for a while",
};

/**
 * A run's status. `crashed` is decided by the server from silence, so a re-fetch is all it
 * takes for a running run to turn crashed here.
 */
export function RunStatusBadge({ status, className }: { status: RunStatus; className?: string }) {
  return (
    <span
      data-slot="run-status"
      data-status={status}
      title={titles[status]}
      className={cn(
        "inline-flex w-fit shrink-0 items-center gap-1.5 rounded-md border px-2 py-0.5 text-xs font-medium whitespace-nowrap [&>svg]:size-3",
        styles[status],
        className,
      )}
    >
      {status === "running" ? (
        <span className="relative flex size-2" aria-hidden>
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-emerald-500 opacity-60 motion-reduce:animate-none" />
          <span className="relative inline-flex size-2 rounded-full bg-emerald-500" />
        </span>
      ) : status === "finished" ? (
        <CircleCheckIcon aria-hidden className="text-emerald-600 dark:text-emerald-400" />
      ) : status === "failed" ? (
        <CircleXIcon aria-hidden />
      ) : status === "crashed" ? (
        <TriangleAlertIcon aria-hidden />
      ) : (
        <CircleSlashIcon aria-hidden />
      )}
      {status}
    </span>
  );
}
