import type { LiveSocket } from "./types";

/**
 * Packets queued for a connection beyond this many mean it cannot keep up: new points skip it
 * (it gets a `resync` once drained). Engine.IO itself buffers without bound.
 */
export const MAX_BACKLOG_PACKETS = 512;

const backlogs = new WeakMap<LiveSocket, { queued: number; onDrained: (() => void) | undefined }>();

/**
 * Counts the packets Engine.IO holds for a connection (its write buffer, which fills while
 * the transport is busy sending) from its public events.
 */
export function trackBacklog(socket: LiveSocket): void {
  const state = { queued: 0, onDrained: undefined as (() => void) | undefined };
  backlogs.set(socket, state);
  socket.conn.on("packetCreate", () => state.queued++);
  socket.conn.on("flush", () => {
    state.queued = 0;
    const onDrained = state.onDrained;
    state.onDrained = undefined;
    onDrained?.();
  });
}

/** True when the connection's queue is over the limit. */
export function isLagging(socket: LiveSocket): boolean {
  return (backlogs.get(socket)?.queued ?? 0) > MAX_BACKLOG_PACKETS;
}

/** Runs `callback` once, the next time the connection's queue is handed to its transport. */
export function whenDrained(socket: LiveSocket, callback: () => void): void {
  const state = backlogs.get(socket);
  if (!state) return;
  const previous = state.onDrained;
  state.onDrained = () => {
    previous?.();
    callback();
  };
}
