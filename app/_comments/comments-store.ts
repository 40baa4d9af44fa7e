"use client";

import { getLiveSocket } from "@/app/_live/live-socket";
import { api, errorMessage } from "@/app/_lib/api";
import type { CreateCommentInput, UpdateCommentInput } from "@/lib/comments/comment-input";
import { upsertComment } from "@/lib/comments/threads";
import { commentEvent, type CommentPayload } from "@/lib/protocol/live";

export interface CommentsSnapshot {
  status: "loading" | "ready" | "error";
  error: string | null;
  comments: readonly CommentPayload[];
  /** The latest request to show a thread; `seq` tells a repeated request for the same thread apart. */
  focus: { id: string; seq: number } | null;
}

/** The wire form of a new comment: the anchor's step range may be left out. */
export type NewComment = Omit<CreateCommentInput, "anchor"> & { anchor?: { key: string; fromStep?: number | null; toStep?: number | null } | null };

const LOADING: CommentsSnapshot = { status: "loading", error: null, comments: [], focus: null };

/**
 * One run's comments in the browser, shared by every component of the page that shows them:
 * loaded once from the API, kept current by the live socket's `comment` events (the run page
 * subscribes to the run), and reloaded after a reconnect since events may have been missed.
 */
export class CommentsStore {
  private snapshot: CommentsSnapshot = LOADING;
  private readonly listeners = new Set<() => void>();
  private detach: (() => void) | null = null;
  private loads = 0;
  private focusSeq = 0;

  constructor(readonly runId: string) {}

  readonly getSnapshot = (): CommentsSnapshot => this.snapshot;
  readonly getServerSnapshot = (): CommentsSnapshot => LOADING;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.attach();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) {
        this.detach?.();
        this.detach = null;
      }
    };
  };

  /** Fetches the run's comments again; the list stays on screen while it loads. */
  readonly reload = (): void => {
    const load = ++this.loads;
    if (this.snapshot.status === "error") this.set({ status: "loading", error: null });
    api<{ comments: CommentPayload[] }>(`/runs/${this.runId}/comments`).then(
      ({ comments }) => {
        if (load === this.loads) this.set({ status: "ready", error: null, comments });
      },
      (error: unknown) => {
        if (load === this.loads) this.set({ status: "error", error: errorMessage(error) });
      },
    );
  };

  /** Asks the comments panel to open, expand and scroll to a thread. */
  readonly focusThread = (id: string): void => {
    this.set({ focus: { id, seq: ++this.focusSeq } });
  };

  async create(input: NewComment): Promise<CommentPayload> {
    const comment = await api<CommentPayload>(`/runs/${this.runId}/comments`, { body: input });
    this.apply(comment);
    return comment;
  }

  async update(id: string, input: UpdateCommentInput): Promise<CommentPayload> {
    const comment = await api<CommentPayload>(`/comments/${id}`, { method: "PATCH", body: input });
    this.apply(comment);
    return comment;
  }

  async remove(comment: CommentPayload): Promise<void> {
    await api(`/comments/${comment.id}`, { method: "DELETE" });
    this.apply({ ...comment, deleted: true, body: "", author: null, mentions: [] });
  }

  private apply(comment: CommentPayload): void {
    this.set({ comments: upsertComment(this.snapshot.comments, comment) });
  }

  private attach(): void {
    const socket = getLiveSocket();
    const onComment = (event: unknown) => {
      const parsed = commentEvent.safeParse(event);
      if (parsed.success && parsed.data.runId === this.runId) this.apply(parsed.data.comment);
    };
    // The first connect is covered by the load below; later ones follow an outage.
    let connectedBefore = socket.connected;
    const onConnect = () => {
      if (connectedBefore) this.reload();
      connectedBefore = true;
    };
    socket.on("comment", onComment);
    socket.on("connect", onConnect);
    this.detach = () => {
      socket.off("comment", onComment);
      socket.off("connect", onConnect);
    };
    this.reload();
  }

  private set(patch: Partial<CommentsSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}

const stores = new Map<string, CommentsStore>();

/** The page's one store for a run's comments. */
export function commentsStore(runId: string): CommentsStore {
  let store = stores.get(runId);
  if (!store) {
    store = new CommentsStore(runId);
    stores.set(runId, store);
  }
  return store;
}
