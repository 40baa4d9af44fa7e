"use client";

import { useMemo, useSyncExternalStore } from "react";
import { buildThreads, commentRegions, type CommentRegion, type CommentThread } from "@/lib/comments/threads";
import { commentsStore } from "./comments-store";

export type { CommentRegion, CommentThread };

export interface RunComments {
  status: "loading" | "ready" | "error";
  /** The API's message when loading failed. */
  error: string | null;
  /** Newest thread first; resolved ones included (`thread.resolved`). */
  threads: CommentThread[];
  /** Threads anchored to a step range, to shade on the charts of `region.key`. */
  regions: CommentRegion[];
  /** Opens, expands and scrolls to a thread in <RunComments>; pass it as a chart's onRegionClick. */
  focusThread: (id: string) => void;
  reload: () => void;
}

/**
 * A run's comment threads, live. Every caller on the page shares one load and one socket
 * listener, so the charts and <RunComments> may each call it.
 */
export function useRunComments(runId: string): RunComments {
  const store = commentsStore(runId);
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot, store.getServerSnapshot);
  const threads = useMemo(() => buildThreads(snapshot.comments), [snapshot.comments]);
  const regions = useMemo(() => commentRegions(threads), [threads]);
  return { status: snapshot.status, error: snapshot.error, threads, regions, focusThread: store.focusThread, reload: store.reload };
}
