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
/** Everyone on a notebook page: its `comment` events. */
export const notebookRoom = (notebookId: string) => `notebook:${notebookId}`;
/** Subscribers who want the points of every key of a run. */
export const allKeysRoom = (runId: string) => `points:${runId}`;
/** Subscribers who asked for some keys only: one room per key. */
export const keyRoom = (runId: string, key: string) => `points:${runId}:${key}`;

const runId = z.uuid("must be a run id");
const notebookId = z.uuid("must be a notebook id");

// ── Client → server ──────────────────────────────────────────────────────────────────

export const subscribePayload = z.object({
  runId,
  /** Only these metric keys; all keys when absent. */
  keys: z.array(metricKey).max(1_000, "must list at most 1000 keys").optional(),
});
export type SubscribePayload = z.infer<typeof subscribePayload>;

export const unsubscribePayload = z.object({ runId });
export type UnsubscribePayload = z.infer<typeof unsubscribePayload>;

/** Follow a notebook page's comments (viewer or above); `unsubscribeNotebook` stops. */
export const notebookSubscriptionPayload = z.object({ notebookId });
export type NotebookSubscriptionPayload = z.infer<typeof notebookSubscriptionPayload>;

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

const person = z.object({ id: z.string(), name: z.string() });

/** What every comment shows, whatever it is about. */
const commentFields = {
  id: z.uuid(),
  /** The thread's root comment; null for a root. */
  parentId: z.uuid().nullable(),
  author: person.nullable(),
  /** Markdown; empty for a deleted comment kept for its replies. */
  body: z.string(),
  mentions: z.array(person),
  resolvedAt: z.string().nullable(),
  resolvedBy: person.nullable(),
  editedAt: z.string().nullable(),
  deleted: z.boolean(),
  createdAt: z.string(),
};

/** A review comment on a run as the API returns it. */
export const commentPayload = z.object({
  ...commentFields,
  runId,
  anchor: z.object({ key: metricKey, fromStep: z.number().nullable(), toStep: z.number().nullable() }).nullable(),
});
export type CommentPayload = z.infer<typeof commentPayload>;

/** A stretch of a notebook page's text: two base64 `Y.encodeRelativePosition`s in its `default` fragment. */
export const textAnchor = z.object({ from: z.string(), to: z.string() });
export type TextAnchor = z.infer<typeof textAnchor>;

/** A comment on a notebook page as the API returns it; only a thread's root carries an anchor and quote. */
export const notebookCommentPayload = z.object({
  ...commentFields,
  notebookId,
  anchor: textAnchor.nullable(),
  /** The text selected when the thread began. */
  quote: z.string().nullable(),
  /** The anchored text is gone from the page (the server saw it last); the thread stays. */
  orphaned: z.boolean(),
});
export type NotebookCommentPayload = z.infer<typeof notebookCommentPayload>;

/** Any comment, on a run or a notebook page. */
export type AnyCommentPayload = CommentPayload | NotebookCommentPayload;

const commentAction = z.enum(["created", "updated", "deleted"]);

/** A comment on a run was created, edited, resolved or reopened, or deleted. */
export const commentEvent = z.object({ runId, action: commentAction, comment: commentPayload });
export type CommentEvent = z.infer<typeof commentEvent>;

/** The same for a comment on a notebook page; sent to the notebook's subscribers. */
export const notebookCommentEvent = z.object({ notebookId, action: commentAction, comment: notebookCommentPayload });
export type NotebookCommentEvent = z.infer<typeof notebookCommentEvent>;

/** Either comment event; both travel as `comment`, told apart by `runId` or `notebookId`. */
export const anyCommentEvent = z.union([commentEvent, notebookCommentEvent]);
export type AnyCommentEvent = z.infer<typeof anyCommentEvent>;

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
  comment: (event: AnyCommentEvent) => void;
}

export interface ClientToServerEvents {
  subscribe: (payload: SubscribePayload, ack: (answer: Ack) => void) => void;
  unsubscribe: (payload: UnsubscribePayload, ack?: (answer: Ack) => void) => void;
  subscribeNotebook: (payload: NotebookSubscriptionPayload, ack: (answer: Ack) => void) => void;
  unsubscribeNotebook: (payload: NotebookSubscriptionPayload, ack?: (answer: Ack) => void) => void;
}

/** Server-side schemas of each event, for validating what is sent and received. */
export const serverEventSchemas = { points: pointsEvent, run: runEvent, watchers: watchersEvent, comment: anyCommentEvent, resync: resyncEvent } as const;
export const clientEventSchemas = {
  subscribe: subscribePayload,
  unsubscribe: unsubscribePayload,
  subscribeNotebook: notebookSubscriptionPayload,
  unsubscribeNotebook: notebookSubscriptionPayload,
} as const;
