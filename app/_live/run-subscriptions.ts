"use client";

import { pointsEvent, runEvent, watchersEvent, type PointsEvent, type RunEvent, type Watcher } from "@/lib/protocol/live";
import { getLiveSocket, type LiveSocket } from "./live-socket";

/** Whether a run's live stream is flowing: before the first ack, acked, or refused/unreachable. */
export type LiveStatus = "connecting" | "live" | "offline";

/** What a component hears about one run. Every handler is optional. */
export interface RunListener {
  points?: (event: PointsEvent) => void;
  run?: (event: RunEvent) => void;
  watchers?: (users: readonly Watcher[]) => void;
  status?: (status: LiveStatus) => void;
  /**
   * The stream is flowing (again): points committed before this moment reach only what is
   * fetched after it. Called on every successful subscribe — the first one too, since a
   * history fetch may have gone out before it — and after each reconnect.
   */
  resync?: () => void;
}

interface Entry {
  listeners: Set<RunListener>;
  status: LiveStatus;
  watchers: readonly Watcher[];
  /** A pending unsubscribe, cancelled if someone subscribes again (StrictMode remounts, tab switches). */
  release: ReturnType<typeof setTimeout> | null;
  /** A pending retry of a failed subscribe. */
  retry: ReturnType<typeof setTimeout> | null;
}

const ACK_TIMEOUT_MS = 5_000;
/** A refused or unanswered subscribe is tried again this much later (unless access was denied). */
const RETRY_MS = 5_000;
/** Refusals that another try will not change. */
const FINAL_REFUSALS = new Set(["forbidden", "not_found", "unauthenticated"]);
const RELEASE_DELAY_MS = 1_000;

const entries = new Map<string, Entry>();
let wired: LiveSocket | null = null;
/** The last connection attempt failed (no live server, or it refused us); retries go on. */
let failing = false;

function notify(entry: Entry, call: (listener: RunListener) => void) {
  for (const listener of [...entry.listeners]) call(listener);
}

function setStatus(entry: Entry, status: LiveStatus) {
  if (entry.status === status) return;
  entry.status = status;
  notify(entry, (l) => l.status?.(status));
}

function subscribeOnServer(socket: LiveSocket, runId: string, entry: Entry) {
  if (!socket.connected) return;
  socket.timeout(ACK_TIMEOUT_MS).emit("subscribe", { runId }, (error, answer) => {
    if (entries.get(runId) !== entry) return;
    const refusal = error ? null : "error" in answer ? answer.error.code : undefined;
    if (refusal !== undefined) {
      setStatus(entry, "offline");
      // Over the per-connection limit (say, right after leaving a big compare page) or no
      // answer in time: try again; a denied run stays offline.
      if (refusal !== null && FINAL_REFUSALS.has(refusal)) return;
      entry.retry ??= setTimeout(() => {
        entry.retry = null;
        if (entries.get(runId) === entry) subscribeOnServer(socket, runId, entry);
      }, RETRY_MS);
      return;
    }
    setStatus(entry, "live");
    notify(entry, (l) => l.resync?.());
  });
}

/** Listens to the page's socket once; events are validated and routed to the run's listeners. */
function wire(): LiveSocket {
  const socket = getLiveSocket();
  if (wired === socket) return socket;
  wired = socket;
  socket.on("connect", () => {
    failing = false;
    for (const [runId, entry] of entries) subscribeOnServer(socket, runId, entry);
  });
  socket.on("disconnect", () => {
    for (const entry of entries.values()) setStatus(entry, "connecting");
  });
  socket.on("connect_error", () => {
    // socket.io keeps retrying with backoff; until then the page works from HTTP alone.
    failing = true;
    for (const entry of entries.values()) setStatus(entry, "offline");
  });
  socket.on("points", (raw) => {
    const parsed = pointsEvent.safeParse(raw);
    const entry = parsed.success ? entries.get(parsed.data.runId) : undefined;
    if (parsed.success && entry) notify(entry, (l) => l.points?.(parsed.data));
  });
  socket.on("run", (raw) => {
    const parsed = runEvent.safeParse(raw);
    const entry = parsed.success ? entries.get(parsed.data.runId) : undefined;
    if (parsed.success && entry) notify(entry, (l) => l.run?.(parsed.data));
  });
  socket.on("watchers", (raw) => {
    const parsed = watchersEvent.safeParse(raw);
    const entry = parsed.success ? entries.get(parsed.data.runId) : undefined;
    if (!parsed.success || !entry) return;
    entry.watchers = parsed.data.users;
    notify(entry, (l) => l.watchers?.(entry.watchers));
  });
  return socket;
}

/**
 * Listens to one run's live stream. However many charts and widgets listen to a run, the
 * page holds one server subscription for it (which is also what makes the user show up
 * among its watchers); it is re-made after every reconnect. Returns the unsubscribe.
 */
export function subscribeRun(runId: string, listener: RunListener): () => void {
  const socket = wire();
  let entry = entries.get(runId);
  if (!entry) {
    entry = { listeners: new Set(), status: failing ? "offline" : "connecting", watchers: [], release: null, retry: null };
    entries.set(runId, entry);
    subscribeOnServer(socket, runId, entry);
  }
  if (entry.release) {
    clearTimeout(entry.release);
    entry.release = null;
  }
  const current = entry;
  current.listeners.add(listener);
  listener.status?.(current.status);
  if (current.watchers.length > 0) listener.watchers?.(current.watchers);

  return () => {
    current.listeners.delete(listener);
    if (current.listeners.size > 0 || current.release) return;
    current.release = setTimeout(() => {
      current.release = null;
      if (current.listeners.size > 0 || entries.get(runId) !== current) return;
      entries.delete(runId);
      if (current.retry) clearTimeout(current.retry);
      if (socket.connected) socket.emit("unsubscribe", { runId });
    }, RELEASE_DELAY_MS);
  };
}
