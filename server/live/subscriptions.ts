import { authorizeRun } from "@/lib/access/authorize-run";
import { invalid } from "@/lib/errors";
import { authorizeNotebook } from "@/lib/notebooks/authorize-notebook";
import {
  allKeysRoom,
  keyRoom,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  notebookRoom,
  notebookSubscriptionPayload,
  runRoom,
  subscribePayload,
  unsubscribePayload,
  type Ack,
} from "@/lib/protocol/live";
import type { Services } from "@/lib/runtime";
import type { z } from "zod";
import { errorAck } from "./errors";
import type { Presence } from "./presence";
import type { LiveSocket } from "./types";

type Reply = (answer: Ack) => void;
const OK: Ack = { ok: true };

/** A client may leave out the acknowledgement callback; answers then go nowhere. */
const replyOf = (ack: unknown): Reply => (typeof ack === "function" ? (answer) => void (ack as Reply)(answer) : () => undefined);

function parse<T extends z.ZodType>(schema: T, payload: unknown): z.infer<T> {
  const parsed = schema.safeParse(payload);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw invalid(`Invalid payload — ${where}${issue?.message ?? "malformed"}.`, parsed.error);
}

/** The rooms a subscription joins: the run's, and its points (every key, or the listed ones). */
function roomsOf(runId: string, keys: readonly string[] | undefined): string[] {
  return [runRoom(runId), ...(keys ? keys.map((k) => keyRoom(runId, k)) : [allKeysRoom(runId)])];
}

/** What one connection follows, for the periodic access re-check. */
export interface SocketSubscriptions {
  runs(): string[];
  notebooks(): string[];
  /** Stops delivering a run (access to it was lost). */
  dropRun(runId: string): void;
  dropNotebook(notebookId: string): void;
}

/**
 * `subscribe {runId, keys?}` and `unsubscribe {runId}`, `subscribeNotebook {notebookId}` and
 * `unsubscribeNotebook {notebookId}` for one connection: each payload is validated, each
 * subscription authorized (viewer or above on the run's or notebook's workspace).
 */
export function handleSubscriptions(services: Services, presence: Presence, socket: LiveSocket): SocketSubscriptions {
  /** Rooms joined per subscribed run. */
  const subscribed = new Map<string, string[]>();

  const leave = (runId: string) => {
    for (const room of subscribed.get(runId) ?? []) void socket.leave(room);
    subscribed.delete(runId);
  };

  socket.on("subscribe", (payload: unknown, ack: unknown) => {
    const reply = replyOf(ack);
    const subscribe = async () => {
      const { runId, keys } = parse(subscribePayload, payload);
      if (!subscribed.has(runId) && subscribed.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        throw invalid(`A connection may follow at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} runs; unsubscribe from some first.`);
      }
      await authorizeRun(services.database.db, { userId: socket.data.user.id, runId, min: "viewer" });
      if (!socket.connected) return;
      const rooms = roomsOf(runId, keys && [...new Set(keys)]);
      for (const room of subscribed.get(runId) ?? []) if (!rooms.includes(room)) void socket.leave(room);
      void socket.join(rooms);
      subscribed.set(runId, rooms);
      reply(OK);
      presence.joined(runId, socket);
    };
    subscribe().catch((error: unknown) => reply(errorAck(error, "subscribe failed")));
  });

  socket.on("unsubscribe", (payload: unknown, ack: unknown) => {
    const reply = replyOf(ack);
    try {
      const { runId } = parse(unsubscribePayload, payload);
      const was = subscribed.has(runId);
      leave(runId);
      reply(OK);
      if (was) presence.left(runId);
    } catch (error) {
      reply(errorAck(error, "unsubscribe failed"));
    }
  });

  /** Notebooks whose comments this connection hears. */
  const notebooks = new Set<string>();

  socket.on("subscribeNotebook", (payload: unknown, ack: unknown) => {
    const reply = replyOf(ack);
    const subscribe = async () => {
      const { notebookId } = parse(notebookSubscriptionPayload, payload);
      if (!notebooks.has(notebookId) && notebooks.size >= MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        throw invalid(`A connection may follow at most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} notebooks; unsubscribe from some first.`);
      }
      await authorizeNotebook(services.database.db, { userId: socket.data.user.id, notebookId, min: "viewer" });
      if (!socket.connected) return;
      void socket.join(notebookRoom(notebookId));
      notebooks.add(notebookId);
      reply(OK);
    };
    subscribe().catch((error: unknown) => reply(errorAck(error, "subscribeNotebook failed")));
  });

  socket.on("unsubscribeNotebook", (payload: unknown, ack: unknown) => {
    const reply = replyOf(ack);
    try {
      const { notebookId } = parse(notebookSubscriptionPayload, payload);
      void socket.leave(notebookRoom(notebookId));
      notebooks.delete(notebookId);
      reply(OK);
    } catch (error) {
      reply(errorAck(error, "unsubscribeNotebook failed"));
    }
  });

  socket.on("disconnect", () => {
    // socket.io has already taken the connection out of its rooms.
    for (const runId of subscribed.keys()) presence.left(runId);
    subscribed.clear();
    notebooks.clear();
  });

  return {
    runs: () => [...subscribed.keys()],
    notebooks: () => [...notebooks],
    dropRun(runId) {
      if (!subscribed.has(runId)) return;
      leave(runId);
      presence.left(runId);
    },
    dropNotebook(notebookId) {
      void socket.leave(notebookRoom(notebookId));
      notebooks.delete(notebookId);
    },
  };
}
