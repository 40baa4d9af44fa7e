import { CircleCheckIcon, CircleDashedIcon, CircleXIcon, History } from "lucide-react";
import { cn } from "@/app/_lib/cn";
import type { DecisionStatus } from "@/lib/decisions/decision-status";

const styles: Record<DecisionStatus, string> = {
  proposed: "border-sky-500/30 bg-sky-500/10 text-sky-700 dark:text-sky-400",
  accepted: "border-emerald-500/30 bg-emerald-500/10 text-emerald-700 dark:text-emerald-400",
  rejected: "border-destructive/30 bg-destructive/10 text-destructive",
  superseded: "border-border bg-transparent text-muted-foreground line-through decoration-1",
};

const icons = { proposed: CircleDashedIcon, accepted: CircleCheckIcon, rejected: CircleXIcon, superseded: History } as const;

/** Where a decision stands, as a small coloured badge. */
export function DecisionStatusBadge({ status, className }: { status: DecisionStatus; className?: string }) {
  const Icon = icons[status];
  return (
    <span
      data-slot="decision-status"
      data-status={status}
      className={cn("inline-flex w-fit shrink-0 items-center gap-1.5 rounded-md border px-2 py-0.5 text-xs font-medium whitespace-nowrap [&>svg]:size-3", styles[status], className)}
    >
      <Icon aria-hidden />
      {status}
    </span>
  );
}
