import type { Run, StoredRunStatus } from "@/lib/db/schema";

export type RunStatus = StoredRunStatus | "crashed";

/** How long a running run may stay silent before it shows as crashed (default 5 minutes). */
export const DEFAULT_CRASH_AFTER_MS = 5 * 60 * 1000;

/** A running run with no heartbeat or log for `crashAfterMs` is crashed; other statuses are as stored. */
export function effectiveStatus(run: Pick<Run, "status" | "lastSeenAt">, now: Date, crashAfterMs = DEFAULT_CRASH_AFTER_MS): RunStatus {
  if (run.status === "running" && now.getTime() - run.lastSeenAt.getTime() > crashAfterMs) return "crashed";
  return run.status;
}
