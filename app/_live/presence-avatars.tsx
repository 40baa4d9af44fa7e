"use client";

import { Avatar } from "@/app/_components/ui/avatar";
import { cn } from "@/app/_lib/cn";
import { useLiveStatus, useWatchers } from "./use-run-live";

const SHOWN = 5;

/**
 * Who else is looking at these runs right now (the current user included, as the server
 * counts them), from the live `watchers` events, with the stream's state beside them.
 */
export function PresenceAvatars({ runIds, className }: { runIds: readonly string[]; className?: string }) {
  const watchers = useWatchers(runIds);
  const status = useLiveStatus(runIds);
  const shown = watchers.slice(0, SHOWN);
  const hidden = watchers.length - shown.length;
  const names = watchers.map((w) => w.name).join(", ");
  return (
    <div className={cn("flex items-center gap-2", className)}>
      <span
        data-testid="live-status"
        data-status={status}
        className="inline-flex items-center gap-1.5 text-xs text-muted-foreground"
        title={status === "live" ? "New points appear as they are logged" : status === "connecting" ? "Connecting to the live stream" : "Live updates are unavailable; reload to see new points"}
      >
        <span aria-hidden className={cn("size-1.5 rounded-full", status === "live" ? "bg-emerald-500" : status === "connecting" ? "bg-amber-500" : "bg-muted-foreground/50")} />
        {status === "live" ? "Live" : status === "connecting" ? "Connecting" : "Offline"}
      </span>
      {watchers.length > 0 ? (
        <ul aria-label={`Watching: ${names}`} data-testid="watchers" className="flex -space-x-1.5" title={names}>
          {shown.map((w) => (
            <li key={w.id} data-testid="watcher" data-name={w.name} className="rounded-full ring-2 ring-background">
              <Avatar name={w.name} className="size-6 text-[10px]" />
              <span className="sr-only">{w.name}</span>
            </li>
          ))}
          {hidden > 0 ? (
            <li className="inline-flex size-6 items-center justify-center rounded-full bg-muted text-[10px] font-medium text-muted-foreground ring-2 ring-background">+{hidden}</li>
          ) : null}
        </ul>
      ) : null}
    </div>
  );
}
