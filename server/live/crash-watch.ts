import { authorizeRun } from "@/lib/access/authorize-run";
import { logger } from "@/lib/log";
import { runEvent, runRoom } from "@/lib/protocol/live";
import type { Services } from "@/lib/runtime";
import { getRunView } from "@/lib/runs/get-run";
import { effectiveStatus, type RunStatus } from "@/lib/runs/run-status";
import { runEventOf } from "./publish";
import type { LiveNamespace } from "./types";

const log = logger("live");
const ROOM_PREFIX = runRoom("");

/**
 * `crashed` is derived (a running run silent for LABBOOK_CRASH_AFTER_SECONDS), so no write
 * announces it. Every tenth of that time, each process looks at the runs its own
 * connections follow and tells them when one became crashed or came back.
 */
export function watchCrashes(nsp: LiveNamespace, services: Services): { stop(): void } {
  const crashAfterMs = services.env.LABBOOK_CRASH_AFTER_SECONDS * 1000;
  const known = new Map<string, RunStatus>();
  let checking = false;

  async function checkRun(runId: string, viewerId: string): Promise<void> {
    const db = services.database.db;
    // Read as one of the run's own subscribers, who may see it.
    const access = await authorizeRun(db, { userId: viewerId, runId, min: "viewer" });
    const status = effectiveStatus(access.run, new Date(), crashAfterMs);
    const before = known.get(runId);
    known.set(runId, status);
    if (before === undefined || before === status || (before !== "crashed" && status !== "crashed")) return;
    const event = runEventOf(await getRunView(db, access, crashAfterMs));
    nsp.local.to(runRoom(runId)).emit("run", runEvent.parse(event));
  }

  async function check(): Promise<void> {
    const followed = new Set<string>();
    for (const [room, socketIds] of nsp.adapter.rooms) {
      if (!room.startsWith(ROOM_PREFIX)) continue;
      const runId = room.slice(ROOM_PREFIX.length);
      const [firstId] = socketIds;
      const viewer = firstId === undefined ? undefined : nsp.sockets.get(firstId)?.data.user;
      if (!viewer) continue;
      followed.add(runId);
      await checkRun(runId, viewer.id).catch((error: unknown) => log.debug({ err: error, runId }, "checking a run's status failed"));
    }
    for (const runId of known.keys()) if (!followed.has(runId)) known.delete(runId);
  }

  const timer = setInterval(
    () => {
      if (checking) return;
      checking = true;
      check()
        .catch((error: unknown) => log.error({ err: error }, "crash watch failed"))
        .finally(() => (checking = false));
    },
    Math.min(10_000, crashAfterMs / 10),
  );
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
