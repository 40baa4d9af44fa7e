"use client";

import { formatDuration } from "@/app/_lib/format";
import type { RunStatus } from "@/app/_lib/runs";
import { useNow } from "@/app/_lib/use-now";

/**
 * How long a run ran. A running run's duration ticks every second; a crashed one stops at
 * the last time the server heard from it.
 */
export function RunDuration({ run }: { run: { status: RunStatus; startedAt: string; endedAt: string | null; lastSeenAt: string } }) {
  const live = run.status === "running" && run.endedAt === null;
  const now = useNow(live);
  const end = run.endedAt ? Date.parse(run.endedAt) : live ? now || Date.now() : Date.parse(run.lastSeenAt);
  return (
    // Server and browser clocks differ by the time it took to render a running run.
    <span className="tabular-nums" suppressHydrationWarning>
      {formatDuration(end - Date.parse(run.startedAt))}
    </span>
  );
}
