"use client";

import { getLiveSocket } from "@/app/_live/live-socket";
import { api, errorMessage } from "@/app/_lib/api";
import type { UpdateCommentInput } from "@/lib/comments/comment-input";
import type { CreateNotebookCommentInput } from "@/lib/comments/notebook-comment-input";
import { upsertComment } from "@/lib/comments/threads";
import { notebookCommentEvent, type NotebookCommentPayload } from "@/lib/protocol/live";

export interface NotebookCommentsSnapshot {
  status: "loading" | "ready" | "error";
  error: string | null;
  comments: readonly NotebookCommentPayload[];
}

const LOADING: NotebookCommentsSnapshot = { status: "loading", error: null, comments: [] };
const ACK_TIMEOUT_MS = 5_000;

/**
 * One notebook page's comments in the browser: loaded from the API, kept current by the live
 * socket's `comment` events for the notebook (it subscribes with `subscribeNotebook`), and
 * reloaded after a reconnect since events may have been missed.
 */
export class NotebookCommentsStore {
  private snapshot: NotebookCommentsSnapshot = LOADING;
  private readonly listeners = new Set<() => void>();
  private detach: (() => void) | null = null;
  private loads = 0;

  constructor(readonly notebookId: string) {}

  readonly getSnapshot = (): NotebookCommentsSnapshot => this.snapshot;
  readonly getServerSnapshot = (): NotebookCommentsSnapshot => LOADING;

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

  /** Fetches the page's comments again; the list stays on screen while it loads. */
  readonly reload = (): void => {
    const load = ++this.loads;
    if (this.snapshot.status === "error") this.set({ status: "loading", error: null });
    api<{ comments: NotebookCommentPayload[] }>(`/notebooks/${this.notebookId}/comments`).then(
      ({ comments }) => {
        if (load === this.loads) this.set({ status: "ready", error: null, comments });
      },
      (error: unknown) => {
        if (load === this.loads) this.set({ status: "error", error: errorMessage(error) });
      },
    );
  };

  async create(input: CreateNotebookCommentInput): Promise<NotebookCommentPayload> {
    const comment = await api<NotebookCommentPayload>(`/notebooks/${this.notebookId}/comments`, { body: input });
    this.apply(comment);
    return comment;
  }

  async update(id: string, input: UpdateCommentInput): Promise<NotebookCommentPayload> {
    const comment = await api<NotebookCommentPayload>(`/comments/${id}`, { method: "PATCH", body: input });
    this.apply(comment);
    return comment;
  }

  async remove(comment: NotebookCommentPayload): Promise<void> {
    await api(`/comments/${comment.id}`, { method: "DELETE" });
    this.apply({ ...comment, deleted: true, body: "", author: null, mentions: [] });
  }

  private apply(comment: NotebookCommentPayload): void {
    this.set({ comments: upsertComment(this.snapshot.comments, comment) });
  }

  private attach(): void {
    const socket = getLiveSocket();
    // Subscribe first, then load: a comment made in between is in the load, the events or both.
    const joinThenLoad = () => {
      socket.timeout(ACK_TIMEOUT_MS).emit("subscribeNotebook", { notebookId: this.notebookId }, () => {
        // Refused or unanswered, the load still shows the comments, only not live.
        this.reload();
      });
    };
    const onComment = (event: unknown) => {
      const parsed = notebookCommentEvent.safeParse(event);
      if (parsed.success && parsed.data.notebookId === this.notebookId) this.apply(parsed.data.comment);
    };
    // Subscriptions do not survive a reconnect, and events may have been missed meanwhile.
    socket.on("comment", onComment);
    socket.on("connect", joinThenLoad);
    if (socket.connected) joinThenLoad();
    else this.reload();
    this.detach = () => {
      socket.off("comment", onComment);
      socket.off("connect", joinThenLoad);
      if (socket.connected) socket.emit("unsubscribeNotebook", { notebookId: this.notebookId });
    };
  }

  private set(patch: Partial<NotebookCommentsSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...patch };
    for (const listener of this.listeners) listener();
  }
}
