import type { DocBusEvent } from "@/lib/protocol/collab";
import type { AnyCommentEvent, PointsEvent, RunEvent } from "@/lib/protocol/live";

/** What one part of the server tells the others: after a commit, never before. */
export type BusMessage =
  | { type: "points"; event: PointsEvent; /** Epoch ms of the commit, for latency figures. */ committedAt: number }
  | { type: "run"; event: RunEvent }
  | { type: "comment"; event: AnyCommentEvent }
  /** Notebook sync between server processes; relayed as it happens, its origin process persists it. */
  | { type: "doc"; event: DocBusEvent };

/**
 * Process-wide publish/subscribe: in-process by default, Redis pub/sub when `REDIS_URL` is
 * set so several server processes hear each other. Publishing never throws or blocks the
 * caller; a lost message is recovered by clients from the REST history.
 */
export interface Bus {
  publish(message: BusMessage): void;
  /** Returns a function that unsubscribes. */
  subscribe(handler: (message: BusMessage) => void): () => void;
  close(): Promise<void>;
}
