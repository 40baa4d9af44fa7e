import type { Bus, BusMessage } from "@/lib/bus/bus";
import { logger } from "@/lib/log";
import {
  allKeysRoom,
  anyCommentEvent,
  COALESCE_MS,
  keyRoom,
  notebookRoom,
  pointsEvent,
  runEvent,
  runRoom,
  type PointsEvent,
} from "@/lib/protocol/live";
import { isLagging, whenDrained } from "./backlog";
import type { LiveNamespace, LiveSocket } from "./types";

const log = logger("live");

interface PendingRun {
  keys: Map<string, { steps: number[]; values: PointsEvent["values"]; timestamps: string[] }>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Relays the bus to this process's sockets. Points are coalesced per run: the first points
 * after a quiet window go out at once, later ones wait for the window to end, so a run emits
 * at most one `points` event per key per `windowMs`. A connection that cannot keep up is
 * skipped (never waited for) and told to `resync` once its queue drains.
 */
export function startFanOut(nsp: LiveNamespace, bus: Bus, options: { windowMs?: number } = {}) {
  const windowMs = options.windowMs ?? COALESCE_MS;
  const pending = new Map<string, PendingRun>();
  const lastFlush = new Map<string, number>();
  const awaitingResync = new WeakMap<LiveSocket, Set<string>>();

  /** Connections of the run that are too far behind; they are sent `resync` once drained. */
  function laggingSockets(runId: string): string[] {
    const lagging: string[] = [];
    for (const id of nsp.adapter.rooms.get(runRoom(runId)) ?? []) {
      const socket = nsp.sockets.get(id);
      if (!socket || !isLagging(socket)) continue;
      lagging.push(id);
      let runs = awaitingResync.get(socket);
      if (!runs) {
        const missed = (runs = new Set());
        awaitingResync.set(socket, missed);
        whenDrained(socket, () => {
          awaitingResync.delete(socket);
          for (const missedRun of missed) socket.emit("resync", { runId: missedRun });
        });
      }
      runs.add(runId);
    }
    return lagging;
  }

  let stopped = false;
  function flush(runId: string): void {
    if (stopped) return;
    const run = pending.get(runId);
    if (!run) return;
    clearTimeout(run.timer);
    pending.delete(runId);
    lastFlush.set(runId, Date.now());
    const skipped = laggingSockets(runId);
    for (const [key, points] of run.keys) {
      nsp.local.to(allKeysRoom(runId)).to(keyRoom(runId, key)).except(skipped).emit("points", { runId, key, ...points });
    }
  }

  function addPoints(event: PointsEvent): void {
    const { runId } = event;
    let run = pending.get(runId);
    if (!run) {
      run = { keys: new Map(), timer: undefined };
      pending.set(runId, run);
      const wait = (lastFlush.get(runId) ?? 0) + windowMs - Date.now();
      // After a quiet window, send right after the current commit's handler returns.
      if (wait <= 0) setImmediate(() => flush(runId));
      else run.timer = setTimeout(() => flush(runId), wait);
    }
    const points = run.keys.get(event.key);
    if (!points) run.keys.set(event.key, { steps: [...event.steps], values: [...event.values], timestamps: [...event.timestamps] });
    else {
      points.steps.push(...event.steps);
      points.values.push(...event.values);
      points.timestamps.push(...event.timestamps);
    }
  }

  // Runs that have been quiet for a window need no memory of their last flush.
  const sweep = setInterval(() => {
    const quiet = Date.now() - windowMs;
    for (const [runId, at] of lastFlush) if (at < quiet && !pending.has(runId)) lastFlush.delete(runId);
  }, 60_000);
  sweep.unref();

  function handle(message: BusMessage): void {
    // Messages may come from other processes (Redis): validate before anything reaches a socket.
    switch (message.type) {
      case "points": {
        const parsed = pointsEvent.safeParse(message.event);
        if (!parsed.success) return void log.warn({ issues: parsed.error.issues.slice(0, 3) }, "dropped an invalid points message");
        if (parsed.data.steps.length !== parsed.data.values.length || parsed.data.steps.length !== parsed.data.timestamps.length) {
          return void log.warn({ runId: parsed.data.runId }, "dropped a points message with columns of unequal length");
        }
        addPoints(parsed.data);
        return;
      }
      case "run": {
        const parsed = runEvent.safeParse(message.event);
        if (!parsed.success) return void log.warn({ issues: parsed.error.issues.slice(0, 3) }, "dropped an invalid run message");
        // The last points of a run arrive before the status that ends it.
        flush(parsed.data.runId);
        nsp.local.to(runRoom(parsed.data.runId)).emit("run", parsed.data);
        return;
      }
      case "comment": {
        const parsed = anyCommentEvent.safeParse(message.event);
        if (!parsed.success) return void log.warn({ issues: parsed.error.issues.slice(0, 3) }, "dropped an invalid comment message");
        const room = "runId" in parsed.data ? runRoom(parsed.data.runId) : notebookRoom(parsed.data.notebookId);
        nsp.local.to(room).emit("comment", parsed.data);
        return;
      }
    }
  }

  const unsubscribe = bus.subscribe(handle);
  return {
    /** Stops listening; pending points are dropped (clients reload history on reconnect). */
    stop(): void {
      stopped = true;
      unsubscribe();
      clearInterval(sweep);
      for (const run of pending.values()) clearTimeout(run.timer);
      pending.clear();
    },
  };
}
