/**
 * The live protocol: socket.io at path `/ws/socket.io`, namespace `/live`. Shared by the
 * server (server/live/) and the browser (app/), validated with zod in both directions.
 * Documented in docs/live.md.
 */
import { z } from "zod";
import { metricKey, metricValue } from "@/lib/metrics/metric-input";

export const LIVE_PATH = "/ws/socket.io/";
export const LIVE_NAMESPACE = "/live";
/** The server gathers each run's new points for this long before sending them. */
export const COALESCE_MS = 75;
/** How many runs one connection may subscribe to at once (a compare page shows a few dozen). */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 200;

/** Everyone subscribed to a run: `run`, `watchers`, `comment` and `resync` events. */
export const runRoom = (runId: string) => `run:${runId}`;
/** Subscribers who want the points of every key of a run. */
export const allKeysRoom = (runId: string) => `points:${runId}`;
/** Subscribers who asked for some keys only: one room per key. */
export const keyRoom = (runId: string, key: string) => `points:${runId}:${key}`;

const runId = z.uuid("must be a run id");

// ── Client → server ──────────────────────────────────────────────────────────────────

export const subscribePayload = z.object({
  runId,
  /** Only these metric keys; all keys when absent. */
  keys: z.array(metricKey).max(1_000, "must list at most 1000 keys").optional(),
});
export type SubscribePayload = z.infer<typeof subscribePayload>;

export const unsubscribePayload = z.object({ runId });
export type UnsubscribePayload = z.infer<typeof unsubscribePayload>;

/** Every acknowledgement: success, or the same error shape as the HTTP API. */
export const ackPayload = z.union([
  z.object({ ok: z.literal(true) }),
  z.object({ error: z.object({ code: z.string(), message: z.string() }) }),
]);
export type Ack = z.infer<typeof ackPayload>;

// ── Server → client ──────────────────────────────────────────────────────────────────

/** New points of one key, in commit order; NaN and infinities travel as strings. */
export const pointsEvent = z.object({
  runId,
  key: metricKey,
  steps: z.array(z.number().int().min(0)),
  values: z.array(metricValue),
  /** ISO-8601 times, one per point. */
  timestamps: z.array(z.string()),
});
export type PointsEvent = z.infer<typeof pointsEvent>;

const summaryValue = metricValue.nullable();
export const keySummary = z.object({
  key: metricKey,
  count: z.number(),
  min: summaryValue,
  max: summaryValue,
  lastValue: summaryValue,
  lastStep: z.number().nullable(),
  lastTime: z.string().nullable(),
});

/** A run's status changed (or its summaries did, on status change). */
export const runEvent = z.object({
  runId,
  status: z.enum(["running", "finished", "failed", "killed", "crashed"]),
  summaries: z.array(keySummary),
});
export type RunEvent = z.infer<typeof runEvent>;

export const watcher = z.object({ id: z.string(), name: z.string(), image: z.string().nullable().optional() });
export type Watcher = z.infer<typeof watcher>;

/** Everyone currently on a run's page or on a compare page that includes the run. */
export const watchersEvent = z.object({ runId, users: z.array(watcher) });
export type WatchersEvent = z.infer<typeof watchersEvent>;

/** A review comment as the API returns it. */
export const commentPayload = z.object({
  id: z.uuid(),
  runId,
  /** The thread's root comment; null for a root. */
  parentId: z.uuid().nullable(),
  author: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** Markdown; empty for a deleted comment kept for its replies. */
  body: z.string(),
  anchor: z.object({ key: metricKey, fromStep: z.number().nullable(), toStep: z.number().nullable() }).nullable(),
  mentions: z.array(z.object({ id: z.string(), name: z.string() })),
  resolvedAt: z.string().nullable(),
  resolvedBy: z.object({ id: z.string(), name: z.string() }).nullable(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
  createdAt: z.string(),
});
export type CommentPayload = z.infer<typeof commentPayload>;

/** A comment was created, edited, resolved or reopened, or deleted. */
export const commentEvent = z.object({
  runId,
  action: z.enum(["created", "updated", "deleted"]),
  comment: commentPayload,
});
export type CommentEvent = z.infer<typeof commentEvent>;

/**
 * Points of this run were dropped for this connection while it was too slow to keep up;
 * reload the run's history over REST and keep applying live points (dedup by step).
 */
export const resyncEvent = z.object({ runId });
export type ResyncEvent = z.infer<typeof resyncEvent>;

export interface ServerToClientEvents {
  points: (event: PointsEvent) => void;
  resync: (event: ResyncEvent) => void;
  run: (event: RunEvent) => void;
  watchers: (event: WatchersEvent) => void;
  comment: (event: CommentEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: SubscribePayload, ack: (answer: Ack) => void) => void;
  unsubscribe: (payload: UnsubscribePayload, ack?: (answer: Ack) => void) => void;
}

/** Server-side schemas of each event, for validating what is sent and received. */
export const serverEventSchemas = { points: pointsEvent, run: runEvent, watchers: watchersEvent, comment: commentEvent, resync: resyncEvent } as const;
export const clientEventSchemas = { subscribe: subscribePayload, unsubscribe: unsubscribePayload } as const;
