import type { LiveSocket } from "./types";

/**
 * A connection cannot keep up when its queue has not been handed to its transport for this
 * long (a busy but healthy one drains within milliseconds), or when it holds this many
 * packets: new points then skip it (it gets a `resync` once drained). Engine.IO itself
 * buffers without bound.
 */
export const MAX_BACKLOG_MS = 1_000;
export const MAX_BACKLOG_PACKETS = 20_000;

interface Backlog {
  queued: number;
  /** When the oldest packet still queued was created. */
  since: number;
  onDrained: (() => void) | undefined;
}

const backlogs = new WeakMap<LiveSocket, Backlog>();

/**
 * Counts the packets Engine.IO holds for a connection (its write buffer, which fills while
 * the transport is busy sending) from its public events.
 */
export function trackBacklog(socket: LiveSocket): void {
  const state: Backlog = { queued: 0, since: 0, onDrained: undefined };
  backlogs.set(socket, state);
  socket.conn.on("packetCreate", () => {
    if (state.queued++ === 0) state.since = Date.now();
  });
  socket.conn.on("flush", () => {
    state.queued = 0;
    const onDrained = state.onDrained;
    state.onDrained = undefined;
    onDrained?.();
  });
}

/** True when the connection's queue has waited too long or grown too large. */
export function isLagging(socket: LiveSocket): boolean {
  const state = backlogs.get(socket);
  if (!state || state.queued === 0) return false;
  return state.queued > MAX_BACKLOG_PACKETS || Date.now() - state.since > MAX_BACKLOG_MS;
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
