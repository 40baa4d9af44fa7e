import { runRoom, type Watcher } from "@/lib/protocol/live";
import { logger } from "@/lib/log";
import type { LiveNamespace, LiveSocket } from "./types";

const log = logger("live");

/**
 * Who watches each run: the distinct users subscribed to it, across server processes (the
 * adapter's `fetchSockets`). A newcomer always hears the current list. In one process a room
 * hears `watchers` only when its list changes (a second tab of the same user is silent);
 * with several processes each join and leave is broadcast, since another process may have
 * sent a list this one has not seen.
 */
export function createPresence(nsp: LiveNamespace, options: { singleProcess: boolean }) {
  const lastSent = new Map<string, string>();
  const queues = new Map<string, Promise<void>>();

  async function watchersOf(runId: string): Promise<Watcher[]> {
    const sockets = await nsp.in(runRoom(runId)).fetchSockets();
    const users = new Map<string, Watcher>();
    for (const s of sockets) {
      const user = s.data.user;
      if (!users.has(user.id)) users.set(user.id, { id: user.id, name: user.name, image: user.image });
    }
    return [...users.values()].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  }

  async function refresh(runId: string, newcomer: LiveSocket | undefined): Promise<void> {
    const users = await watchersOf(runId);
    const serialized = JSON.stringify(users);
    const changed = !options.singleProcess || lastSent.get(runId) !== serialized;
    if (users.length === 0) lastSent.delete(runId);
    else lastSent.set(runId, serialized);
    if (changed && users.length > 0) nsp.to(runRoom(runId)).emit("watchers", { runId, users });
    else if (newcomer?.connected) newcomer.emit("watchers", { runId, users });
  }

  /** Refreshes are serialized per run, so lists are never sent out of order. */
  function schedule(runId: string, newcomer?: LiveSocket): void {
    const previous = queues.get(runId) ?? Promise.resolve();
    const next = previous
      .then(() => refresh(runId, newcomer))
      .catch((error: unknown) => log.error({ err: error, runId }, "updating watchers failed"))
      .finally(() => {
        if (queues.get(runId) === next) queues.delete(runId);
      });
    queues.set(runId, next);
  }

  return {
    joined: (runId: string, socket: LiveSocket) => schedule(runId, socket),
    left: (runId: string) => schedule(runId),
    /** Resolves when every pending refresh has been sent. */
    settled: () => Promise.all(queues.values()).then(() => undefined),
  };
}

export type Presence = ReturnType<typeof createPresence>;
